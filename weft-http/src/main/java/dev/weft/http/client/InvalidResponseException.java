package dev.weft.http.client;

/**
 * The server's response broke HTTP/1.1 (RFC 9112/9110): a malformed status line or header field, conflicting or
 * invalid framing ({@code Content-Length} with {@code Transfer-Encoding}, a bad chunk size), or a head over the
 * client's limits. The message names what was wrong; the connection has been closed, since its framing can no
 * longer be trusted.
 */
public final class InvalidResponseException extends HttpClientException {
    private static final long serialVersionUID = 1L;

    private final String origin;

    /**
     * @param origin the server, as {@code scheme://host:port}
     * @param problem what was wrong
     */
    public InvalidResponseException(String origin, String problem) {
        super("invalid response from " + origin + ": " + problem, null);
        this.origin = origin;
    }

    /** The server, as {@code scheme://host:port}. */
    public String origin() {
        return origin;
    }
}
