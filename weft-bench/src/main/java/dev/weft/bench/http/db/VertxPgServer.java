package dev.weft.bench.http.db;

import dev.weft.bench.http.servers.TechEmpower;
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
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code vertx-pgclient} server of H4/H5: Vert.x 5 (vertx-web routes) with its reactive PostgreSQL client,
 * written as Vert.x's TechEmpower entries: 2 event loops with one verticle each (its own {@code HttpServer} on the shared port), each
 * verticle with its own pipelined client ({@code PgBuilder.client}, pipelining limit 256, prepared statements
 * cached) of {@link DbRows#POOL_SIZE}/2 connections bound to its event loop, prepared queries built once,
 * optimized header values and a {@code Date} refreshed every second. Arguments: the port, the JDBC URL (host,
 * port and database are taken from it), user, password.
 */
public final class VertxPgServer {
    private VertxPgServer() {}

    private static final CharSequence SERVER = HttpHeaders.createOptimized("vertx");
    private static final CharSequence JSON = HttpHeaders.createOptimized(TechEmpower.APPLICATION_JSON);
    private static final CharSequence HTML = HttpHeaders.createOptimized(DbPages.HTML_UTF8);
    private static volatile CharSequence date = HttpHeaders.createOptimized(TechEmpower.httpDate());

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
        }
        URI jdbc = URI.create(args[1].substring("jdbc:".length()));
        PgConnectOptions connect = new PgConnectOptions().setHost(jdbc.getHost()).setPort(jdbc.getPort())
                .setDatabase(jdbc.getPath().substring(1)).setUser(args[2]).setPassword(args[3])
                .setCachePreparedStatements(true).setPipeliningLimit(256);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
        vertx.setPeriodic(1000, id -> date = HttpHeaders.createOptimized(TechEmpower.httpDate()));
        int p = port;
        vertx.deployVerticle(() -> new Db(p, connect), new DeploymentOptions().setInstances(2))
                .toCompletionStage().toCompletableFuture().get();
        TechEmpower.ready(port);
        TechEmpower.awaitStdinEndThenExit();
    }

    /** One instance per event loop. */
    static final class Db extends VerticleBase {
        private final int port;
        private final PgConnectOptions connect;
        private PreparedQuery<RowSet<Row>> world;
        private PreparedQuery<RowSet<Row>> fortunes;

        Db(int port, PgConnectOptions connect) {
            this.port = port;
            this.connect = connect;
        }

        @Override
        public Future<?> start() {
            SqlClient client = PgBuilder.client()
                    .with(new PoolOptions().setMaxSize(Math.max(1, DbRows.POOL_SIZE / 2)))
                    .connectingTo(connect)
                    .using(vertx)
                    .build();
            world = client.preparedQuery("SELECT id, randomnumber FROM world WHERE id = $1");
            fortunes = client.preparedQuery("SELECT id, message FROM fortune");
            return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                            .setTcpNoDelay(true).setHttp2ClearTextEnabled(false))
                    .requestHandler(router())
                    .listen();
        }

        /** vertx-web routes, as the vertx-web TechEmpower entry. */
        private Router router() {
            Router router = Router.router(vertx);
            router.get("/db").handler(ctx -> handle(ctx.request(), "/db"));
            router.get("/fortunes").handler(ctx -> handle(ctx.request(), "/fortunes"));
            return router;
        }

        private void handle(HttpServerRequest req, String route) {
            HttpServerResponse res = req.response();
            switch (route) {
                case "/db" -> world.execute(Tuple.of(DbPages.randomId())).onComplete(ar -> {
                    if (ar.failed()) {
                        res.setStatusCode(500).end(String.valueOf(ar.cause()));
                        return;
                    }
                    Row row = ar.result().iterator().next();
                    byte[] body = DbPages.json(new DbPages.World(row.getInteger(0), row.getInteger(1)));
                    send(res, JSON, body);
                });
                case "/fortunes" -> fortunes.execute().onComplete(ar -> {
                    if (ar.failed()) {
                        res.setStatusCode(500).end(String.valueOf(ar.cause()));
                        return;
                    }
                    List<DbPages.Fortune> rows = new ArrayList<>(16);
                    for (Row row : ar.result()) rows.add(new DbPages.Fortune(row.getInteger(0), row.getString(1)));
                    send(res, HTML, DbPages.fortunesPage(rows).getBytes(StandardCharsets.UTF_8));
                });
                default -> res.setStatusCode(404).end();
            }
        }

        private static void send(HttpServerResponse res, CharSequence type, byte[] body) {
            res.headers().add(HttpHeaders.CONTENT_TYPE, type).add(HttpHeaders.SERVER, SERVER)
                    .add(HttpHeaders.DATE, date).add(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
            res.end(Buffer.buffer(body));
        }
    }
}
