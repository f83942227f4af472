package dev.weft.service.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Statements on {@code Fortune}; each runs inside a {@link SqlWork}. */
public final class FortuneRepository {
    private FortuneRepository() {}

    /** Every fortune, in no particular order (TechEmpower forbids ORDER BY: the test sorts in code). */
    public static List<Fortune> all(Sql sql) throws SQLException {
        List<Fortune> out = new ArrayList<>(16);
        try (PreparedStatement ps = sql.prepare("SELECT id, message FROM Fortune"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Fortune(rs.getInt(1), rs.getString(2)));
        }
        return out;
    }

    /**
     * One page of fortunes by ascending id: at most {@code limit} rows with {@code id > after} (keyset
     * pagination: stable under inserts, no OFFSET scan).
     */
    public static List<Fortune> page(Sql sql, long after, int limit) throws SQLException {
        List<Fortune> out = new ArrayList<>(Math.min(limit, 128));
        try (PreparedStatement ps = sql.prepare("SELECT id, message FROM Fortune WHERE id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Fortune(rs.getInt(1), rs.getString(2)));
            }
        }
        return out;
    }

    /** Inserts a fortune with the next id; returns it. */
    public static Fortune insert(Sql sql, String message) throws SQLException {
        // RETURNING: PostgreSQL, and SQLite since 3.35
        try (PreparedStatement ps = sql.prepare("INSERT INTO Fortune (message) VALUES (?) RETURNING id")) {
            ps.setString(1, message);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Fortune(rs.getInt(1), message);
            }
        }
    }

    /** Deletes fortunes above {@code id} (tests put the table back). */
    public static int deleteAbove(Sql sql, int id) throws SQLException {
        try (PreparedStatement ps = sql.prepare("DELETE FROM Fortune WHERE id > ?")) {
            ps.setInt(1, id);
            return ps.executeUpdate();
        }
    }

    static int count(Sql sql) throws SQLException {
        try (Statement s = sql.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM Fortune")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
