package dev.weft.bench.http.db;

import dev.weft.bench.Outcome;
import dev.weft.bench.Row;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.WholeRow;
import dev.weft.bench.Workload;
import dev.weft.bench.WorkloadImpl;
import dev.weft.bench.http.ServerProcess;
import dev.weft.load.HtmlReport;
import dev.weft.load.LoadConfig;
import dev.weft.load.LoadGenerator;
import dev.weft.load.LoadResult;
import dev.weft.service.Config;
import dev.weft.service.api.ApiKeys;
import dev.weft.service.db.Db;
import dev.weft.service.db.Migrations;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * H6: the seed's pipeline, {@code GET /api/v1/worlds/{id}} with {@code Authorization: Bearer <key>} through
 * weft-service's auth (cached key lookup), GCRA rate limit and query, at fixed rates with Weft's constant-rate
 * generator ({@link LoadGenerator}, latency from the intended send time: coordinated omission corrected).
 *
 * <p><b>Protocol.</b> A key is created in the server's database before it starts; a sample request must answer
 * 200 with the World and an {@code ETag}. A warm-up step (half the step length at {@link #WARMUP_RATE}), then
 * steps of {@code size} seconds at {@link #START_RATE} doubling while p99 stays under {@link #P99_LIMIT_MS} ms with
 * no error, then one bisection step between the last rate that held and the first that did not. The row
 * reports the highest rate that held: {@code throughput} its achieved rate, notes its p50/p99/p99.9 and every
 * step. A smoke size (2 s or less) runs one step at 200 req/s. Any error at a rate that held fails the row; at
 * a rate that did not hold, errors (timeouts) only end the sweep. The rate limit is set far above the offered
 * rate: the limiter runs on every request, it never refuses (a 429 would be an error).
 *
 * <p>The generator runs in the harness JVM (one Weft worker, {@link #CONNECTIONS} connections); in the pinned
 * row only the server is pinned (to CPU 1). Each step's chart is written to {@code weft-bench/target/h6/}.
 */
final class PipelineRow implements WorkloadImpl, WholeRow {
    static final int CONNECTIONS = 64;
    static final double P99_LIMIT_MS = 10;
    static final double START_RATE = 100;
    static final double WARMUP_RATE = 1000;
    static final double MAX_RATE = 256_000;
    static final int WORLD_ID = 4242;

    private final Workload workload;
    private final DbRows.DbImpl impl;

    PipelineRow(Workload workload, DbRows.DbImpl impl) {
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

    @Override
    public Row measure(long size, PrintStream progress) throws Exception {
        boolean pinned = workload.isPinned();
        if (pinned && !dev.weft.bench.http.Wrk.hasTaskset()) {
            return DbRows.skipped(workload, impl.impl, "taskset (util-linux) is not installed: cannot pin", progress);
        }
        int seconds = (int) Math.max(1, Math.min(size, 3600));
        boolean smoke = seconds <= 2;
        Path dataDir = Files.createTempDirectory("weft-bench-h6-");
        try {
            String key = createKey(dataDir);
            try (ServerProcess server = impl.start(pinned ? "1" : null, dataDir)) {
                String url = "http://127.0.0.1:" + server.port() + "/api/v1/worlds/" + WORLD_ID;
                check(url, key);
                StringBuilder steps = new StringBuilder();
                if (smoke) {
                    LoadResult r = step(url, key, 200, seconds, server, progress);
                    requireClean(r, server);
                    return row(r, seconds, "SMOKE 1 step at 200 req/s for " + seconds + "s (not a measurement); "
                            + describe(r) + rss(server), pinned);
                }
                step(url, key, WARMUP_RATE, Math.max(1, seconds / 2), server, progress); // warm-up, not counted
                LoadResult best = null;
                LoadResult first = null;
                double bad = Double.NaN;
                for (double rate = START_RATE; rate <= MAX_RATE; rate *= 2) {
                    LoadResult r = step(url, key, rate, seconds, server, progress);
                    if (first == null) first = r;
                    steps.append(String.format(Locale.ROOT, "%s%.0f:p99=%.2f%s", steps.isEmpty() ? "" : " ", rate,
                            r.percentileMillis(99), r.errors() > 0 ? "(" + r.errors() + " errors)" : ""));
                    if (holds(r)) {
                        best = r;
                    } else {
                        bad = rate;
                        break;
                    }
                }
                if (best != null && !Double.isNaN(bad)) {
                    double mid = Math.round((best.config().rate() + bad) / 2);
                    LoadResult r = step(url, key, mid, seconds, server, progress);
                    steps.append(String.format(Locale.ROOT, " %.0f:p99=%.2f%s", mid, r.percentileMillis(99),
                            r.errors() > 0 ? "(" + r.errors() + " errors)" : ""));
                    if (holds(r)) best = r;
                }
                if (best == null) {
                    return new Row(workload, impl.impl, Row.Status.OK, seconds * 1000.0, 0, seconds,
                            (pinned ? "server on CPU 1, generator unpinned; " : "unpinned; ") + "no rate kept p99 under "
                                    + P99_LIMIT_MS + " ms; at the lowest, " + START_RATE + " req/s: " + describe(first)
                                    + rss(server) + "; steps req/s:p99ms " + steps);
                }
                requireClean(best, server);
                Path chart = Path.of("weft-bench", "target", "h6",
                        workload.id() + "-" + impl.impl + ".html");
                Files.createDirectories(chart.getParent());
                Files.writeString(chart, HtmlReport.render(best));
                return row(best, seconds, String.format(Locale.ROOT,
                        "highest rate with p99 < %.0f ms: %.0f req/s; %s; steps req/s:p99ms %s; chart %s", P99_LIMIT_MS,
                        best.config().rate(), describe(best) + rss(server), steps, chart), pinned);
            }
        } finally {
            DbRows.deleteTree(dataDir);
        }
    }

    private Row row(LoadResult r, int seconds, String what, boolean pinned) {
        return new Row(workload, impl.impl, Row.Status.OK, seconds * 1000.0, r.achievedRate(), seconds,
                (pinned ? "server on CPU 1, generator unpinned; " : "unpinned; ") + impl.description
                        + "; weft load, " + CONNECTIONS + " connections, coordinated-omission corrected; " + what);
    }

    private static String describe(LoadResult r) {
        return String.format(Locale.ROOT, "p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms; %d requests, errors %d",
                r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9), r.maxMillis(), r.sent(),
                r.errors());
    }

    private static String rss(ServerProcess server) throws java.io.IOException {
        return String.format(Locale.ROOT, "; server RSS=%.0fMB", server.rssBytes() / 1e6);
    }

    private static boolean holds(LoadResult r) {
        return r.errors() == 0 && r.percentileMillis(99) < P99_LIMIT_MS;
    }

    private LoadResult step(String url, String key, double rate, int seconds, ServerProcess server,
            PrintStream progress) {
        LoadConfig c = LoadConfig.of(url).withRate(rate).withConnections(CONNECTIONS)
                .withDuration(Duration.ofSeconds(seconds)).withHeader("Authorization", "Bearer " + key);
        LoadResult r = LoadGenerator.run(c);
        progress.printf(Locale.ROOT, "  %-24s %-18s %7.0f req/s  achieved %.0f  %s%n", workload.id(), impl.impl, rate,
                r.achievedRate(), describe(r));
        if (!server.isAlive()) {
            throw new SelfCheckFailed(impl.impl + " server died at " + rate + " req/s; stderr: " + server.stderrTail());
        }
        return r;
    }

    private void requireClean(LoadResult r, ServerProcess server) {
        if (r.errors() > 0 || r.successes() != r.sent()) {
            throw new SelfCheckFailed(workload.id() + "/" + impl.impl + ": " + r.summary().replace('\n', ' ')
                    + " (expected: every request 200)");
        }
    }

    /** Creates the key the generator sends, in the database the server will open (migrating it first). */
    private String createKey(Path dataDir) throws Exception {
        String url = impl.postgres ? Postgres.jdbcUrl() : Config.sqliteUrl(dataDir);
        try (Db db = Db.open(url, Postgres.USER, Postgres.PASSWORD, 1, Duration.ofSeconds(30), null)) {
            db.runHere(sql -> Migrations.migrate(sql.connection(), db.dialect()));
            return ApiKeys.create(db, "bench-h6");
        }
    }

    /** One authenticated request must answer 200 with the World and an ETag; none must get 401 without the key. */
    private static void check(String url, String key) throws Exception {
        try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> ok = c.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> anon = c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (ok.statusCode() != 200 || !ok.body().contains("\"id\":" + WORLD_ID)
                    || ok.headers().firstValue("etag").isEmpty() || anon.statusCode() != 401) {
                throw new SelfCheckFailed("GET " + url + ": " + ok.statusCode() + " " + ok.body() + " / without key "
                        + anon.statusCode() + " (expected: 200 with the World and an ETag / 401)");
            }
        }
    }
}
