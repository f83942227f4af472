package dev.weft.http.server;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.weft.http.internal.codec.ParseLimits;
import dev.weft.http.tls.TlsConfig;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The limits and timeouts of an {@link HttpServer}, each with the status it answers when passed.
 *
 * <table class="striped">
 *   <caption>Limits</caption>
 *   <tr><th>Setting</th><th>Default</th><th>When passed</th></tr>
 *   <tr><td>{@link Builder#maxRequestLineBytes}</td><td>8 KiB</td><td>414 and close</td></tr>
 *   <tr><td>{@link Builder#maxHeaderBytes}</td><td>16 KiB</td><td>431 and close</td></tr>
 *   <tr><td>{@link Builder#maxHeaderCount}</td><td>100</td><td>431 and close</td></tr>
 *   <tr><td>{@link Builder#maxBodyBytes}</td><td>16 MiB</td><td>413 and close (declared length: before the
 *       handler runs; chunked: when the chunk that passes it arrives)</td></tr>
 *   <tr><td>{@link Builder#headerReadTimeout}</td><td>10 s</td><td>408 and close (slowloris)</td></tr>
 *   <tr><td>{@link Builder#bodyReadTimeout}</td><td>30 s</td><td>the body read fails; 408 and close</td></tr>
 *   <tr><td>{@link Builder#idleTimeout}</td><td>60 s</td><td>an idle keep-alive connection is closed</td></tr>
 *   <tr><td>{@link Builder#writeTimeout}</td><td>30 s</td><td>a write that makes no progress for this long
 *       closes the connection</td></tr>
 *   <tr><td>{@link Builder#tls}</td><td>none: plain HTTP</td><td>HTTPS: every connection is TLS; a
 *       handshake not finished within {@code headerReadTimeout} closes the connection</td></tr>
 *   <tr><td>{@link Builder#maxConnections}</td><td>10,000</td><td>accept pauses, or (with
 *       {@link Builder#rejectOverCapacity}) the connection is answered 503 and closed</td></tr>
 *   <tr><td>{@link Builder#pipelineDepth}</td><td>16</td><td>further pipelined requests wait in the socket
 *       until earlier ones are answered</td></tr>
 * </table>
 * {@snippet :
 * ServerConfig config = ServerConfig.builder()
 *         .maxBodyBytes(1 << 20)
 *         .headerReadTimeout(Duration.ofSeconds(5))
 *         .maxConnections(20_000)
 *         .build();
 * }
 */
public final class ServerConfig {

    private final int maxRequestLineBytes;
    private final int maxHeaderBytes;
    private final int maxHeaderCount;
    private final long maxBodyBytes;
    private final Duration headerReadTimeout;
    private final Duration bodyReadTimeout;
    private final Duration idleTimeout;
    private final Duration writeTimeout;
    private final int maxConnections;
    private final boolean rejectOverCapacity;
    private final long maxDrainBytes;
    private final int pipelineDepth;
    private final @Nullable TlsConfig tls;
    private final ParseLimits parseLimits;

    private ServerConfig(Builder b) {
        maxRequestLineBytes = b.maxRequestLineBytes;
        maxHeaderBytes = b.maxHeaderBytes;
        maxHeaderCount = b.maxHeaderCount;
        maxBodyBytes = b.maxBodyBytes;
        headerReadTimeout = b.headerReadTimeout;
        bodyReadTimeout = b.bodyReadTimeout;
        idleTimeout = b.idleTimeout;
        writeTimeout = b.writeTimeout;
        maxConnections = b.maxConnections;
        rejectOverCapacity = b.rejectOverCapacity;
        maxDrainBytes = b.maxDrainBytes;
        pipelineDepth = b.pipelineDepth;
        tls = b.tls;
        parseLimits = new ParseLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes,
                16 * 1024, Math.min(maxHeaderBytes, 8 * 1024));
    }

    /** The defaults (see the table above). */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The longest request line in bytes (414 past it). */
    public int maxRequestLineBytes() {
        return maxRequestLineBytes;
    }

    /** The most header bytes after the request line (431 past it). */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** The most header fields (431 past it). */
    public int maxHeaderCount() {
        return maxHeaderCount;
    }

    /** The longest request body in bytes (413 past it). */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The longest time to receive a whole request head (408 past it). */
    public Duration headerReadTimeout() {
        return headerReadTimeout;
    }

    /** The longest wait for the next bytes of a request body the handler is reading (408 past it). */
    public Duration bodyReadTimeout() {
        return bodyReadTimeout;
    }

    /** How long a keep-alive connection may wait for its next request. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The longest a response write may make no progress. */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** The most connections served at once. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Whether a connection past {@link #maxConnections()} is answered 503 (else accept pauses). */
    public boolean rejectOverCapacity() {
        return rejectOverCapacity;
    }

    /**
     * The most unread request-body bytes the server reads and discards after a response to keep the
     * connection; a longer remainder closes it instead.
     */
    public long maxDrainBytes() {
        return maxDrainBytes;
    }

    /**
     * The most requests of one connection handled at once: pipelined requests that are safe (GET, HEAD, OPTIONS,
     * TRACE), carry no body and keep the connection are called as soon as they are parsed, up to this many
     * counting the one being answered, as RFC 9112 §9.3.2 allows; their responses are still written in request
     * order. A request that is not safe, or has a body, starts only when every request before it is answered.
     * {@code 1} handles every request strictly one at a time (hyper's behaviour). Pipelining clients are rare
     * (wrk, some proxies and load tools); for them this overlaps the handlers of a pipeline, which matters most
     * for async-block handlers, each on its own virtual thread.
     */
    public int pipelineDepth() {
        return pipelineDepth;
    }

    /** The TLS configuration when the server speaks HTTPS, else null (plain HTTP). */
    public @Nullable TlsConfig tls() {
        return tls;
    }

    /** The parser limits these settings imply (for the codec). */
    public ParseLimits parseLimits() {
        return parseLimits;
    }

    @Override
    public String toString() {
        return "ServerConfig[maxRequestLineBytes=" + maxRequestLineBytes + ", maxHeaderBytes=" + maxHeaderBytes
                + ", maxHeaderCount=" + maxHeaderCount + ", maxBodyBytes=" + maxBodyBytes + ", headerReadTimeout="
                + headerReadTimeout + ", bodyReadTimeout=" + bodyReadTimeout + ", idleTimeout=" + idleTimeout
                + ", writeTimeout=" + writeTimeout + ", maxConnections=" + maxConnections + ", rejectOverCapacity="
                + rejectOverCapacity + ", maxDrainBytes=" + maxDrainBytes + ", pipelineDepth=" + pipelineDepth
                + ", tls=" + (tls != null) + "]";
    }

    /** Builds a {@link ServerConfig}; every setting is checked when set. */
    @CanIgnoreReturnValue // the setters return this builder
    public static final class Builder {
        private int maxRequestLineBytes = 8 * 1024;
        private int maxHeaderBytes = 16 * 1024;
        private int maxHeaderCount = 100;
        private long maxBodyBytes = 16L << 20;
        private Duration headerReadTimeout = Duration.ofSeconds(10);
        private Duration bodyReadTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration writeTimeout = Duration.ofSeconds(30);
        private int maxConnections = 10_000;
        private boolean rejectOverCapacity;
        private long maxDrainBytes = 64 * 1024;
        private int pipelineDepth = 16;
        private @Nullable TlsConfig tls;

        private Builder() {}

        /** @see ServerConfig#maxRequestLineBytes() */
        public Builder maxRequestLineBytes(int bytes) {
            maxRequestLineBytes = positive("maxRequestLineBytes", bytes);
            return this;
        }

        /** @see ServerConfig#maxHeaderBytes() */
        public Builder maxHeaderBytes(int bytes) {
            maxHeaderBytes = positive("maxHeaderBytes", bytes);
            return this;
        }

        /** @see ServerConfig#maxHeaderCount() */
        public Builder maxHeaderCount(int count) {
            maxHeaderCount = positive("maxHeaderCount", count);
            return this;
        }

        /** @see ServerConfig#maxBodyBytes() */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0) throw new IllegalArgumentException("maxBodyBytes: " + bytes + " (expected: >= 0)");
            maxBodyBytes = bytes;
            return this;
        }

        /** @see ServerConfig#headerReadTimeout() */
        public Builder headerReadTimeout(Duration timeout) {
            headerReadTimeout = positive("headerReadTimeout", timeout);
            return this;
        }

        /** @see ServerConfig#bodyReadTimeout() */
        public Builder bodyReadTimeout(Duration timeout) {
            bodyReadTimeout = positive("bodyReadTimeout", timeout);
            return this;
        }

        /** @see ServerConfig#idleTimeout() */
        public Builder idleTimeout(Duration timeout) {
            idleTimeout = positive("idleTimeout", timeout);
            return this;
        }

        /** @see ServerConfig#writeTimeout() */
        public Builder writeTimeout(Duration timeout) {
            writeTimeout = positive("writeTimeout", timeout);
            return this;
        }

        /** @see ServerConfig#maxConnections() */
        public Builder maxConnections(int count) {
            maxConnections = positive("maxConnections", count);
            return this;
        }

        /** @see ServerConfig#rejectOverCapacity() */
        public Builder rejectOverCapacity(boolean reject) {
            rejectOverCapacity = reject;
            return this;
        }

        /** @see ServerConfig#maxDrainBytes() */
        public Builder maxDrainBytes(long bytes) {
            if (bytes < 0) throw new IllegalArgumentException("maxDrainBytes: " + bytes + " (expected: >= 0)");
            maxDrainBytes = bytes;
            return this;
        }

        /** @see ServerConfig#pipelineDepth() */
        public Builder pipelineDepth(int requests) {
            pipelineDepth = positive("pipelineDepth", requests);
            return this;
        }

        /**
         * Serves HTTPS: each accepted connection is wrapped in a server {@link dev.weft.http.tls.TlsStream} with
         * {@code config}. The handshake runs on the connection's own task and must finish, together with the first
         * request head, within {@link ServerConfig#headerReadTimeout()}, so a client that never completes it does
         * not hold a connection slot; a client that is not speaking TLS (plain {@code http://} to this port) fails
         * the handshake and is disconnected at once. ALPN offers {@code http/1.1}, the only protocol this server
         * speaks. {@code null} goes back to plain HTTP.
         * {@snippet :
         * SelfSignedCertificate cert = SelfSignedCertificate.generate();   // or TlsConfig.serverPkcs12(...)
         * HttpServer server = HttpServer.bind(address,
         *         ServerConfig.builder().tls(cert.serverConfig()).build(), handler.toService());
         * }
         *
         * @throws IllegalArgumentException when {@code config} is not a SERVER config, or offers an application
         *     protocol other than {@code http/1.1} (e.g. {@code h2}: this server speaks HTTP/1.1 only)
         */
        public Builder tls(@Nullable TlsConfig config) {
            if (config != null) {
                if (config.role() != TlsConfig.Role.SERVER) {
                    throw new IllegalArgumentException("tls: a " + config.role() + " config (expected: a SERVER config)");
                }
                for (String p : config.applicationProtocols()) {
                    if (!p.equals("http/1.1")) {
                        throw new IllegalArgumentException("tls: application protocols " + config.applicationProtocols()
                                + " (expected: http/1.1 only, the protocol this server speaks)");
                    }
                }
            }
            tls = config;
            return this;
        }

        /** The configuration. */
        @CheckReturnValue
        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static int positive(String name, int v) {
            if (v <= 0) throw new IllegalArgumentException(name + ": " + v + " (expected: > 0)");
            return v;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }
    }
}
