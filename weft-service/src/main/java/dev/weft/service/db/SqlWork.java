package dev.weft.service.db;

import java.sql.SQLException;

/**
 * Work done with one pooled connection, on a database thread.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {
    /** Runs the work; statements are prepared through {@code sql} so that cancellation can reach them. */
    T run(Sql sql) throws SQLException;
}
