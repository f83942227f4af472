package dev.weft.bench.http.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The {@code jdk-httpserver} server of H1-H3: {@code com.sun.net.httpserver.HttpServer} with a
 * virtual-thread-per-task executor (the JDK's recommended executor for blocking handlers since JDK 21), one
 * context per path. The JDK adds {@code Date}; {@code sendResponseHeaders} with the length sets
 * {@code Content-Length}. The server keeps at most {@code sun.net.httpserver.maxIdleConnections} idle keep-alive
 * connections (default 200, documented in the {@code jdk.httpserver} module) and closes the rest, which 256 wrk
 * connections see as read errors: it is raised to 4096 here, the tuning the module's documentation offers.
 */
public final class JdkHttpServer {
    private JdkHttpServer() {}

    /** Argument: the port (0 = any). Prints {@code READY <port>}; exits when standard input ends. */
    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", TechEmpower.port(args)), 8192);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(TechEmpower.PLAINTEXT_PATH,
                ex -> send(ex, TechEmpower.TEXT_PLAIN, TechEmpower.PLAINTEXT_BYTES));
        server.createContext(TechEmpower.JSON_PATH,
                ex -> send(ex, TechEmpower.APPLICATION_JSON, TechEmpower.jsonBytes()));
        server.start();
        TechEmpower.ready(server.getAddress().getPort());
        TechEmpower.awaitStdinEndThenExit();
    }

    private static void send(HttpExchange ex, String contentType, byte[] body) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            var h = ex.getResponseHeaders();
            h.set("Server", "jdk-httpserver");
            h.set("Content-Type", contentType);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
