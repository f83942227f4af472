package dev.weft.bench.http.servers;

import dev.weft.future.Futures;
import dev.weft.http.router.Router;
import dev.weft.http.server.HttpServer;
import dev.weft.http.server.ServerConfig;
import dev.weft.runtime.WeftRuntime;
import java.net.InetSocketAddress;

/**
 * The {@code weft-async} server of H1-H3: a {@link Router} whose routes are async-block {@code Handler}s (the
 * router's default style: each request runs as sequential code on its own virtual thread) on a 2-worker Weft
 * runtime, with the virtual-thread scheduler at 2 carriers (the harness's JVM flags).
 */
public final class WeftAsyncServer {
    private WeftAsyncServer() {}

    /** Argument: the port (0 = any). Prints {@code READY <port>}; exits when standard input ends. */
    public static void main(String[] args) throws Exception {
        int port = TechEmpower.port(args);
        Router router = Router.builder()
                .get(TechEmpower.PLAINTEXT_PATH, req -> WeftPollServer.plaintext())
                .get(TechEmpower.JSON_PATH, req -> WeftPollServer.json())
                .build();
        WeftRuntime rt = WeftRuntime.builder().workerThreads(2).name("weft-async-http").build();
        HttpServer server = rt.blockOn(Futures.lazy(() -> HttpServer.bind(new InetSocketAddress("127.0.0.1", port),
                ServerConfig.defaults(), router)));
        TechEmpower.ready(server.localAddress().getPort());
        TechEmpower.awaitStdinEndThenExit();
    }
}
