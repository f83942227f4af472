package dev.weft.http.client;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.weft.future.Future;
import dev.weft.http.Headers;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.internal.client.ClientSettings;
import dev.weft.http.internal.client.Origin;
import dev.weft.http.internal.client.Pool;
import dev.weft.http.internal.client.Redirects;
import dev.weft.http.internal.codec.ParseLimits;
import dev.weft.http.tls.TlsConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * An HTTP/1.1 client with a connection pool per origin: hyper's client (hyper-util's legacy {@code Client}) for
 * Weft. One client is meant to be shared by every task of an application; it is thread-safe.
 * {@snippet :
 * HttpClient client = HttpClient.builder().connectTimeout(Duration.ofSeconds(5)).build();
 * Response r = client.send(Request.get("http://127.0.0.1:8080/hello")).await();
 * String text = r.body().text(1 << 20).await();            // reading the body to its end frees the connection
 * }
 *
 * <p><b>Requests.</b> The request's target must be an absolute {@code http://} or {@code https://} URI; the
 * client sends the origin form ({@code /path?query}) with a {@code Host} header (unless the request has one).
 * The body decides the framing: a body of known length is sent with {@code Content-Length} (an in-memory
 * {@link dev.weft.http.Body.Full} together with the head in one gathering write), one of unknown length with the
 * chunked coding; a request body is streamed as the socket takes it (backpressure). {@code Content-Length} and
 * {@code Transfer-Encoding} fields of the request are ignored in favour of the body's.
 *
 * <p><b>Responses.</b> {@link #send} completes once the response head has arrived; the body streams from the
 * connection as it is polled (nothing is read ahead), framed by {@code Content-Length}, chunked coding or the end
 * of the connection. HEAD, 1xx, 204 and 304 responses have no body. Parsing is strict (RFC 9112): a malformed
 * response fails with {@link InvalidResponseException} naming what was wrong.
 *
 * <p><b>Connections.</b> Kept alive and pooled per origin (scheme, host, port): a connection goes back to the
 * pool when its response body has been read to the end (or at once for a response without body), unless either
 * side said {@code Connection: close}. <em>Read the body to its end or cancel it</em>: a body left unread keeps
 * its connection busy. Cancelling the body, or the {@code send} future, closes the connection, so a connection is
 * never reused half-read. Up to {@link Builder#maxConnectionsPerHost} connections per origin are open at once;
 * further requests wait, first come first served. Idle connections are closed after
 * {@link Builder#idleTimeout}. Requests are not pipelined (one request per connection at a time, as in hyper's
 * client): pipelining lets one slow response delay all behind it and breaks on many servers, so it is not offered.
 * A pooled connection that the server closed while idle is detected before use, and a request whose bytes the
 * server cannot have seen (it failed on a reused connection before any response byte) is sent again once on a new
 * connection when its body is in memory.
 *
 * <p><b>TLS.</b> https URIs use {@link dev.weft.http.tls.TlsStream} with {@link Builder#tls} (default: the JDK's
 * trust store), SNI and host-name verification, ALPN {@code http/1.1}.
 *
 * <p><b>Redirects</b> are not followed unless {@link Builder#followRedirects} says how many may be.
 */
public final class HttpClient implements AutoCloseable {

    private final ClientSettings settings;
    private final Pool pool;

    private HttpClient(ClientSettings settings) {
        this.settings = settings;
        this.pool = new Pool(settings.maxConnectionsPerHost(), settings.maxIdlePerHost(),
                settings.idleTimeout().toNanos());
    }

    /** A builder with the defaults listed on its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** A client with every default. */
    public static HttpClient create() {
        return builder().build();
    }

    /**
     * A future of the response to {@code request}: completes when the response head has arrived; the body then
     * streams from the connection.
     *
     * <p><b>Cancel safety:</b> cancelling before completion closes the connection the request was using (it is
     * never returned to the pool half-used), leaves the pool's queue if it was waiting for a connection, and
     * cancels a streamed request body. Nothing is retried.
     *
     * <p>The future fails with {@link HttpTimeoutException} (connect or request timeout),
     * {@link InvalidResponseException}, {@link ConnectionClosedException}, {@link TooManyRedirectsException},
     * or {@link java.io.UncheckedIOException} (connection refused or reset; TLS failures with an
     * {@link javax.net.ssl.SSLException} cause).
     *
     * @throws NullPointerException when {@code request} is null
     * @throws IllegalArgumentException when the request's target is not an absolute http or https URI
     * @throws IllegalStateException when the client is closed
     */
    public Future<Response> send(Request request) {
        Objects.requireNonNull(request, "request");
        if (pool.isClosed()) throw new IllegalStateException("send: the HttpClient is closed");
        URI uri = targetUri(request.target());
        Origin origin = Origin.of(uri); // validates scheme and host now, at the call
        if (settings.maxRedirects() == 0) return Redirects.start(settings, pool, request, uri, origin);
        return new Redirects(settings, pool, request, uri);
    }

    /**
     * A future of the response to {@code GET uri}.
     *
     * <p><b>Cancel safety:</b> as {@link #send}.
     *
     * @throws IllegalArgumentException when {@code uri} is not an absolute http or https URI
     */
    public Future<Response> get(String uri) {
        return send(Request.get(Objects.requireNonNull(uri, "uri")));
    }

    private static URI targetUri(String target) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("request target: " + target + " is not a URI (" + e.getReason()
                    + ")", e);
        }
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("request target: " + target + " (expected: an absolute http:// or "
                    + "https:// URI, e.g. http://127.0.0.1:8080" + (target.startsWith("/") ? target : "/") + ")");
        }
        return uri;
    }

    /** The number of connections this client has opened so far (TCP connects that succeeded). */
    public long connectionsOpened() {
        return pool.connectionsOpened();
    }

    /** The number of idle pooled connections now. */
    public int idleConnections() {
        return pool.idleCount();
    }

    /** The number of open connections now: busy, idle or being connected. */
    public int openConnections() {
        return pool.openCount();
    }

    /**
     * Closes every idle connection and refuses new requests; requests in flight finish, and their connections are
     * closed instead of pooled. Requests waiting for a connection fail with {@link IllegalStateException}.
     * Idempotent.
     */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "HttpClient[open=" + pool.openCount() + ", idle=" + pool.idleCount() + "]";
    }

    /** Settings of an {@link HttpClient}. */
    @CanIgnoreReturnValue // the setters return this builder
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout;
        private Duration idleTimeout = Duration.ofSeconds(90);
        private int maxConnectionsPerHost = Integer.MAX_VALUE;
        private int maxIdlePerHost = Integer.MAX_VALUE;
        private int maxRedirects;
        private TlsConfig tls;
        private int maxHeaderBytes = ParseLimits.DEFAULT.maxHeaderBytes();
        private int maxHeaderCount = ParseLimits.DEFAULT.maxHeaderCount();
        private final Headers defaultHeaders = new Headers();

        private Builder() {}

        /**
         * The time allowed for opening a connection: DNS, TCP connect and the TLS handshake. Default 10 s.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * The time allowed from the first poll of {@link HttpClient#send} until the response head has arrived
         * (waiting for a pooled connection, connecting and sending the request included; reading the body is
         * not). Default: none. Bound body reads with {@code Time.timeout} around them.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /**
         * How long a pooled connection may stay idle before it is closed instead of reused. Default 90 s (as
         * hyper's client); keep it below the servers' keep-alive timeouts.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * The most connections open to one origin at once (busy, idle or connecting); further requests wait in
         * FIFO order. Default: unlimited.
         *
         * @throws IllegalArgumentException when {@code max} &lt; 1
         */
        public Builder maxConnectionsPerHost(int max) {
            if (max < 1) throw new IllegalArgumentException("maxConnectionsPerHost: " + max + " (expected: >= 1)");
            this.maxConnectionsPerHost = max;
            return this;
        }

        /**
         * The most idle connections kept per origin; a connection returned beyond it is closed. 0 disables
         * keep-alive reuse. Default: unlimited.
         *
         * @throws IllegalArgumentException when {@code max} &lt; 0
         */
        public Builder maxIdlePerHost(int max) {
            if (max < 0) throw new IllegalArgumentException("maxIdlePerHost: " + max + " (expected: >= 0)");
            this.maxIdlePerHost = max;
            return this;
        }

        /**
         * Follow up to {@code max} redirects (301, 302, 303, 307, 308) per request; 0 (the default) follows none.
         *
         * @throws IllegalArgumentException when {@code max} &lt; 0
         */
        public Builder followRedirects(int max) {
            if (max < 0) throw new IllegalArgumentException("followRedirects: " + max + " (expected: >= 0)");
            this.maxRedirects = max;
            return this;
        }

        /**
         * The TLS config for https (a client config). Default: {@link TlsConfig#client()}, the JDK's trust store.
         *
         * @throws IllegalArgumentException when {@code config} is a server config
         */
        public Builder tls(TlsConfig config) {
            Objects.requireNonNull(config, "config");
            if (config.role() != TlsConfig.Role.CLIENT) {
                throw new IllegalArgumentException("tls: a " + config.role() + " config (expected: a CLIENT config)");
            }
            this.tls = config;
            return this;
        }

        /**
         * The most bytes of response header fields accepted (default 16 KiB) and the most fields (default 100);
         * a larger response head fails with {@link InvalidResponseException}.
         *
         * @throws IllegalArgumentException when either is &lt; 1
         */
        public Builder maxResponseHeaders(int bytes, int count) {
            if (bytes < 1) throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 1)");
            if (count < 1) throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
            this.maxHeaderBytes = bytes;
            this.maxHeaderCount = count;
            return this;
        }

        /**
         * Adds a header field sent with every request that has no field of that name (e.g. {@code User-Agent}).
         *
         * @throws IllegalArgumentException as {@link Headers#add}
         */
        public Builder defaultHeader(String name, String value) {
            defaultHeaders.add(name, value);
            return this;
        }

        /** The client. */
        @CheckReturnValue
        public HttpClient build() {
            ParseLimits d = ParseLimits.DEFAULT;
            ParseLimits limits = new ParseLimits(d.maxRequestLineBytes(), maxHeaderBytes, maxHeaderCount,
                    Long.MAX_VALUE, d.maxChunkExtensionBytes(), d.maxTrailerBytes());
            TlsConfig t = tls != null ? tls : TlsConfig.client();
            return new HttpClient(new ClientSettings(connectTimeout, requestTimeout, idleTimeout,
                    maxConnectionsPerHost, maxIdlePerHost, maxRedirects, t, limits, new Headers(defaultHeaders)));
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
