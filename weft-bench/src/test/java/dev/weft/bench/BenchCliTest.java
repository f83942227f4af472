package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The harness's command line: help, defaults and misuse messages (no workload runs here). */
class BenchCliTest {

    @Test
    void main_help_printsUsageAndNoStackTrace() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Bench.main(new String[] {"--help"});
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("usage: ./weft bench").contains("--out DIR").contains("--jmh")
                .contains("--conn-scale").doesNotContain("Exception");
    }

    @Test
    void parse_noOut_writesUnderTheIgnoredBuildFolder() {
        assertThat(Bench.parse(new String[] {"W1"}).outDir()).isEqualTo(Path.of("target", "bench-results"));
        assertThat(Bench.parse(new String[] {"W1", "--out", "/tmp/x"}).outDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void parse_unknownOptionOrMissingValue_failsNamingIt() {
        assertThatThrownBy(() -> Bench.parse(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option: --bogus")
                .hasMessageContaining("--help");
        assertThatThrownBy(() -> Bench.parse(new String[] {"--out"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--out: missing value");
        assertThatThrownBy(() -> Bench.parse(new String[] {"W99"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workload: W99");
    }
}
