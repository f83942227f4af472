package dev.weft.service;

import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.http.service.ServiceBuilder;
import dev.weft.runtime.Handle;
import dev.weft.runtime.IoDriverKind;
import dev.weft.runtime.WeftRuntime;
import dev.weft.service.api.Api;
import dev.weft.service.api.ApiKeys;
import dev.weft.service.api.AuthCache;
import dev.weft.service.api.RateLimitLayer;
import dev.weft.service.bench.TechEmpower;
import dev.weft.service.bench.TechEmpowerData;
import dev.weft.service.bench.WorldCache;
import dev.weft.service.db.ApiKeyRepository;
import dev.weft.service.db.Db;
import dev.weft.service.db.Migrations;
import dev.weft.service.db.Seed;
import dev.weft.service.db.pg.PgClient;
import dev.weft.service.db.pg.PgConfig;
import dev.weft.service.http.DeadlineLayer;
import dev.weft.service.http.ErrorLayer;
import dev.weft.service.http.Json;
import dev.weft.service.http.ObserveLayer;
import dev.weft.service.http.Routes;
import dev.weft.service.http.TaskLayer;
import dev.weft.service.ops.Health;
import dev.weft.service.ops.Metrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application behind {@code ./weft serve}, without the socket: the database (migrated and seeded), the
 * meters, and the request pipeline as one {@code Service<Request, Response>}.
 *
 * <p>The pipeline, outermost first:
 * <pre>
 *   ObserveLayer   Server header, metrics per route/status, access log
 *   ErrorLayer     every failure becomes a problem+json response (never a stack trace)
 *   DeadlineLayer  --request-timeout: past it the request is cancelled, statement included (503)
 *   TaskLayer      each request runs as its own task (aborted when the request is cancelled)
 *   Routes         /plaintext /json /db /queries /fortunes /updates /cached-queries
 *                  (PostgreSQL: the pipelining client, dev.weft.service.db.pg; SQLite: JDBC)
 *                  /health /ready /metrics
 *                  /api/v1/...: AuthLayer (Bearer key, cached lookup)
 *                               → RateLimitLayer (GCRA per key)
 *                               → handler (async block awaiting database futures)
 * </pre>
 */
public final class WeftService implements AutoCloseable {
    /** The name of the key created for the local user on first start. */
    public static final String LOCAL_KEY_NAME = "local";
    /** Where the local user's key is kept (mode 600) so start-up can print a curl line that uses it. */
    public static final String LOCAL_KEY_FILE = "local-api-key";

    private final Config config;
    private final Db db;
    private final PgClient pg; // null unless PostgreSQL with the pipelined client
    private final Metrics metrics;
    private final WorldCache cache = new WorldCache();
    private final AuthCache authCache;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final Service<Request, Response> app;
    private final List<Integer> migrated;
    private final boolean seeded;
    private final String newLocalKey;

    private WeftService(Config config, Db db, PgClient pg, Metrics metrics, List<Integer> migrated, boolean seeded,
            String newLocalKey, PrintStream accessLog) {
        this.config = config;
        this.db = db;
        this.pg = pg;
        this.metrics = metrics;
        this.migrated = migrated;
        this.seeded = seeded;
        this.newLocalKey = newLocalKey;
        this.authCache = new AuthCache(config.authCacheTtl(), 100_000, System::nanoTime);
        RateLimitLayer rateLimit = new RateLimitLayer(config.rateLimit(), config.ratePeriod(), config.rateBurst(), System::nanoTime);
        Routes routes = new Routes();
        TechEmpowerData data = pg != null ? new TechEmpowerData.Pipelined(pg) : new TechEmpowerData.Jdbc(db);
        new TechEmpower(data, cache).addTo(routes);
        Health.addTo(routes, db, metrics, shuttingDown::get);
        Api.addTo(routes, db, cache, authCache, rateLimit, config.maxBodyBytes());
        this.app = ServiceBuilder.<Request, Response>create()
                .layer(new ObserveLayer(metrics, accessLog, System::nanoTime))
                .layer(new ErrorLayer())
                .layer(new DeadlineLayer(config.requestTimeout()))
                .layer(new TaskLayer())
                .service(routes);
    }

    /**
     * Opens the database named by {@code config} (creating {@code ./data/} for SQLite), runs the migrations,
     * seeds the tables on first start and creates the local user's key when there is none. Blocking: call it
     * from {@code main} or a test, not from a runtime worker.
     *
     * @param accessLog where access-log lines go when {@code config.accessLog()}; ignored otherwise
     */
    public static WeftService open(Config config, PrintStream accessLog) throws SQLException, IOException {
        if (config.isSqlite()) Files.createDirectories(sqliteDir(config));
        Metrics metrics = new Metrics();
        Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), config.poolSize(),
                config.requestTimeout(), metrics.registry());
        try {
            List<Integer> migrated = db.runHere(sql -> Migrations.migrate(sql.connection(), db.dialect()));
            boolean seeded = db.runHere(sql -> Seed.seedIfEmpty(sql.connection(), db.dialect()));
            String newKey = null;
            if (db.runHere(ApiKeyRepository::countAll) == 0) {
                newKey = ApiKeys.create(db, LOCAL_KEY_NAME);
                saveLocalKey(config.dataDir(), newKey);
            }
            // Jackson's first use loads and links a few hundred classes (about 100 ms here): do it now, on the
            // main thread, rather than in the first request's poll on a worker
            Json.bytes(new TechEmpower.Message("warm-up"));
            PgClient pg = !config.isSqlite() && config.pgPipelined()
                    ? new PgClient(PgConfig.fromJdbcUrl(config.dbUrl(), config.dbUser(), config.dbPassword()),
                            config.poolSize())
                    : null;
            return new WeftService(config, db, pg, metrics, migrated, seeded, newKey,
                    config.accessLog() ? accessLog : null);
        } catch (SQLException | IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Path sqliteDir(Config config) {
        Path file = Path.of(config.dbUrl().substring("jdbc:sqlite:".length()).split("\\?", 2)[0]);
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of(".");
    }

    private static void saveLocalKey(Path dataDir, String key) throws IOException {
        Files.createDirectories(dataDir);
        Path f = dataDir.resolve(LOCAL_KEY_FILE);
        Files.writeString(f, key + "\n");
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the directory's ACL
        }
    }

    /** The request pipeline. */
    public Service<Request, Response> app() {
        return app;
    }

    /** The database. */
    public Db db() {
        return db;
    }

    /** The meters. */
    public Metrics metrics() {
        return metrics;
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The auth cache (the CLI in this process drops it after a revocation). */
    public AuthCache authCache() {
        return authCache;
    }

    /** Migrations applied by this start (empty when the schema was current). */
    public List<Integer> migrated() {
        return migrated;
    }

    /** Whether this start seeded the TechEmpower tables. */
    public boolean seeded() {
        return seeded;
    }

    /** The local user's key when this start created it (printed once), else null. */
    public String newLocalKey() {
        return newLocalKey;
    }

    /**
     * The runtime the service runs on: multi-thread, and on Linux with JDK 22+ the FFM epoll I/O driver
     * ({@link IoDriverKind#AUTO}: the JDK selector elsewhere, or when {@code ./weft serve}'s JVM options for it
     * are missing), unless the system property {@code weft.io.driver} names one. H4 on PostgreSQL, three
     * alternations: 28.9 us of server CPU per request on one pinned core with epoll against 31.3 with the JDK
     * selector, 33.9 against 35.2 unpinned.
     */
    public static WeftRuntime.Builder runtimeBuilder() {
        WeftRuntime.Builder b = WeftRuntime.multiThread();
        if (System.getProperty("weft.io.driver") == null) b.ioDriver(IoDriverKind.AUTO);
        return b;
    }

    /** Registers the runtime's meters. */
    public void bindRuntime(Handle handle) {
        metrics.bindRuntime(handle);
    }

    /** Marks the service as shutting down: {@code /ready} answers 503 from now on. */
    public void beginShutdown() {
        shuttingDown.set(true);
    }

    /** Whether {@link #beginShutdown()} was called. */
    public boolean isShuttingDown() {
        return shuttingDown.get();
    }

    /** The pipelining PostgreSQL client of the TechEmpower endpoints, or null (SQLite, or {@code --pg-client jdbc}). */
    public PgClient pg() {
        return pg;
    }

    @Override
    public void close() {
        if (pg != null) pg.close();
        db.close(config.shutdownTimeout());
    }
}
