package dev.weft.http.client;

/**
 * The server closed the connection before the response was complete: before or inside its head, or before the
 * end of a body delimited by {@code Content-Length} or chunked coding. The message says how far it got.
 */
public final class ConnectionClosedException extends HttpClientException {
    private static final long serialVersionUID = 1L;

    /** @param message what was expected when the connection ended */
    public ConnectionClosedException(String message) {
        super(message, null);
    }
}
