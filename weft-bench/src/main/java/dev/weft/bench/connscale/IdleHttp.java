package dev.weft.bench.connscale;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Handler;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.router.Router;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The server of H7 (idle HTTP keep-alive connections): weft-http's {@link HttpServer} on the benchmark's
 * runtime, answering {@code GET /plaintext} with {@code Hello, World!} and counting each answered request down on
 * {@code answered}. Its limits are raised for the run: a connection cap above the connection count and a 1 h
 * idle timeout, so no connection is closed while the readings are taken; everything else is the default
 * configuration, so the per-connection cost is the one a production server pays.
 */
final class IdleHttp implements AutoCloseable {
    static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;

    private IdleHttp(HttpServer server) {
        this.server = server;
    }

    /** Binds 127.0.0.1 on a free port and serves {@code /plaintext} (poll-based, or an async block when {@code async}). */
    static IdleHttp start(WeftRuntime rt, int connections, boolean async, CountDownLatch answered) {
        Router.Builder b = Router.builder();
        if (async) {
            Handler h = req -> {
                answered.countDown();
                return hello();
            };
            b.get("/plaintext", h);
        } else {
            Service<Request, Response> s = req -> {
                answered.countDown();
                return Futures.ready(hello());
            };
            b.routeService(Method.GET, "/plaintext", s);
        }
        Router router = b.build();
        ServerConfig config = ServerConfig.builder()
                .maxConnections(connections + 1000)
                .idleTimeout(Duration.ofHours(1))
                .build();
        HttpServer server = rt.blockOn(Futures.lazy(
                () -> HttpServer.bind(new InetSocketAddress("127.0.0.1", 0), config, router)));
        return new IdleHttp(server);
    }

    private static Response hello() {
        return new Response(Status.OK, new Headers().add("Server", "weft").add("Content-Type", "text/plain"),
                Body.of(BODY));
    }

    int port() {
        return server.localAddress().getPort();
    }

    /** Fails unless the server holds {@code n} open connections (none was closed behind the clients' backs). */
    void checkHeld(int n) {
        int open = server.activeConnections();
        if (open != n) {
            throw new ConnScale.ConnScaleFailed("the HTTP server holds " + open + " connections while idle (expected: "
                    + n + ")");
        }
    }

    /**
     * Waits until the server saw every connection close (the clients closed theirs), then counts {@code closed}
     * down to zero; fails at {@code deadline}.
     */
    void awaitAllClosed(CountDownLatch closed, long deadline) throws InterruptedException {
        while (server.activeConnections() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new ConnScale.ConnScaleFailed("the HTTP server still holds " + server.activeConnections()
                        + " connections after every client closed");
            }
            TimeUnit.MILLISECONDS.sleep(20); // a driver poll, not a test wait: HttpServer has no close signal
        }
        while (closed.getCount() > 0) closed.countDown();
    }

    @Override
    public void close() {
        server.close();
    }
}
