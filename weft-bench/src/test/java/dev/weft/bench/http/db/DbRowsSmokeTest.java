package dev.weft.bench.http.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.bench.Registry;
import dev.weft.bench.Row;
import dev.weft.bench.Runner;
import dev.weft.bench.Workload;
import dev.weft.bench.http.Wrk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code --quick} smoke of H4-H6: every server (weft-service on SQLite and on the harness's embedded
 * PostgreSQL, Vert.x with its pg client, Helidon with JDBC) starts in its own JVM, passes the TechEmpower
 * sample-response check, and serves 1 s of wrk load (H4, H5) or one 1 s step of the constant-rate generator at
 * 200 req/s with a Bearer key (H6) without any error; plus the pinned H4 row of weft-poll-pg for the taskset path.
 * No figure is asserted.
 */
@Tag("long") // server JVMs, PostgreSQL and wrk: the long layer only
class DbRowsSmokeTest {

    @TestFactory
    Stream<DynamicTest> everyServer_quickRun_answersCorrectlyUnderLoad() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);
        Optional<java.nio.file.Path> wrk = Wrk.locate(progress);
        assumeTrue(wrk.isPresent(), () -> "HTTP rows skipped: " + Wrk.missingReason());
        Runner runner = new Runner(0, 1, progress);
        return Registry.standard().all().stream()
                .filter(e -> e.workload().isDbHttp() && !e.isNa())
                .filter(e -> !e.workload().isPinned()
                        || (e.workload() == Workload.H4_PINNED && e.impl().equals("weft-poll-pg")))
                .map(e -> DynamicTest.dynamicTest(e.workload().id() + " " + e.impl(), () -> {
                    Row row = runner.run(e, e.workload().scaledSize(100)); // --quick: 1 s
                    assertThat(row.status()).as(row.notes() + "\n" + log.toString(StandardCharsets.UTF_8))
                            .isEqualTo(Row.Status.OK);
                    assertThat(row.throughput()).isPositive();
                    assertThat(row.notes()).contains("errors 0").contains("p50=").contains("p99=")
                            .contains("server RSS=").contains("SMOKE");
                    assertThat(row.tsv()).startsWith(e.workload().id() + "\t" + e.impl() + "\t");
                }));
    }

    @Test
    void h6_peers_areNaWithTheReason() {
        var na = Registry.standard().all().stream()
                .filter(e -> e.workload() == Workload.H6 && e.isNa()).toList();
        assertThat(na).extracting(Registry.Entry::impl)
                .containsExactlyInAnyOrder("vertx-pgclient", "helidon-jdbc", "weft-poll-pg-jdbc");
        assertThat(na).filteredOn(e -> !e.impl().startsWith("weft"))
                .allSatisfy(e -> assertThat(e.naReason()).contains("TechEmpower endpoints only"));
        assertThat(na).filteredOn(e -> e.impl().equals("weft-poll-pg-jdbc"))
                .allSatisfy(e -> assertThat(e.naReason()).contains("runs on JDBC with either --pg-client"));
    }
}
