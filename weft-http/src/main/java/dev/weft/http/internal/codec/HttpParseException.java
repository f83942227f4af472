package dev.weft.http.internal.codec;

import dev.weft.http.Status;

/**
 * A message that breaks RFC 9112/9110 or a configured limit, with the status a server answers it with (400, 413,
 * 414, 431, 501, 505). After it the connection's framing can no longer be trusted, so servers answer and close.
 *
 * <p>It carries no stack trace: it is an expected outcome of parsing hostile input, thrown often under attack,
 * and a trace would only cost time.
 */
public final class HttpParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Status status;

    /**
     * @param status the status to answer with
     * @param message what was wrong (safe to show the client: it never echoes the input)
     */
    public HttpParseException(Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The status a server answers this error with. */
    public Status status() {
        return status;
    }

    static HttpParseException bad(String message) {
        return new HttpParseException(Status.BAD_REQUEST, message);
    }

    @Override
    public String toString() {
        return "HttpParseException[" + status.code() + ": " + getMessage() + "]";
    }
}
