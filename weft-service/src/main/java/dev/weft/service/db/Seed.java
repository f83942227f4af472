package dev.weft.service.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The TechEmpower data, inserted on first start: {@code World} with 10,000 rows (ids 1..10000, randomNumber
 * uniformly 1..10000) and {@code Fortune} with the twelve fortunes of the TechEmpower Framework Benchmarks'
 * database scripts, byte for byte (including the HTML that must come out escaped and the Japanese one that must
 * come out as UTF-8).
 */
public final class Seed {
    /** Rows in World. */
    public static final int WORLD_ROWS = 10_000;

    /** The twelve TechEmpower fortunes, by id 1..12. */
    public static final List<String> FORTUNES = List.of(
            "fortune: No such file or directory",
            "A computer scientist is someone who fixes things that aren't broken.",
            "After enough decimal places, nobody gives a damn.",
            "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
            "A computer program does what you tell it to do, not what you want it to do.",
            "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen",
            "Any program that runs right is obsolete.",
            "A list is only as strong as its weakest link. \u2014 Donald Knuth",
            "Feature: A bug with seniority.",
            "Computers make very fast, very accurate mistakes.",
            "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
            "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af");

    private Seed() {}

    /** Seeds the empty tables (one transaction); returns whether anything was inserted. */
    public static boolean seedIfEmpty(Connection c, Dialect dialect) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            boolean changed = false;
            if (count(c, "World") == 0) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO World (id, randomNumber) VALUES (?, ?)")) {
                    for (int id = 1; id <= WORLD_ROWS; id++) {
                        ps.setInt(1, id);
                        ps.setInt(2, 1 + r.nextInt(WORLD_ROWS));
                        ps.addBatch();
                        if (id % 1000 == 0) ps.executeBatch();
                    }
                    ps.executeBatch();
                }
                changed = true;
            }
            if (count(c, "Fortune") == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO Fortune (id, message) VALUES (?, ?)")) {
                    for (int i = 0; i < FORTUNES.size(); i++) {
                        ps.setInt(1, i + 1);
                        ps.setString(2, FORTUNES.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                if (dialect == Dialect.POSTGRES) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT setval(pg_get_serial_sequence('fortune', 'id'), (SELECT MAX(id) FROM Fortune))");
                    }
                }
                changed = true;
            }
            c.commit();
            return changed;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
