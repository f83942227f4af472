package dev.weft.service.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The handle a {@link SqlWork} gets: its connection, and statement preparation that registers each statement
 * so a cancelled call can {@link Statement#cancel()} it from another thread.
 *
 * <p>Implementation notes
 * <ol>
 * <li>{@code statements} and {@code cancelled} are guarded by {@code this}: {@link #prepare} (database thread)
 *     and {@link #cancel()} (the thread cancelling the call) serialize on it, so a statement prepared after
 *     cancel() is cancelled at once and cancel() never misses one prepared before it.</li>
 * <li>Each statement gets a query timeout (whole seconds, JDBC's unit, rounded up) from the call's remaining
 *     deadline: a backstop for a call whose cancel could not reach the database.</li>
 * </ol>
 */
public final class Sql {
    private final Connection connection;
    private final Dialect dialect;
    private final int queryTimeoutSeconds;
    private final List<Statement> statements = new ArrayList<>(2);
    private boolean cancelled;

    Sql(Connection connection, Dialect dialect, int queryTimeoutSeconds) {
        this.connection = connection;
        this.dialect = dialect;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** The pooled connection (auto-commit on unless the work changes it; the pool resets it). */
    public Connection connection() {
        return connection;
    }

    /** The database's dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Prepares {@code sqlText} on the connection, registered for cancellation.
     *
     * @throws SQLException as the driver does, or when the call was already cancelled
     */
    public PreparedStatement prepare(String sqlText) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sqlText);
        if (queryTimeoutSeconds > 0) ps.setQueryTimeout(queryTimeoutSeconds);
        synchronized (this) {
            if (cancelled) {
                ps.close();
                throw new SQLException("statement cancelled: the request was cancelled or passed its deadline", "57014");
            }
            statements.add(ps);
        }
        return ps;
    }

    /** Cancels every statement prepared so far and every later one (from any thread). */
    void cancel() {
        List<Statement> toCancel;
        synchronized (this) {
            if (cancelled) return;
            cancelled = true;
            toCancel = List.copyOf(statements);
        }
        for (Statement s : toCancel) {
            try {
                s.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // closed already, or the driver cannot cancel: the query timeout is the backstop
            }
        }
    }

    /** Whether {@link #cancel()} was called. */
    synchronized boolean isCancelled() {
        return cancelled;
    }
}
