package dev.weft.bench.http;

import dev.weft.bench.CargoBuild;
import dev.weft.bench.Outcome;
import dev.weft.bench.Registry;
import dev.weft.bench.Row;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.WholeRow;
import dev.weft.bench.Workload;
import dev.weft.bench.WorkloadImpl;
import dev.weft.bench.http.servers.TechEmpower;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP row (shared/WORKLOADS.md, H1-H3): a server implementation ({@link HttpImpl}) in its own JVM driven by
 * wrk, unpinned or pinned (server on CPU 1, wrk on CPU 0).
 *
 * <p><b>Protocol.</b> The size is the length of one counted run in seconds (10 at full size). A full row starts the
 * server, checks sample responses ({@link ResponseCheck}: headers and exact body, also 16 pipelined), runs wrk
 * ({@link Wrk}: one thread, 256 connections, {@code --latency}) for a warm-up of half the run length (5 s), then
 * 3 counted runs, and reports the run with the median requests/s: {@code median_ms} is that run's measured
 * duration, {@code throughput} its requests/s. A smoke row ({@code --quick}: size 2 s or less) uses 16
 * connections, no warm-up and one run, which only proves the server answers correctly under wrk. Any socket
 * error or non-2xx/3xx response in any run (warm-up included) fails the row, as does a server that dies.
 *
 * <p><b>Notes.</b> p50/p99 latency of the median run, server RSS (VmRSS after the counted runs), the server's and
 * wrk's CPU seconds in that run, the server's CPU microseconds per request (what decides when client and server
 * share 2 cores, and the figure least disturbed by other load on the machine), and "wrk-bound" when wrk's one
 * thread used 90% or more of a core, i.e. the figure is the load generator's limit rather than the server's.
 *
 * <p>When wrk is missing and cannot be installed (not root), or {@code taskset} is missing for a pinned row, the
 * row is NA with the reason.
 */
public final class HttpRow implements WorkloadImpl, WholeRow {
    /** Requests per write in H1. */
    public static final int PIPELINE_DEPTH = 16;
    /** Connections of a full run. */
    public static final int CONNECTIONS = 256;
    /** Connections of a smoke run. */
    public static final int SMOKE_CONNECTIONS = 16;
    /** Counted runs of a full row. */
    public static final int RUNS = 3;
    /** wrk's CPU share (of one core) from which a run counts as wrk-bound. */
    public static final double WRK_BOUND_SHARE = 0.9;

    static final String ACCEPT_PLAINTEXT =
            "text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7";
    static final String ACCEPT_JSON =
            "application/json,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7";

    private final Workload workload;
    private final HttpImpl impl;

    HttpRow(Workload workload, HttpImpl impl) {
        if (!workload.isHttp() || workload.isDbHttp()) throw new IllegalArgumentException("workload: " + workload.id() + " (expected: H1..H3)");
        this.workload = workload;
        this.impl = impl;
    }

    /** Registers every (H1-H3 pinned and unpinned, implementation) pair. */
    public static void register(Registry r) {
        for (Workload w : Workload.values()) {
            if (!w.isHttp() || w.isDbHttp()) continue; // H4-H6: dev.weft.bench.http.db
            for (HttpImpl i : HttpImpl.values()) r.add(new HttpRow(w, i));
        }
    }

    @Override
    public Workload workload() {
        return workload;
    }

    @Override
    public String impl() {
        return impl.impl();
    }

    @Override
    public String notes() {
        return impl.description();
    }

    @Override
    public Outcome run(long size) {
        throw new UnsupportedOperationException(workload.id() + " is measured whole: see measure()");
    }

    private String path() {
        return workload.unpinned() == Workload.H3 ? TechEmpower.JSON_PATH : TechEmpower.PLAINTEXT_PATH;
    }

    private String contentType() {
        return workload.unpinned() == Workload.H3 ? TechEmpower.APPLICATION_JSON : TechEmpower.TEXT_PLAIN;
    }

    private String body() {
        return workload.unpinned() == Workload.H3 ? TechEmpower.JSON : TechEmpower.PLAINTEXT;
    }

    private int depth() {
        return workload.unpinned() == Workload.H1 ? PIPELINE_DEPTH : 1;
    }

    private Row skipped(String why, PrintStream progress) {
        progress.println("  SKIPPED " + workload.id() + " " + impl.impl() + ": " + why);
        return new Row(workload, impl.impl(), Row.Status.NA, Double.NaN, Double.NaN, 0, "skipped: " + why);
    }

    @Override
    public Row measure(long size, PrintStream progress) throws Exception {
        Optional<Path> wrk = Wrk.locate(progress);
        if (wrk.isEmpty()) return skipped(Wrk.missingReason(), progress);
        boolean pinned = workload.isPinned();
        if (pinned && !Wrk.hasTaskset()) return skipped("taskset (util-linux) is not installed: cannot pin", progress);
        int seconds = (int) Math.max(1, Math.min(size, 3600));
        boolean smoke = seconds <= 2;
        int connections = smoke ? SMOKE_CONNECTIONS : CONNECTIONS;
        int warmup = smoke ? 0 : Math.max(1, seconds / 2);
        int runs = smoke ? 1 : RUNS;
        String accept = workload.unpinned() == Workload.H3 ? ACCEPT_JSON : ACCEPT_PLAINTEXT;

        Path nativeBinary = null;
        Optional<CargoBuild> build = impl.nativeBuild();
        if (build.isPresent()) {
            Optional<Path> built = build.get().binary(progress);
            if (built.isEmpty()) return skipped(build.get().missingReason(), progress);
            nativeBinary = built.get();
        }
        try (ServerProcess server = ServerProcess.start(impl, nativeBinary, pinned ? "1" : null)) {
            String url = "http://127.0.0.1:" + server.port() + path();
            ResponseCheck.check(server.port(), path(), contentType(), body());
            String wrkCpu = pinned ? "0" : null;
            if (warmup > 0) {
                Wrk.Result w = Wrk.run(wrk.get(), wrkCpu, url, connections, warmup, depth(), accept);
                progress.printf(Locale.ROOT, "  %-32s %-14s warmup %ds  %s%n", workload.id(), impl.impl(), warmup,
                        Wrk.summary(w));
                checkRun(w, server, "warm-up");
            }
            List<Run> done = new ArrayList<>();
            long rss = 0;
            for (int i = 0; i < runs; i++) {
                double cpu0 = server.cpuSeconds();
                Wrk.Result w = Wrk.run(wrk.get(), wrkCpu, url, connections, seconds, depth(), accept);
                double serverCpu = server.cpuSeconds() - cpu0;
                rss = Math.max(rss, server.rssBytes());
                progress.printf(Locale.ROOT, "  %-32s %-14s run %d/%d  %s, server CPU %.1f s%n", workload.id(),
                        impl.impl(), i + 1, runs, Wrk.summary(w), serverCpu);
                checkRun(w, server, "run " + (i + 1));
                done.add(new Run(w, serverCpu));
            }
            ResponseCheck.check(server.port(), path(), contentType(), body()); // still correct after the load
            List<Run> sorted = done.stream().sorted(Comparator.comparingDouble(r -> r.wrk.requestsPerSecond())).toList();
            Run med = sorted.get(sorted.size() / 2);
            StringBuilder rates = new StringBuilder();
            for (Run r : done) rates.append(rates.isEmpty() ? "" : "/").append(String.format(Locale.ROOT, "%.0f",
                    r.wrk.requestsPerSecond()));
            double wrkShare = med.wrk.cpuSeconds() / med.wrk.seconds();
            double cpuPerRequestUs = med.serverCpu / Math.max(1, med.wrk.requests()) * 1e6;
            String notes = String.format(Locale.ROOT,
                    "%s; wrk -t1 -c%d%s, %s; p50=%.2fms p99=%s; server RSS=%.0fMB; CPU s/run: server %.1f,"
                            + " wrk %.1f%s; server CPU/request=%.1fus; runs req/s %s; errors 0",
                    impl.description(), connections, depth() > 1 ? " pipelined " + depth() : "",
                    smoke ? "SMOKE " + seconds + "s x1 (not a measurement)"
                            : warmup + "s warm-up + " + runs + "x" + seconds + "s, median",
                    med.wrk.p50Ms(),
                    // wrk prints a 0 percentile when requests outlived its histogram (slower than --timeout)
                    med.wrk.p99Ms() > 0 ? String.format(Locale.ROOT, "%.2fms", med.wrk.p99Ms()) : "n/a(wrk printed 0)",
                    rss / 1e6, med.serverCpu, med.wrk.cpuSeconds(),
                    wrkShare >= WRK_BOUND_SHARE
                            ? String.format(Locale.ROOT, " (wrk-bound: wrk used %.0f%% of a core)", 100 * wrkShare)
                            : "",
                    cpuPerRequestUs, rates);
            return new Row(workload, impl.impl(), Row.Status.OK, med.wrk.seconds() * 1000, med.wrk.requestsPerSecond(),
                    seconds, (pinned ? "server on CPU 1, wrk on CPU 0; " : "unpinned; ") + notes);
        }
    }

    private record Run(Wrk.Result wrk, double serverCpu) {}

    private void checkRun(Wrk.Result w, ServerProcess server, String which) {
        if (!server.isAlive()) {
            throw new SelfCheckFailed(impl.impl() + " server died during the " + which + "; stderr: " + server.stderrTail());
        }
        if (w.errors() > 0 || w.requests() == 0) {
            throw new SelfCheckFailed(workload.id() + "/" + impl.impl() + " " + which + ": " + w.socketErrors()
                    + " socket errors, " + w.non2xx3xx() + " non-2xx/3xx responses, " + w.requests()
                    + " requests (expected: no error and some requests); wrk said: " + w.output().replace('\n', ' '));
        }
    }
}
