package dev.weft.service.db;

/** The two databases the service runs on; the differences that matter are in the migrations and a few statements. */
public enum Dialect {
    /** Embedded SQLite (xerial sqlite-jdbc): the zero-set-up default. */
    SQLITE,
    /** PostgreSQL (pgjdbc): production. */
    POSTGRES;

    /** The dialect of a JDBC URL. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRES;
        throw new IllegalArgumentException("jdbcUrl: " + jdbcUrl + " (expected: jdbc:sqlite:... or jdbc:postgresql:...)");
    }
}
