package dev.weft.service;

import dev.weft.future.Async;
import dev.weft.http.server.DrainReport;
import dev.weft.runtime.WeftRuntime;
import dev.weft.service.api.ApiKeys;
import dev.weft.service.db.Db;
import dev.weft.service.db.Migrations;
import dev.weft.signal.Signals;
import dev.weft.task.Tasks;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./weft serve}: parses the flags, runs the key commands or starts the service, prints where it listens
 * with three curl lines and the start-up time, and shuts down gracefully on SIGTERM or ctrl-c (exit 0).
 *
 * <p>Exit codes: 0 after a clean or timed-out drain, 2 for bad flags, 1 when the service cannot start (database
 * unreachable, port taken).
 */
public final class Main {
    private Main() {}

    /** The entry point. */
    public static void main(String[] args) {
        long mainMillis = System.currentTimeMillis();
        long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        int code;
        try {
            code = run(args, System.out, System.err, jvmStartMillis, mainMillis);
        } catch (Config.HelpRequested h) {
            System.out.print(Config.usage());
            code = 0;
        } catch (Config.ConfigException e) {
            System.err.println("weft serve: " + e.getMessage());
            System.err.print(Config.usage());
            code = 2;
        } catch (Exception e) {
            System.err.println("weft serve: cannot start: " + describe(e));
            code = 1;
        }
        System.exit(code);
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) sb.append(": ").append(c.getMessage());
        return sb.toString();
    }

    static int run(String[] args, PrintStream out, PrintStream err, long jvmStartMillis, long mainMillis)
            throws Exception {
        Config config = Config.parse(args, System.getenv());
        if (config.createKey() != null || config.revokeKey() != null) return keyCommand(config, out);

        WeftService service = WeftService.open(config, out);
        long openedMillis = System.currentTimeMillis();
        try (WeftRuntime rt = WeftService.runtimeBuilder().name("weft-serve").build()) {
            service.bindRuntime(rt.handle());
            DrainReport report = rt.blockOn(Async.async(() -> {
                // subscribe before serving, so a signal during start-up is not missed
                var interrupt = Signals.ctrlC();
                var terminate = Signals.terminate();
                Serve serve = Serve.start(service);
                Tasks.spawn(interrupt.map(v -> {
                    serve.stop();
                    return null;
                }));
                Tasks.spawn(terminate.map(v -> {
                    serve.stop();
                    return null;
                }));
                long now = System.currentTimeMillis();
                banner(out, service, serve, now - jvmStartMillis);
                out.println("  (JVM to main " + (mainMillis - jvmStartMillis) + " ms, database open/migrate/seed "
                        + (openedMillis - mainMillis) + " ms, runtime and server " + (now - openedMillis) + " ms)");
                Tasks.spawn(serve.stopped().map(v -> {
                    out.println("weft serve: shutting down (draining for up to "
                            + config.shutdownTimeout().toMillis() + " ms)");
                    return null;
                }));
                return serve.awaitStopThenDrain();
            }));
            out.println("weft serve: stopped: " + report.drained() + " connections drained, " + report.idleClosed()
                    + " idle closed, " + report.cut() + " cut (" + report.requestsCut() + " requests) in "
                    + report.took().toMillis() + " ms");
            rt.shutdown(Duration.ofSeconds(1));
        }
        return 0;
    }

    private static int keyCommand(Config config, PrintStream out) throws Exception {
        if (config.isSqlite()) {
            Path file = Path.of(config.dbUrl().substring("jdbc:sqlite:".length()).split("\\?", 2)[0]);
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 1, Duration.ofSeconds(10), null)) {
            db.runHere(sql -> Migrations.migrate(sql.connection(), db.dialect()));
            if (config.createKey() != null) {
                String key = ApiKeys.create(db, config.createKey());
                out.println("API key for \"" + config.createKey() + "\" (shown once; only its hash is stored):");
                out.println(key);
            } else {
                int n = ApiKeys.revoke(db, config.revokeKey());
                out.println(n == 0 ? "no live key named \"" + config.revokeKey() + "\""
                        : "revoked " + n + " key(s) named \"" + config.revokeKey() + "\" (running servers stop "
                                + "accepting them within --auth-cache-ttl)");
                if (n == 0) return 1;
            }
        }
        return 0;
    }

    static void banner(PrintStream out, WeftService service, Serve serve, long readyMillis) {
        Config c = service.config();
        String base = "http://" + hostForUrl(c.host(), serve.address().getAddress()) + ":" + serve.address().getPort();
        String db = c.isSqlite() ? "SQLite " + c.dbUrl().substring("jdbc:sqlite:".length())
                : "PostgreSQL " + c.dbUrl().replaceAll("password=[^&]*", "password=***");
        out.println("weft serve: listening on " + base + " (" + db + ", pool " + c.poolSize()
                + (service.migrated().isEmpty() ? "" : ", migrated to v" + Migrations.latestVersion())
                + (service.seeded() ? ", seeded" : "") + ")");
        out.println("  TechEmpower  " + base + "/plaintext  /json  /db  /queries?queries=20  /fortunes  "
                + "/updates?queries=20  /cached-queries?count=20");
        out.println("  API          " + base + "/api/v1/worlds/{id}  /api/v1/fortunes  (Authorization: Bearer <key>)");
        out.println("  Operations   " + base + "/health  /ready  /metrics");
        Path keyFile = c.dataDir().resolve(WeftService.LOCAL_KEY_FILE);
        String keyExpr;
        if (service.newLocalKey() != null) {
            out.println("  API key for \"local\", shown once (its hash is stored; the key is kept in " + keyFile
                    + ", mode 600):");
            out.println("    " + service.newLocalKey());
            keyExpr = "$(cat " + keyFile + ")";
        } else if (Files.isReadable(keyFile)) {
            keyExpr = "$(cat " + keyFile + ")";
        } else {
            keyExpr = "$WEFT_API_KEY";
            out.println("  (no local key file: create a key with ./weft serve --create-key NAME and export WEFT_API_KEY)");
        }
        out.println("Try:");
        out.println("  curl -i " + base + "/json");
        out.println("  curl -i '" + base + "/queries?queries=5'");
        out.println("  curl -i -H \"Authorization: Bearer " + keyExpr + "\" " + base + "/api/v1/worlds/1");
        out.println("ready in " + readyMillis + " ms (process start to first request accepted); ctrl-c or SIGTERM "
                + "stops gracefully");
        out.flush();
    }

    private static String hostForUrl(String host, java.net.InetAddress bound) {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }
}
