package dev.weft.http.internal.client;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and port, the key of a connection pool (RFC 6454's origin).
 *
 * @param https whether the scheme is https
 * @param host the host as in the URI (lower case; an IPv6 literal keeps its brackets)
 * @param port the port (the scheme's default when the URI has none)
 */
public record Origin(boolean https, String host, int port) {

    /**
     * The origin of {@code uri}.
     *
     * @throws IllegalArgumentException when the URI is not an absolute http or https URI with a host
     */
    public static Origin of(URI uri) {
        String scheme = uri.getScheme();
        boolean https;
        if ("https".equalsIgnoreCase(scheme)) {
            https = true;
        } else if ("http".equalsIgnoreCase(scheme)) {
            https = false;
        } else {
            throw new IllegalArgumentException("request target: " + uri + " (expected: an absolute http:// or "
                    + "https:// URI)");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("request target: " + uri + " has no host (expected: "
                    + "scheme://host[:port]/path)");
        }
        int port = uri.getPort() < 0 ? (https ? 443 : 80) : uri.getPort();
        return new Origin(https, host.toLowerCase(Locale.ROOT), port);
    }

    /** The host without IPv6 brackets (for DNS, SNI and certificate checks). */
    public String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The value of the {@code Host} header: the host, plus the port when it is not the scheme's default. */
    public String hostHeader() {
        return port == (https ? 443 : 80) ? host : host + ":" + port;
    }

    /** {@code scheme://host:port}. */
    public String key() {
        return (https ? "https://" : "http://") + host + ":" + port;
    }

    @Override
    public String toString() {
        return key();
    }
}
