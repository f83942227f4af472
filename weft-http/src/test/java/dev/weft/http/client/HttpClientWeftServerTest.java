package dev.weft.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.server.HttpServer;
import dev.weft.runtime.WeftRuntime;
import dev.weft.stream.Streams;
import dev.weft.task.JoinHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Weft client against the Weft server: the two halves of weft-http speaking to each other. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpClientWeftServerTest {
    private WeftRuntime rt;
    private HttpServer server;
    private String base;

    @BeforeEach
    void setUp() {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
        server = rt.blockOn(Futures.lazy(() -> HttpServer.bind(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), (Request req) -> {
                    byte[] body = req.body().bytes(8 << 20).await();
                    return new Response(Status.OK, new dev.weft.http.Headers().add("X-Path", req.path()),
                            Body.of(body));
                })));
        base = "http://127.0.0.1:" + server.localAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        server.close();
        rt.close();
    }

    @Test
    void send_100SequentialRequests_oneKeepAliveConnection() {
        try (HttpClient client = HttpClient.create()) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                String echoed = rt.blockOn(Async.async(() -> {
                    Response r = client.send(Request.post(base + "/seq/" + n, Body.of("request " + n))).await();
                    assertThat(r.headers().get("X-Path")).contains("/seq/" + n);
                    return r.body().text(100).await();
                }));
                assertThat(echoed).isEqualTo("request " + n);
            }
            assertThat(client.connectionsOpened()).isEqualTo(1);
            assertThat(server.requestsServed()).isEqualTo(100);
        }
    }

    @Test
    void send_concurrentChunkedUploadsThroughALimitedPool_allEchoedIntact() {
        try (HttpClient client = HttpClient.builder().maxConnectionsPerHost(3).build()) {
            List<JoinHandle<byte[]>> all = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] data = new byte[50_000 + i * 10_000];
                new Random(i).nextBytes(data);
                sent.add(data);
                List<ByteBuffer> pieces = new ArrayList<>();
                for (int p = 0; p < data.length; p += 8192) {
                    pieces.add(ByteBuffer.wrap(data, p, Math.min(8192, data.length - p)));
                }
                all.add(rt.spawn(Async.async(() -> client.send(Request.post(base + "/upload",
                        Body.fromStream(Streams.fromIterable(pieces)))).await().body().bytes(1 << 20).await())));
            }
            for (int i = 0; i < all.size(); i++) assertThat(rt.blockOn(all.get(i))).isEqualTo(sent.get(i));
            assertThat(client.connectionsOpened()).isLessThanOrEqualTo(3);
        }
    }
}
