package dev.weft.bench.http.servers;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.router.Router;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.http.service.Service;
import dev.weft.runtime.IoDriverKind;
import dev.weft.runtime.WeftRuntime;
import java.net.InetSocketAddress;

/**
 * The {@code weft-poll} server of H1-H3: a {@link Router} whose routes are poll-based {@link Service}s
 * ({@code routeService}: no thread per request, each response an already-completed future) on a 2-worker Weft
 * runtime. weft-http adds {@code Date} and {@code Content-Length}; the service adds {@code Server} and
 * {@code Content-Type}. With the argument {@code epoll} after the port ({@code weft-poll-epoll}) the runtime uses the
 * FFM epoll I/O driver instead of the JDK selector (not the default: see {@link IoDriverKind#EPOLL}).
 */
public final class WeftPollServer {
    private WeftPollServer() {}

    /**
     * Arguments: the port (0 = any), then optionally {@code epoll} or {@code nio} (the I/O driver; default: the
     * runtime's own default). Prints {@code READY <port>}; exits when standard input ends.
     */
    public static void main(String[] args) throws Exception {
        int port = TechEmpower.port(args);
        String driver = args.length > 1 ? args[1] : "";
        Router router = Router.builder()
                .routeService(Method.GET, TechEmpower.PLAINTEXT_PATH, req -> Futures.ready(plaintext()))
                .routeService(Method.GET, TechEmpower.JSON_PATH, req -> Futures.ready(json()))
                .build();
        WeftRuntime.Builder b = WeftRuntime.builder().workerThreads(2).name("weft-poll-http");
        switch (driver) {
            case "" -> { }
            case "epoll" -> b.ioDriver(IoDriverKind.EPOLL);
            case "nio" -> b.ioDriver(IoDriverKind.NIO);
            default -> throw new IllegalArgumentException("I/O driver: \"" + driver + "\" (expected: epoll or nio)");
        }
        WeftRuntime rt = b.build();
        HttpServer server = rt.blockOn(Futures.lazy(() -> HttpServer.bind(new InetSocketAddress("127.0.0.1", port),
                ServerConfig.defaults(), router)));
        TechEmpower.ready(server.localAddress().getPort());
        TechEmpower.awaitStdinEndThenExit();
    }

    static Response plaintext() {
        return new Response(Status.OK, new Headers().add("Server", "weft").add("Content-Type", TechEmpower.TEXT_PLAIN),
                Body.of(TechEmpower.PLAINTEXT_BYTES));
    }

    static Response json() {
        return new Response(Status.OK, new Headers().add("Server", "weft")
                .add("Content-Type", TechEmpower.APPLICATION_JSON), Body.of(TechEmpower.jsonBytes()));
    }
}
