package dev.weft.service.db.pg;

import org.jspecify.annotations.Nullable;

/**
 * A failed PostgreSQL query or connection: the server's {@code ErrorResponse} (with its SQLSTATE), a protocol
 * violation, or a connection that could not be made or was lost.
 *
 * <p>Each failed query gets its own instance, so a handler may attach it as a cause or add suppressed
 * exceptions without affecting other requests that failed for the same reason.
 */
public final class PgException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** SQLSTATE for the failures this client detects itself (a lost connection, a closed client): class 08. */
    public static final String CONNECTION_FAILURE = "08006";

    private final @Nullable String sqlState;

    /** A failure with the server's (or this client's) SQLSTATE, or null when there is none. */
    public PgException(String message, @Nullable String sqlState, @Nullable Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The five-character SQLSTATE ({@code 23505} for a unique violation...), or null when none applies. */
    public @Nullable String sqlState() {
        return sqlState;
    }
}
