package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import dev.weft.stream.Streams;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every limit and timeout of {@link ServerConfig}, each passed over a real socket: the status answered and
 * whether the connection was closed. Timeouts are configured short (300 ms) and the tests wait on the outcome
 * (a response, an end of stream, a connection count), never on the clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsTest {
    static final Duration SHORT = Duration.ofMillis(300);

    static ServerFixture server(ServerConfig config) {
        return new ServerFixture(config, HttpServerTest.ECHO);
    }

    static void assertAnsweredAndClosed(RawClient c, int status) {
        RawClient.Resp r = c.read();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(c.closedByServer()).isTrue();
    }

    @Test
    void requestLine_overLimit_414AndClosed() {
        try (ServerFixture f = server(ServerConfig.builder().maxRequestLineBytes(100).build()); RawClient c = f.client()) {
            c.send("GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: t\r\n\r\n");
            assertAnsweredAndClosed(c, 414);
        }
    }

    @Test
    void requestLine_atLimit_served() {
        try (ServerFixture f = server(ServerConfig.builder().maxRequestLineBytes(100).build()); RawClient c = f.client()) {
            String target = "/" + "a".repeat(100 - "GET  HTTP/1.1".length() - 1);
            assertThat(c.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void headerBytes_overLimit_431AndClosed() {
        try (ServerFixture f = server(ServerConfig.builder().maxHeaderBytes(1024).build()); RawClient c = f.client()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "v".repeat(2000) + "\r\n\r\n");
            assertAnsweredAndClosed(c, 431);
        }
    }

    @Test
    void headerCount_overLimit_431AndClosed() {
        try (ServerFixture f = server(ServerConfig.builder().maxHeaderCount(5).build()); RawClient c = f.client()) {
            StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: t\r\n");
            for (int i = 0; i < 5; i++) sb.append("X-").append(i).append(": v\r\n");
            c.send(sb + "\r\n");
            assertAnsweredAndClosed(c, 431);
        }
    }

    @Test
    void body_declaredOverLimit_413BeforeTheHandlerRuns() {
        try (ServerFixture f = server(ServerConfig.builder().maxBodyBytes(10).build()); RawClient c = f.client()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n");
            assertAnsweredAndClosed(c, 413);
        }
    }

    @Test
    void body_chunkedOverLimit_413AndClosed() {
        try (ServerFixture f = server(ServerConfig.builder().maxBodyBytes(10).build()); RawClient c = f.client()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
            assertAnsweredAndClosed(c, 413);
        }
    }

    @Test
    void headerReadTimeout_slowloris_408AndClosed() {
        try (ServerFixture f = server(ServerConfig.builder().headerReadTimeout(SHORT).build()); RawClient c = f.client()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: "); // and never the rest
            assertAnsweredAndClosed(c, 408);
        }
    }

    @Test
    void headerReadTimeout_silentNewConnection_closedWithoutResponse() {
        try (ServerFixture f = server(ServerConfig.builder().headerReadTimeout(SHORT).build()); RawClient c = f.client()) {
            assertThat(c.closedByServer()).isTrue();
            ServerFixture.await("connection released", () -> f.server.activeConnections() == 0);
        }
    }

    @Test
    void bodyReadTimeout_stalledUpload_408AndClosed() {
        try (ServerFixture f = server(ServerConfig.builder().bodyReadTimeout(SHORT).build()); RawClient c = f.client()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n123");
            assertAnsweredAndClosed(c, 408);
        }
    }

    @Test
    void idleTimeout_keepAliveConnection_closedAfterIt() {
        try (ServerFixture f = server(ServerConfig.builder().idleTimeout(SHORT).build()); RawClient c = f.client()) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void writeTimeout_clientStopsReading_connectionClosed() {
        Service<Request, Response> endless = Service.of(req -> Futures.ready(new Response(Status.OK, new Headers(),
                Body.fromStream(Streams.range(0, Long.MAX_VALUE).map(i -> ByteBuffer.allocate(64 * 1024))))));
        try (ServerFixture f = new ServerFixture(ServerConfig.builder().writeTimeout(SHORT).build(), endless);
                RawClient c = f.client()) {
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"); // and never read
            ServerFixture.await("the stalled connection is closed", () -> f.server.activeConnections() == 0);
        }
    }

    @Test
    void connectionCap_pausesAccept_untilAConnectionCloses() throws Exception {
        try (ServerFixture f = server(ServerConfig.builder().maxConnections(1).build())) {
            RawClient a = f.client();
            assertThat(a.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status()).isEqualTo(200);
            try (RawClient b = f.client()) { // the kernel completes the handshake; the server does not accept
                b.send("GET /b HTTP/1.1\r\nHost: t\r\n\r\n");
                assertThat(f.server.activeConnections()).isEqualTo(1);
                assertThat(b.in.available()).isZero();
                a.close();
                assertThat(b.read().status()).as("served once a slot is free").isEqualTo(200);
                assertThat(f.server.activeConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void connectionCap_rejectMode_503AndClosed() {
        try (ServerFixture f = server(ServerConfig.builder().maxConnections(1).rejectOverCapacity(true).build());
                RawClient a = f.client()) {
            assertThat(a.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status()).isEqualTo(200);
            try (RawClient b = f.client()) {
                assertAnsweredAndClosed(b, 503);
            }
            assertThat(a.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void config_invalidSettings_failFastNamingTheSetting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.builder().maxConnections(0))
                .hasMessage("maxConnections: 0 (expected: > 0)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerConfig.builder().idleTimeout(Duration.ZERO))
                .hasMessage("idleTimeout: PT0S (expected: > 0)");
    }
}
