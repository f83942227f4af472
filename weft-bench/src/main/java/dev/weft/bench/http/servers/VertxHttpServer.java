package dev.weft.bench.http.servers;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.ServerSocket;

/**
 * The {@code vertx} server of H1-H3 (Vert.x 5), as Vert.x's own TechEmpower entry is written: 2 event loops, one
 * verticle instance per event loop each with its own {@code HttpServer} on the shared port, the native
 * transport preferred (epoll is on the class path; Vert.x's docs recommend it for performance), header names and
 * values built once with {@link HttpHeaders#createOptimized}, the {@code Date} value refreshed by a 1 s periodic
 * timer, and the response ended with a pre-built {@link Buffer}. JSON is serialized per request with Jackson.
 */
public final class VertxHttpServer {
    private VertxHttpServer() {}

    private static final CharSequence SERVER = HttpHeaders.createOptimized("vertx");
    private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized(TechEmpower.TEXT_PLAIN);
    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized(TechEmpower.APPLICATION_JSON);
    private static final CharSequence PLAINTEXT_LENGTH = HttpHeaders.createOptimized(
            Integer.toString(TechEmpower.PLAINTEXT_BYTES.length));
    private static final Buffer PLAINTEXT = Buffer.buffer(TechEmpower.PLAINTEXT_BYTES);

    private static volatile CharSequence date = HttpHeaders.createOptimized(TechEmpower.httpDate());

    /** Argument: the port (0 = a free port chosen here). Prints {@code READY <port>}; exits when stdin ends. */
    public static void main(String[] args) throws Exception {
        int port = TechEmpower.port(args);
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
        vertx.setPeriodic(1000, id -> date = HttpHeaders.createOptimized(TechEmpower.httpDate()));
        int p = port;
        vertx.deployVerticle(() -> new Hello(p), new DeploymentOptions().setInstances(2))
                .toCompletionStage().toCompletableFuture().get();
        System.err.println("vertx: native transport " + (vertx.isNativeTransportEnabled() ? "on" : "off"));
        TechEmpower.ready(port);
        TechEmpower.awaitStdinEndThenExit();
    }

    /** One instance per event loop. */
    static final class Hello extends VerticleBase {
        private final int port;

        Hello(int port) {
            this.port = port;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                            .setTcpNoDelay(true).setHttp2ClearTextEnabled(false))
                    .requestHandler(Hello::handle)
                    .listen();
        }

        private static void handle(HttpServerRequest req) {
            HttpServerResponse res = req.response();
            switch (req.path()) {
                case TechEmpower.PLAINTEXT_PATH -> {
                    res.headers().add(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN).add(HttpHeaders.SERVER, SERVER)
                            .add(HttpHeaders.DATE, date).add(HttpHeaders.CONTENT_LENGTH, PLAINTEXT_LENGTH);
                    res.end(PLAINTEXT);
                }
                case TechEmpower.JSON_PATH -> {
                    byte[] json = TechEmpower.jsonBytes();
                    res.headers().add(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).add(HttpHeaders.SERVER, SERVER)
                            .add(HttpHeaders.DATE, date).add(HttpHeaders.CONTENT_LENGTH, Integer.toString(json.length));
                    res.end(Buffer.buffer(json));
                }
                default -> res.setStatusCode(404).end();
            }
        }
    }
}
