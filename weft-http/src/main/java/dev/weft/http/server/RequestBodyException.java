package dev.weft.http.server;

import dev.weft.http.Status;

/**
 * Reading a request body failed: its framing was invalid (400), it passed the body limit (413), the client was
 * too slow (408) or closed the connection mid-body. The server answers with {@link #status()} and closes the
 * connection, whatever response the handler returns after catching this.
 * {@snippet :
 * Handler upload = req -> {
 *     long n = req.body().fold(0L, (total, chunk) -> total + chunk.remaining()).await(); // may throw this
 *     return Response.text("received " + n + " bytes");
 * };
 * }
 */
public final class RequestBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Status status;

    /**
     * @param status the status the server answers with
     * @param message what went wrong
     */
    public RequestBodyException(Status status, String message) {
        super(message);
        this.status = status;
    }

    /** The status the server answers with. */
    public Status status() {
        return status;
    }
}
