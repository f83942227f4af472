package dev.weft.service;

import dev.weft.future.Future;
import dev.weft.http.server.DrainReport;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.sync.CancellationToken;
import java.net.InetSocketAddress;

/**
 * A {@link WeftService} on a socket: weft-http's {@link HttpServer} serving its pipeline, and the graceful
 * shutdown that SIGTERM and ctrl-c trigger ({@link #stop()}, which tests call directly: the same path).
 *
 * <p>Shutdown order: {@code /ready} turns 503 (so a load balancer stops routing here), the server stops
 * accepting and closes idle connections, in-flight requests finish until {@code --shutdown-timeout} (their
 * responses carry {@code Connection: close}), what is left is cut, then the pool closes.
 *
 * <p>The server's own limits are set around the service's: the request body limit is larger than the API's
 * ({@code --max-body}), so a too-large JSON body gets the API's problem+json 413; only bodies past the server's
 * cap are refused by the server itself.
 */
public final class Serve {
    private final WeftService service;
    private final HttpServer server;
    private final CancellationToken stop = new CancellationToken();

    private Serve(WeftService service, HttpServer server) {
        this.service = service;
        this.server = server;
    }

    /**
     * Binds {@code service}'s host and port and starts serving. Call on a Weft runtime (inside an async block
     * or {@code blockOn}).
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public static Serve start(WeftService service) {
        Config c = service.config();
        ServerConfig sc = ServerConfig.builder()
                .maxBodyBytes(Math.max(1L << 20, c.maxBodyBytes() * 4))
                .build();
        HttpServer server = HttpServer.bind(new InetSocketAddress(c.host(), c.port()), sc, service.app());
        return new Serve(service, server);
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** The server. */
    public HttpServer server() {
        return server;
    }

    /** Asks for a graceful shutdown (what SIGTERM and ctrl-c do); idempotent, from any thread. */
    public void stop() {
        stop.cancel();
    }

    /**
     * A future that completes when {@link #stop()} is called.
     *
     * <p><b>Cancel safety:</b> cancel-safe: cancelling only drops this waiter.
     */
    public Future<Void> stopped() {
        return stop.cancelled();
    }

    /**
     * Waits for {@link #stop()} (SIGTERM, ctrl-c, or a test), then {@linkplain #drainAndClose() drains and
     * closes}. This is what {@code ./weft serve} runs after start-up. Call from an async block.
     */
    public DrainReport awaitStopThenDrain() {
        stopped().await();
        return drainAndClose();
    }

    /**
     * Drains and closes: {@code /ready} 503, stop accepting, finish in-flight requests up to the shutdown
     * timeout, close the pool. Call from an async block.
     *
     * @return what the drain did
     */
    public DrainReport drainAndClose() {
        service.beginShutdown();
        try {
            return server.shutdown(service.config().shutdownTimeout()).await();
        } finally {
            service.close();
        }
    }
}
