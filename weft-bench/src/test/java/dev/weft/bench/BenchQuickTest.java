package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every registered (workload, impl) pair once at a tiny size (sizes / 1000: e.g. W1 1,000 tasks, W3 10,000
 * messages, W11 one connection of 1,000 round trips over loopback TCP) and asserts that its self-check passed.
 * W11 is included: it needs only the loopback interface, which every CI machine has. W6 and W13 sleep up to
 * 1 s per implementation by design. No timing is asserted. The {@code tokio} rows build their Rust peer on first
 * use (about 30 s) and are skipped, with the reason, where it cannot be built.
 */
class BenchQuickTest {
    static final long DIVISOR = 1000;

    @Tag("long") // runs the harness (every workload, or child JVMs): the `long` layer, run by .ci/run
    @TestFactory
    Stream<DynamicTest> everyRegisteredPair_atTinySize_passesItsSelfCheck() {
        Registry registry = Registry.standard();
        Runner runner = new Runner(0, 1, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // the HTTP rows need wrk and a server JVM each: HttpRowSmokeTest runs them
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return registry.all().stream().filter(e -> !e.workload().isHttp()).map(e -> DynamicTest.dynamicTest(e.workload().id() + " " + e.impl(), () -> {
            if (!e.isNa()) {
                // a native peer (tokio) that cannot be built here (no cargo; crates missing and not root)
                Optional<String> unavailable = e.implementation().unavailable(quiet);
                assumeTrue(unavailable.isEmpty(), () -> e.impl() + " skipped: " + unavailable.orElseThrow());
            }
            Row row = runner.run(e, e.workload().scaledSize(DIVISOR));
            if (e.isNa()) {
                assertThat(row.status()).isEqualTo(Row.Status.NA);
                assertThat(row.notes()).as("an NA row says why").isNotBlank();
                assertThat(row.tsv()).contains("\tNA\t");
            } else {
                assertThat(row.status()).as(row.notes()).isEqualTo(Row.Status.OK);
                assertThat(row.medianMs()).isPositive();
                if (e.workload().metricIsThroughput()) {
                    // W7's figure is the RSS growth per idle task. At 1/1000 of its size (1,000 tasks) the child
                    // JVM's own RSS moves by more than the tasks use (a GC handing pages back can make the growth
                    // negative: -57 B/task once for vthreads), so here it must only be a number; the full-size
                    // runs and ConnScaleTest check the memory figures.
                    assertThat(row.throughput()).as(row.notes()).isFinite();
                } else {
                    assertThat(row.throughput()).isGreaterThanOrEqualTo(0);
                }
            }
        }));
    }

    @Test
    void registry_coversEveryWorkloadWithAPeerRowOrAnNaReason() {
        Registry registry = Registry.standard();
        for (Workload w : Workload.values()) {
            assertThat(registry.entries(w)).as(w.id()).anyMatch(e -> !e.isNa());
        }
        assertThat(registry.entries(Workload.W14)).extracting(Registry.Entry::impl).contains("jdkstream");
    }

    @Test
    void unavailableImplementation_isAnNaRowWithTheReason_andIsNeverSetUp() {
        boolean[] setUp = {false};
        WorkloadImpl missing = new WorkloadImpl() {
            @Override public Workload workload() { return Workload.W1; }
            @Override public String impl() { return "native"; }
            @Override public Outcome run(long size) { return Outcome.of(Workload.W1.expected(size)); }
            @Override public Optional<String> unavailable(PrintStream progress) {
                return Optional.of("cargo is not installed");
            }
            @Override public void setUp() { setUp[0] = true; }
        };
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Runner runner = new Runner(0, 1, new PrintStream(log, true, StandardCharsets.UTF_8));
        Row row = runner.run(new Registry().add(missing).entries(Workload.W1).get(0), 1000);
        assertThat(row.status()).isEqualTo(Row.Status.NA);
        assertThat(row.notes()).isEqualTo("skipped: cargo is not installed");
        assertThat(row.tsv()).startsWith("W1_spawn_join\tnative\tNA\t");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("SKIPPED W1_spawn_join native: cargo is not installed");
        assertThat(setUp[0]).as("setUp of an unavailable implementation").isFalse();
    }

    @Test
    void selfCheck_wrongResult_failsLoudlyAsAFailRow() {
        Registry r = new Registry().add(Workload.W1, "broken", "", n -> Outcome.of(42));
        Runner runner = new Runner(0, 1, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Row row = runner.run(r.entries(Workload.W1).get(0), 1000);
        assertThat(row.status()).isEqualTo(Row.Status.FAIL);
        assertThat(row.notes()).contains("result 42").contains("expected: 499500");
        assertThat(row.tsv()).startsWith("W1_spawn_join\tbroken\tFAIL\t");
    }

    @Tag("long") // runs the harness (every workload, or child JVMs): the `long` layer, run by .ci/run
    @Test
    void isolatedRunner_w7_runsEachRoundInAFreshJvmAndReportsBytesPerTask() {
        Registry r = Registry.standard();
        Registry.Entry vthreads = r.entries(Workload.W7).stream().filter(e -> e.impl().equals("vthreads"))
                .findFirst().orElseThrow();
        Runner runner = new Runner(2, 1, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                true);
        Row row = runner.run(vthreads, 1000);
        assertThat(row.status()).as(row.notes()).isEqualTo(Row.Status.OK);
        assertThat(row.notes()).contains("fresh JVM").contains("heap delta after GC=");
        assertThat(Double.isNaN(row.throughput())).isFalse();
    }

    @Test
    void w14Expected_matchesBruteForce() {
        for (long n : new long[] {1, 2, 3, 4, 10, 1000, 12_345}) {
            long brute = LongStream.range(0, n).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum();
            assertThat(Workload.W14.expected(n)).as("n=%d", n).isEqualTo(brute);
        }
    }

    @Test
    void run_writesTsvRowsHtmlChartAndRatioTable(@TempDir Path dir) throws Exception {
        Registry r = new Registry()
                .add(Workload.W14, "weft-poll", "fake weft row", n -> Outcome.of(Workload.W14.expected(n)))
                .add(Workload.W14, "jdkstream", "", n -> Outcome.of(Workload.W14.expected(n)))
                .na(Workload.W14, "reactor", "because");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Bench.Options o = new Bench.Options(EnumSet.of(Workload.W14), Set.of(), 1000, 0, 3, 60, dir, true, false);
        List<Row> rows = Bench.run(r, o, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rows).extracting(Row::impl).containsExactly("weft-poll", "reactor", "jdkstream");
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(stdout.lines()).hasSize(3).allMatch(l -> l.split("\t", -1).length == 6);
        assertThat(stdout).contains("W14_stream_pipeline\treactor\tNA\tNA\titem\tbecause");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(" of jdkstream").contains("best peer");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> written = files.toList();
            assertThat(written).hasSize(3);
            Path html = written.stream().filter(p -> p.toString().endsWith(".html")).findFirst().orElseThrow();
            Path tsv = written.stream().filter(p -> p.toString().endsWith(".tsv")).findFirst().orElseThrow();
            assertThat(Files.readString(html)).contains("<svg").contains("<rect").contains("W14_stream_pipeline")
                    .contains("relative to the best peer");
            assertThat(Files.readAllLines(tsv)).hasSize(4).first().isEqualTo(Row.HEADER);
            RunInfo info = RunInfo.readSidecar(tsv).orElseThrow();
            assertThat(info.get("jdk")).contains(System.getProperty("java.runtime.version"));
            assertThat(info.get("harness")).startsWith("0 warm-up + 3 counted rounds");
        }
    }
}
