package dev.weft.service.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Statements on {@code World}. Each method runs inside a {@link SqlWork} (a database thread); callers get
 * futures through {@link Db#call}.
 */
public final class WorldRepository {
    private WorldRepository() {}

    /** The row with {@code id}, if any. */
    public static Optional<World> find(Sql sql, int id) throws SQLException {
        try (PreparedStatement ps = sql.prepare("SELECT id, randomNumber FROM World WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new World(rs.getInt(1), rs.getInt(2))) : Optional.empty();
            }
        }
    }

    /**
     * The rows with {@code ids}, one query each as TechEmpower's multiple-queries test requires (one statement
     * prepared once and executed per id).
     */
    public static World[] findEach(Sql sql, int[] ids) throws SQLException {
        World[] out = new World[ids.length];
        try (PreparedStatement ps = sql.prepare("SELECT id, randomNumber FROM World WHERE id = ?")) {
            for (int i = 0; i < ids.length; i++) {
                ps.setInt(1, ids[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("World row " + ids[i] + " is missing (expected: ids 1..10000)");
                    out[i] = new World(rs.getInt(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** Writes every row's randomNumber in one batch, in one transaction (sorted by id, so writers never deadlock). */
    public static void updateAll(Sql sql, List<World> rows) throws SQLException {
        List<World> sorted = rows.stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();
        var c = sql.connection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = sql.prepare("UPDATE World SET randomNumber = ? WHERE id = ?")) {
            for (World w : sorted) {
                ps.setInt(1, w.randomNumber());
                ps.setInt(2, w.id());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Sets row {@code id} to {@code newNumber} if it still holds {@code expectedNumber} (compare-and-set: the
     * optimistic-concurrency write behind {@code If-Match}); returns whether it did.
     */
    public static boolean compareAndSet(Sql sql, int id, int expectedNumber, int newNumber) throws SQLException {
        try (PreparedStatement ps = sql.prepare("UPDATE World SET randomNumber = ? WHERE id = ? AND randomNumber = ?")) {
            ps.setInt(1, newNumber);
            ps.setInt(2, id);
            ps.setInt(3, expectedNumber);
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets row {@code id} to {@code newNumber} unconditionally; returns whether the row exists. */
    public static boolean set(Sql sql, int id, int newNumber) throws SQLException {
        try (PreparedStatement ps = sql.prepare("UPDATE World SET randomNumber = ? WHERE id = ?")) {
            ps.setInt(1, newNumber);
            ps.setInt(2, id);
            return ps.executeUpdate() == 1;
        }
    }
}
