package dev.weft.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The workload harness's entry point: {@code ./weft bench [W1 W3 ...] [--impl a,b] [--quick] [--rounds n]} runs
 * the workloads of shared/WORKLOADS.md for every registered implementation, prints one TSV row per pair on
 * stdout, progress and a summary table on stderr, and writes {@code target/bench-results/<yyyy-MM-dd-HHmm>.tsv},
 * {@code .run.properties} (the machine, JDK, flags and commit: {@link RunInfo}) and {@code .html} (the page:
 * {@link BenchPage}) (an ignored build folder; the committed {@code bench-results/} holds only the runs the README
 * quotes, copied there by hand). {@code --jmh [PATTERN] [jmh options]} runs the JMH benchmarks instead.
 *
 * <p>Other options: {@code --warmups n} (default 2), {@code --scale d} (run every size divided by d),
 * {@code --timeout s} (a row running longer aborts the run with a thread dump, keeping the TSV of the rows
 * measured before it; default 600),
 * {@code --out DIR} (default target/bench-results), {@code --list} (print the registered pairs and exit), {@code --no-fork} (run W7 in this JVM instead of a
 * fresh child JVM per round; its RSS delta is then meaningless after the first round).
 * {@code --conn-scale [--connections n] [--clients n] [--timeout s]} runs the connection-scale benchmark
 * ({@link dev.weft.bench.connscale.ConnScale}) instead.
 * {@code --quick} divides sizes by 100 and runs 0 warm-up rounds and 1 counted round unless told otherwise.
 *
 * <p>HTTP rows ({@code H1 H2 H3}, see {@link dev.weft.bench.http.HttpRow}): naming one selects it unpinned and
 * pinned ({@code H1_pinned} selects the pinned row alone); they run a server JVM under wrk for a fixed time, and
 * {@code --quick} turns them into a 1 s, 16-connection smoke. {@code --conn-scale --http} is H7.
 */
public final class Bench {
    private Bench() {}

    /** The parsed command line. */
    public record Options(Set<Workload> workloads, Set<String> impls, long divisor, int warmups, int rounds,
                          long timeoutSeconds, Path outDir, boolean writeFiles, boolean isolate) {
        /** Whether {@code impl} was selected (no --impl selects all). */
        boolean selects(String impl) {
            return impls.isEmpty() || impls.contains(impl);
        }
    }

    /**
     * {@code --render FILE.tsv}: reads rows saved by earlier runs (this harness's TSV format, several runs may be
     * concatenated; rows of other tools writing the same six columns, such as the connection-scale and H7 rows, too)
     * and the run's description from {@code FILE.run.properties} beside it when there is one ({@link RunInfo}),
     * writes the readable table to stderr and {@code FILE.html} (the page, {@link BenchPage}) beside the file.
     */
    static Path render(Path tsv, PrintStream err) throws IOException {
        List<BenchPage.Entry> rows = BenchPage.readTsv(tsv);
        java.util.Optional<RunInfo> info = RunInfo.readSidecar(tsv);
        String name = tsv.getFileName().toString().replaceFirst("\\.tsv$", "");
        Path sidecar = RunInfo.sidecarOf(tsv);
        Report.tableOf(rows, "Rendered from " + tsv, err);
        Path html = tsv.resolveSibling(name + ".html");
        String source = "Rendered by ./weft bench --render from " + tsv.getFileName()
                + (info.isPresent() ? " and " + sidecar.getFileName() + "."
                        : "; there is no " + sidecar.getFileName() + " beside it, so the run's machine, JDK, flags"
                                + " and commit were not recorded.");
        BenchPage.write(rows, "Weft benchmarks: " + name, source, info.orElse(RunInfo.none()), html);
        err.println("wrote " + html + (info.isPresent() ? "" : " (no " + sidecar.getFileName() + ": run not described)"));
        return html;
    }

    /** The default folder of the TSV and HTML files: under the ignored build output of the working directory. */
    static final Path DEFAULT_OUT = Path.of("target", "bench-results");

    /** What {@code ./weft bench --help} prints. */
    static final String USAGE = """
            usage: ./weft bench [W1 W3 ... H1 H2 H3] [options]  the workload harness (every workload when none is named)
                                H1..H3: HTTP servers under wrk, each unpinned and pinned (H2_pinned: pinned only)
              --impl a,b        only these implementations (see --list)
              --quick           sizes / 100, no warm-up, one counted round (HTTP: 1 s, 16 connections)
              --rounds n        counted rounds (default 5)
              --warmups n       warm-up rounds (default 2)
              --scale d         every size divided by d
              --timeout s       a row running longer aborts the run with a thread dump (default 600)
              --out DIR         where the TSV and HTML go (default target/bench-results)
              --no-fork         run W7 in this JVM instead of a fresh JVM per round
              --list            print the registered (workload, implementation) pairs and exit
              --render FILE.tsv re-draw the page of a saved TSV (FILE.html; the run described by
                                FILE.run.properties beside it when there is one)
            ./weft bench --jmh [PATTERN] [JMH options]      the JMH micro benchmarks
            ./weft bench --conn-scale [--connections n] [--clients n] [--impl weft-poll|weft-async] [--timeout s]
                                the connection-scale benchmark (idle loopback connections, heap and RSS per connection)
            ./weft bench --conn-scale --http [...]      H7: idle HTTP keep-alive connections on weft-http's server
            """;

    /** Parses the arguments, runs, and exits non-zero when a row failed. */
    public static void main(String[] args) throws Exception {
        List<String> list = Arrays.asList(args);
        if (list.contains("--help") || list.contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        try {
            dispatch(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    private static void dispatch(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--conn-scale")) {
            dev.weft.bench.connscale.ConnScale.main(
                    Arrays.stream(args).filter(a -> !a.equals("--conn-scale")).toArray(String[]::new));
            return;
        }
        int jmh = Arrays.asList(args).indexOf("--jmh");
        if (jmh >= 0) {
            runJmh(Arrays.copyOfRange(args, jmh + 1, args.length));
            return;
        }
        int render = Arrays.asList(args).indexOf("--render");
        if (render >= 0) {
            render(Path.of(value(args, render + 1, "--render")), System.err);
            return;
        }
        if (Arrays.asList(args).contains("--list")) {
            for (Registry.Entry e : Registry.standard().all()) {
                System.out.println(e.workload().id() + '\t' + e.impl() + (e.isNa() ? "\tNA: " + e.naReason() : ""));
            }
            return;
        }
        Options o = parse(args);
        List<Row> rows = run(Registry.standard(), o, System.out, System.err);
        System.exit(rows.stream().anyMatch(r -> r.status() == Row.Status.FAIL) ? 1 : 0);
    }

    static Options parse(String[] args) {
        Set<Workload> ws = new LinkedHashSet<>();
        Set<String> impls = new LinkedHashSet<>();
        long divisor = 1;
        int warmups = -1, rounds = -1;
        long timeout = 600;
        boolean quick = false;
        boolean isolate = true;
        Path out = DEFAULT_OUT;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--impl" -> impls.addAll(Arrays.asList(value(args, ++i, a).split(",")));
                case "--quick" -> quick = true;
                case "--no-fork" -> isolate = false;
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                case "--warmups" -> warmups = Integer.parseInt(value(args, ++i, a));
                case "--scale" -> divisor = Long.parseLong(value(args, ++i, a));
                case "--timeout" -> timeout = Long.parseLong(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--")) throw new IllegalArgumentException("option: " + a
                            + " (expected: --impl a,b | --quick | --rounds n | --warmups n | --scale d | --timeout s"
                            + " | --out dir | --no-fork | --list | --render file | --jmh [PATTERN] | --conn-scale"
                            + " | --help)");
                    ws.add(Workload.parse(a));
                }
            }
        }
        // naming an HTTP row selects it unpinned and pinned (H1_pinned alone selects the pinned one)
        for (Workload w : List.copyOf(ws)) if (w.isHttp() && !w.isPinned()) ws.add(w.pinned());
        if (quick && divisor == 1) divisor = 100;
        if (warmups < 0) warmups = quick ? 0 : 2;
        if (rounds < 0) rounds = quick ? 1 : 5;
        if (ws.isEmpty()) ws.addAll(Arrays.asList(Workload.values()));
        return new Options(ws, impls, divisor, warmups, rounds, timeout, out, true, isolate);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }

    /** Runs every selected pair of {@code registry}; prints rows to {@code out}, progress and table to {@code err}. */
    public static List<Row> run(Registry registry, Options o, PrintStream out, PrintStream err) throws IOException {
        String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (!"2".equals(parallelism)) {
            err.println("WARNING: -Djdk.virtualThreadScheduler.parallelism=" + parallelism
                    + " (expected: 2; the rules give every implementation exactly 2 worker threads)");
        }
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT));
        RunInfo info = RunInfo.capture(String.format(Locale.ROOT,
                "%d warm-up + %d counted rounds, median; sizes / %d; 2 worker threads per implementation;"
                        + " HTTP rows: see each row's notes", o.warmups(), o.rounds(), o.divisor()));
        err.printf(Locale.ROOT, "weft bench: %s%n  CPU %s; cores %s; memory %s; %s%n  flags: %s%n  commit: %s%n",
                info.get("harness"), info.get("machine.cpu"), info.get("machine.cores"), info.get("machine.memory"),
                info.get("jdk"), info.get("jvm.flags"), info.get("commit"));
        if (o.writeFiles()) info.write(RunInfo.sidecarOf(o.outDir().resolve(started + ".tsv")));
        Runner runner = new Runner(o.warmups(), o.rounds(), err, o.isolate());
        List<Row> rows = new ArrayList<>();
        List<String> coreToCore = new ArrayList<>(); // CoreToCore: the line transfer cost, before each workload
        for (Workload w : Workload.values()) {
            if (!o.workloads().contains(w)) continue;
            String c2c = CoreToCore.describe(CoreToCore.roundTripNanos());
            err.printf(Locale.ROOT, "%s: core-to-core round trip %s%n", w.id(), c2c);
            coreToCore.add("before " + w.id() + " " + c2c);
            for (Registry.Entry e : registry.entries(w)) {
                if (!o.selects(e.impl())) continue;
                long size = w.scaledSize(o.divisor());
                err.printf(Locale.ROOT, "%s %s (n=%d)%n", w.id(), e.impl(), w.normalize(size));
                Row row = withWatchdog(o.timeoutSeconds(), w.id() + " " + e.impl(), err,
                        () -> runner.run(e, size));
                rows.add(row);
                out.println(row.tsv());
                out.flush();
                // rewritten after every row, so that a run the watchdog halts still leaves the rows it measured
                if (o.writeFiles()) Report.writeTsv(rows, o.outDir().resolve(started + ".tsv"));
            }
        }
        if (!coreToCore.isEmpty()) {
            coreToCore.add("after the last row " + CoreToCore.describe(CoreToCore.roundTripNanos()));
            info = info.with("machine.coreToCore", String.join("; ", coreToCore));
            if (o.writeFiles()) info.write(RunInfo.sidecarOf(o.outDir().resolve(started + ".tsv")));
        }
        String header = "Summary (" + started + "; CPU " + info.get("machine.cpu") + "; cores " + info.get("machine.cores")
                + "; " + info.get("jdk") + ")";
        Report.table(rows, header, err);
        if (o.writeFiles()) {
            Path tsv = o.outDir().resolve(started + ".tsv");
            Path html = o.outDir().resolve(started + ".html");
            Report.writeTsv(rows, tsv);
            Report.writeHtml(rows, "Weft workloads " + started, "Rows of one ./weft bench run: " + tsv.getFileName()
                    + ", described in " + RunInfo.sidecarOf(tsv).getFileName() + ".", info, html);
            err.println("wrote " + tsv + ", " + RunInfo.sidecarOf(tsv).getFileName() + " and " + html);
        }
        return rows;
    }

    /** Runs {@code body}; if it takes longer than {@code seconds}, dumps every thread and halts the JVM. */
    static Row withWatchdog(long seconds, String what, PrintStream err, java.util.function.Supplier<Row> body) {
        Thread dog = Thread.ofPlatform().daemon().name("bench-watchdog").start(() -> {
            try {
                TimeUnit.SECONDS.sleep(seconds);
            } catch (InterruptedException e) {
                return;
            }
            err.println("TIMEOUT: " + what + " ran longer than " + seconds + " s; thread dump follows");
            for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) err.print(ti);
            err.flush();
            Runtime.getRuntime().halt(3);
        });
        try {
            return body.get();
        } finally {
            dog.interrupt();
        }
    }

    /**
     * Delegates to JMH: {@code --jmh [PATTERN] [jmh options]}. Unless the options say otherwise it runs 1 fork
     * (two cores: a second fork would only double the time), 3 warm-up and 5 measurement iterations.
     */
    static void runJmh(String[] rest) throws Exception {
        List<String> args = new ArrayList<>();
        List<String> given = Arrays.asList(rest);
        if (!given.contains("-f")) args.addAll(List.of("-f", "1"));
        if (!given.contains("-wi")) args.addAll(List.of("-wi", "3"));
        if (!given.contains("-i")) args.addAll(List.of("-i", "5"));
        args.addAll(given);
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
    }
}
