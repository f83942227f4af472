package dev.weft.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.bench.CargoBuild;
import dev.weft.bench.Registry;
import dev.weft.bench.Row;
import dev.weft.bench.Runner;
import dev.weft.bench.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code --quick} smoke of every HTTP row (H1-H3 x every server, plus the pinned H2 row of weft-poll for the
 * taskset path): each server JVM starts, passes the sample-response check (headers, exact body, 16 pipelined),
 * and serves 1 s of wrk load (16 connections) without a socket error or a non-2xx response. No figure is
 * asserted. Skipped, with wrk's reason, where wrk is missing and cannot be installed (not root); the hyper rows
 * also with the hyper peer's reason ({@link dev.weft.bench.CargoBuild}) where the Rust peer cannot be built (no cargo, or its crates missing and not
 * root). Where it can, the first hyper row builds it (about 30 s).
 */
@Tag("long") // a server JVM and wrk per row: the long layer only
class HttpRowSmokeTest {

    @TestFactory
    Stream<DynamicTest> everyServer_quickRun_answersCorrectlyUnderWrk() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);
        Optional<java.nio.file.Path> wrk = Wrk.locate(progress);
        assumeTrue(wrk.isPresent(), () -> "HTTP rows skipped: " + Wrk.missingReason());
        Registry registry = Registry.standard();
        Runner runner = new Runner(0, 1, progress);
        return registry.all().stream()
                .filter(e -> e.workload().isHttp() && !e.workload().isDbHttp()) // H4-H6: DbRowsSmokeTest
                .filter(e -> !e.workload().isPinned() || (e.workload() == Workload.H2_PINNED && e.impl().equals("weft-poll")))
                .map(e -> DynamicTest.dynamicTest(e.workload().id() + " " + e.impl(), () -> {
                    if (e.impl().equals(HttpImpl.HYPER.impl())) {
                        CargoBuild hyper = HttpImpl.HYPER.nativeBuild().orElseThrow();
                        assumeTrue(hyper.binary(progress).isPresent(),
                                () -> "hyper rows skipped: " + hyper.missingReason());
                    }
                    Row row = runner.run(e, e.workload().scaledSize(100)); // --quick: 1 s
                    assertThat(row.status()).as(row.notes() + "\n" + log.toString(StandardCharsets.UTF_8))
                            .isEqualTo(Row.Status.OK);
                    assertThat(row.throughput()).isPositive();
                    assertThat(row.notes()).contains("errors 0").contains("p50=").contains("p99=")
                            .contains("server RSS=").contains("SMOKE");
                    assertThat(row.tsv()).startsWith(e.workload().id() + "\t" + e.impl() + "\t");
                }));
    }
}
