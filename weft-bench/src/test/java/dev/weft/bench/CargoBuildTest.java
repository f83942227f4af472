package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A native peer that cannot be built says why, once, and is never half-built. */
class CargoBuildTest {

    @Test
    void missingSources_noBinary_andTheReasonNamesThePeerAndWhatIsMissing() {
        CargoBuild build = new CargoBuild("no-such-peer", CargoBuildTest.class, List.of(), List.of());
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(build.missingReason()).as("before it was asked").isNull();

        assertThat(build.binary(quiet)).isEmpty();

        // with a Rust toolchain the sources are what is missing; without one, the toolchain
        assertThat(build.missingReason()).startsWith("no-such-peer: ")
                .satisfiesAnyOf(r -> assertThat(r).contains("resource no-such-peer/Cargo.toml"),
                        r -> assertThat(r).contains("cargo is not installed"));
        assertThat(build.binary(quiet)).as("tried once per JVM").isEmpty();
    }
}
