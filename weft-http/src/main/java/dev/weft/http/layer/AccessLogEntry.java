package dev.weft.http.layer;

import dev.weft.http.Method;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One access-log record, written by {@link AccessLogLayer} once per request when its response is complete.
 *
 * @param method the request method
 * @param path the request path, still percent-encoded, without the query (which may hold secrets)
 * @param status the response status code; 500 when the call failed, 499 when it was cancelled before a response
 *     (nginx's "client closed request")
 * @param bytes the response body bytes produced (for a streamed body, what was read of it before it ended or
 *     was abandoned)
 * @param duration from the call's first poll to the end of the response body (or of the failure/cancel)
 * @param requestId the request id ({@link RequestId}), or {@code null} when no request-id layer ran outside
 * @param remoteAddress the peer's address, or {@code null} when the request did not come from a socket
 * @param outcome how the exchange ended
 */
public record AccessLogEntry(Method method, String path, int status, long bytes, Duration duration, String requestId,
        InetSocketAddress remoteAddress, Outcome outcome) {

    /** How an exchange ended. */
    public enum Outcome {
        /** The response and its whole body were produced. */
        COMPLETED,
        /** The call failed (an exception; status 500), or the response body failed midway (status as sent). */
        FAILED,
        /** The call or the response body was cancelled (client gone, deadline, shutdown). */
        CANCELLED
    }

    /** Checks for nulls where a value is required. */
    public AccessLogEntry {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * The entry as one logfmt line, e.g.
     * {@code method=GET path=/users/42 status=200 bytes=13 duration_us=412 request_id=4f.. remote=127.0.0.1:51234 outcome=completed}.
     * Every value is a token or an address (paths and ids hold no spaces), so no quoting is needed.
     */
    public String toLogfmt() {
        StringBuilder sb = new StringBuilder(160);
        sb.append("method=").append(method.name())
                .append(" path=").append(path)
                .append(" status=").append(status)
                .append(" bytes=").append(bytes)
                .append(" duration_us=").append(duration.toNanos() / 1_000)
                .append(" request_id=").append(requestId == null ? "-" : requestId)
                .append(" remote=");
        if (remoteAddress == null) {
            sb.append('-');
        } else {
            sb.append(remoteAddress.getAddress() != null ? remoteAddress.getAddress().getHostAddress()
                    : remoteAddress.getHostString()).append(':').append(remoteAddress.getPort());
        }
        sb.append(" outcome=").append(outcome.name().toLowerCase(java.util.Locale.ROOT));
        return sb.toString();
    }

    @Override
    public String toString() {
        return toLogfmt();
    }
}
