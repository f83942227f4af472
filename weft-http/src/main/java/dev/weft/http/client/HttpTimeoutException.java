package dev.weft.http.client;

import java.time.Duration;
import java.util.Objects;

/**
 * A timeout of {@link HttpClient} elapsed; {@link #phase()} says which one. The connection involved was closed
 * (never returned to the pool half-used).
 */
public final class HttpTimeoutException extends HttpClientException {
    private static final long serialVersionUID = 1L;

    /** Which timeout elapsed. */
    public enum Phase {
        /** {@link HttpClient.Builder#connectTimeout}: TCP connect plus the TLS handshake. */
        CONNECT,
        /** {@link HttpClient.Builder#requestTimeout}: from the first poll of {@code send} to the response head. */
        REQUEST
    }

    private final Phase phase;
    private final transient Duration timeout;

    /**
     * @param phase which timeout
     * @param timeout its configured duration
     * @param origin the server, as {@code scheme://host:port}
     */
    public HttpTimeoutException(Phase phase, Duration timeout, String origin) {
        super(Objects.requireNonNull(phase, "phase").name().toLowerCase(java.util.Locale.ROOT) + " timeout of "
                + timeout + " elapsed for " + origin, null);
        this.phase = phase;
        this.timeout = timeout;
    }

    /** Which timeout elapsed. */
    public Phase phase() {
        return phase;
    }

    /** The configured duration of that timeout. */
    public Duration timeout() {
        return timeout;
    }
}
