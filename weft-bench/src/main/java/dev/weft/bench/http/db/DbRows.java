package dev.weft.bench.http.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.bench.Registry;
import dev.weft.bench.Row;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import dev.weft.bench.WorkloadImpl;
import dev.weft.bench.WholeRow;
import dev.weft.bench.Outcome;
import dev.weft.bench.http.ServerProcess;
import dev.weft.bench.http.Wrk;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Registers and measures H4 ({@code /db}) and H5 ({@code /fortunes}): a server ({@link DbImpl}) in its own JVM
 * driven by wrk (one thread, 256 connections, {@code --latency}), unpinned or pinned (server CPU 1, wrk CPU 0),
 * with H1-H3's protocol: sample responses checked before and after, a warm-up of half the run length, 3
 * counted runs, the median; a smoke size (2 s or less) uses 16 connections and one run. Any socket error or
 * non-2xx/3xx response fails the row. H6 is {@link PipelineRow}.
 */
public final class DbRows {
    /** Database connections of every server (JDBC pools; Vert.x: half per event loop). */
    public static final int POOL_SIZE = 8;
    static final int CONNECTIONS = 256;
    static final int SMOKE_CONNECTIONS = 16;
    static final int RUNS = 3;
    static final String ACCEPT_JSON =
            "application/json,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7";
    static final String ACCEPT_HTML =
            "text/html,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7";

    private DbRows() {}

    /** The servers of H4-H6. */
    public enum DbImpl {
        WEFT_SQLITE("weft-poll-sqlite", WeftDbServer.class, false,
                "weft-service (./weft serve) on SQLite, poll-based TechEmpower Services, 2 Weft workers, JDBC pool 8"),
        WEFT_PG("weft-poll-pg", WeftDbServer.class, true,
                "weft-service (./weft serve) on PostgreSQL, poll-based TechEmpower Services, 2 Weft workers,"
                        + " pipelining PostgreSQL client, 8 connections"),
        WEFT_PG_JDBC("weft-poll-pg-jdbc", WeftDbServer.class, true,
                "weft-service (./weft serve --pg-client jdbc) on PostgreSQL, poll-based TechEmpower Services,"
                        + " 2 Weft workers, JDBC pool 8"),
        VERTX_PG("vertx-pgclient", VertxPgServer.class, true,
                "Vert.x 5.0.7 + reactive pg client, 2 event loops, pipelined, 2x4 connections"),
        HELIDON_JDBC("helidon-jdbc", HelidonJdbcServer.class, true,
                "Helidon SE 4.5.0 WebServer, JDBC on virtual threads (2 carriers), HikariCP 8");

        final String impl;
        final Class<?> main;
        final boolean postgres;
        final String description;

        DbImpl(String impl, Class<?> main, boolean postgres, String description) {
            this.impl = impl;
            this.main = main;
            this.postgres = postgres;
            this.description = description;
        }

        boolean isWeft() {
            return main == WeftDbServer.class;
        }

        /** Starts the server; {@code dataDir} holds weft-service's files (its local API key). */
        ServerProcess start(String cpu, Path dataDir) throws IOException, InterruptedException {
            List<String> args = new ArrayList<>();
            if (isWeft()) {
                args.addAll(List.of("--data-dir", dataDir.toString()));
                if (postgres) {
                    args.addAll(List.of("--db", Postgres.jdbcUrl(), "--db-user", Postgres.USER, "--db-password",
                            Postgres.PASSWORD, "--pg-client", this == WEFT_PG_JDBC ? "jdbc" : "pipelined"));
                }
            } else {
                args.addAll(List.of(Postgres.jdbcUrl(), Postgres.USER, Postgres.PASSWORD));
            }
            return ServerProcess.start(impl, main, args, cpu);
        }
    }

    /** Registers H4, H5 (pinned and not) for every server, H6 for Weft's, and the NA pairs. */
    public static void register(Registry r) {
        for (Workload w : List.of(Workload.H4, Workload.H4_PINNED, Workload.H5, Workload.H5_PINNED)) {
            for (DbImpl i : DbImpl.values()) r.add(new WrkRow(w, i));
        }
        for (Workload w : List.of(Workload.H6, Workload.H6_PINNED)) {
            for (DbImpl i : DbImpl.values()) {
                if (i == DbImpl.WEFT_PG_JDBC) {
                    r.na(w, i.impl, "the /api/v1 pipeline runs on JDBC with either --pg-client: weft-poll-pg's row"
                            + " measures it");
                } else if (i.isWeft()) {
                    r.add(new PipelineRow(w, i));
                } else {
                    r.na(w, i.impl, "the pipeline (API keys, GCRA rate limit, /api/v1 resource) is weft-service's"
                            + " application; the peers implement the TechEmpower endpoints only");
                }
            }
        }
    }

    static Row skipped(Workload w, String impl, String why, PrintStream progress) {
        progress.println("  SKIPPED " + w.id() + " " + impl + ": " + why);
        return new Row(w, impl, Row.Status.NA, Double.NaN, Double.NaN, 0, "skipped: " + why);
    }

    /** H4 or H5 with one server, wrk-driven. */
    static final class WrkRow implements WorkloadImpl, WholeRow {
        private final Workload workload;
        private final DbImpl impl;

        WrkRow(Workload workload, DbImpl impl) {
            this.workload = workload;
            this.impl = impl;
        }

        @Override
        public Workload workload() {
            return workload;
        }

        @Override
        public String impl() {
            return impl.impl;
        }

        @Override
        public String notes() {
            return impl.description;
        }

        @Override
        public Outcome run(long size) {
            throw new UnsupportedOperationException(workload.id() + " is measured whole: see measure()");
        }

        private boolean fortunes() {
            return workload.unpinned() == Workload.H5;
        }

        @Override
        public Row measure(long size, PrintStream progress) throws Exception {
            Optional<Path> wrk = Wrk.locate(progress);
            if (wrk.isEmpty()) return skipped(workload, impl.impl, Wrk.missingReason(), progress);
            boolean pinned = workload.isPinned();
            if (pinned && !Wrk.hasTaskset()) {
                return skipped(workload, impl.impl, "taskset (util-linux) is not installed: cannot pin", progress);
            }
            int seconds = (int) Math.max(1, Math.min(size, 3600));
            boolean smoke = seconds <= 2;
            int connections = smoke ? SMOKE_CONNECTIONS : CONNECTIONS;
            int warmup = smoke ? 0 : Math.max(1, seconds / 2);
            int runs = smoke ? 1 : RUNS;
            String path = fortunes() ? "/fortunes" : "/db";
            String accept = fortunes() ? ACCEPT_HTML : ACCEPT_JSON;
            Path dataDir = Files.createTempDirectory("weft-bench-db-");
            try (ServerProcess server = impl.start(pinned ? "1" : null, dataDir)) {
                String url = "http://127.0.0.1:" + server.port() + path;
                check(server.port(), fortunes());
                String wrkCpu = pinned ? "0" : null;
                if (warmup > 0) {
                    Wrk.Result w = Wrk.run(wrk.get(), wrkCpu, url, connections, warmup, 1, accept);
                    progress.printf(Locale.ROOT, "  %-24s %-18s warmup %ds  %s%n", workload.id(), impl.impl, warmup,
                            Wrk.summary(w));
                    checkRun(w, server, "warm-up");
                }
                record Run(Wrk.Result wrk, double serverCpu) {}
                List<Run> done = new ArrayList<>();
                long rss = 0;
                for (int i = 0; i < runs; i++) {
                    double cpu0 = server.cpuSeconds();
                    Wrk.Result w = Wrk.run(wrk.get(), wrkCpu, url, connections, seconds, 1, accept);
                    double serverCpu = server.cpuSeconds() - cpu0;
                    rss = Math.max(rss, server.rssBytes());
                    progress.printf(Locale.ROOT, "  %-24s %-18s run %d/%d  %s, server CPU %.1f s%n", workload.id(),
                            impl.impl, i + 1, runs, Wrk.summary(w), serverCpu);
                    checkRun(w, server, "run " + (i + 1));
                    done.add(new Run(w, serverCpu));
                }
                check(server.port(), fortunes());
                List<Run> sorted =
                        done.stream().sorted(Comparator.comparingDouble(r -> r.wrk.requestsPerSecond())).toList();
                Run med = sorted.get(sorted.size() / 2);
                StringBuilder rates = new StringBuilder();
                for (Run r : done) {
                    rates.append(rates.isEmpty() ? "" : "/")
                            .append(String.format(Locale.ROOT, "%.0f", r.wrk.requestsPerSecond()));
                }
                String notes = String.format(Locale.ROOT,
                        "%s%s; wrk -t1 -c%d, %s; p50=%.2fms p99=%.2fms; server RSS=%.0fMB; CPU s/run: server %.1f,"
                                + " wrk %.1f; runs req/s %s; errors 0",
                        pinned ? "server on CPU 1, wrk on CPU 0; " : "unpinned; ", impl.description, connections,
                        smoke ? "SMOKE " + seconds + "s x1 (not a measurement)"
                                : warmup + "s warm-up + " + runs + "x" + seconds + "s, median",
                        med.wrk.p50Ms(), med.wrk.p99Ms(), rss / 1e6, med.serverCpu, med.wrk.cpuSeconds(), rates);
                return new Row(workload, impl.impl, Row.Status.OK, med.wrk.seconds() * 1000,
                        med.wrk.requestsPerSecond(), seconds, notes);
            } finally {
                deleteTree(dataDir);
            }
        }

        private void checkRun(Wrk.Result w, ServerProcess server, String which) {
            if (!server.isAlive()) {
                throw new SelfCheckFailed(impl.impl + " server died during the " + which + "; stderr: "
                        + server.stderrTail());
            }
            if (w.errors() > 0 || w.requests() == 0) {
                throw new SelfCheckFailed(workload.id() + "/" + impl.impl + " " + which + ": " + w.socketErrors()
                        + " socket errors, " + w.non2xx3xx() + " non-2xx/3xx responses, " + w.requests()
                        + " requests (expected: no error and some requests); wrk said: "
                        + w.output().replace('\n', ' '));
            }
        }
    }

    /**
     * Checks a sample response of {@code /db} or {@code /fortunes} by the TechEmpower rules: status 200, the
     * {@code Server}, {@code Date}, {@code Content-Type} and {@code Content-Length} headers, a World object with
     * id and randomNumber in 1..10000, or the fortunes table (13 rows, the added fortune, the script escaped).
     */
    static void check(int port, boolean fortunes) throws IOException, InterruptedException {
        String path = fortunes ? "/fortunes" : "/db";
        try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String where = "GET " + path + " on port " + port;
            if (r.statusCode() != 200) {
                throw new SelfCheckFailed(where + ": status " + r.statusCode() + " (expected: 200); " + r.body());
            }
            for (String h : List.of("server", "date", "content-type", "content-length")) {
                if (r.headers().firstValue(h).isEmpty()) {
                    throw new SelfCheckFailed(where + ": no " + h + " header (expected: the TechEmpower headers)");
                }
            }
            String type = r.headers().firstValue("content-type").orElseThrow().toLowerCase(Locale.ROOT);
            if (fortunes) {
                String b = r.body();
                int rows = b.split("<tr>", -1).length - 1;
                if (!type.startsWith("text/html") || !type.contains("charset=utf-8") || rows != 14
                        || !b.contains("<td>Additional fortune added at request time.</td>")
                        || !b.contains("&lt;script&gt;") || b.contains("<script>")) {
                    throw new SelfCheckFailed(where + ": not the fortunes page (content-type " + type + ", "
                            + rows + " rows incl. header; expected 14, the added fortune, the script escaped): " + b);
                }
            } else {
                JsonNode n = DbPages.MAPPER.readTree(r.body());
                int id = n.path("id").asInt(-1);
                int rn = n.path("randomNumber").asInt(-1);
                if (!type.startsWith("application/json") || n.size() != 2 || id < 1 || id > 10_000 || rn < 1
                        || rn > 10_000) {
                    throw new SelfCheckFailed(where + ": not a World (content-type " + type + "): " + r.body());
                }
            }
        }
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}
