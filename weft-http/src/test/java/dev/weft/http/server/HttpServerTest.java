package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import dev.weft.stream.Streams;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's HTTP/1.1 behaviour over real sockets on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpServerTest {

    /** Poll-based: answers "path=<path>" at once. */
    static final Service<Request, Response> PATH =
            Service.of(req -> Futures.ready(Response.text("path=" + req.path())));

    /** Async block: echoes the request body. */
    static final Service<Request, Response> ECHO = Handler.service(req -> {
        byte[] b = req.body().bytes(100 << 20).await();
        return new Response(Status.OK, new dev.weft.http.Headers(), Body.of(b));
    });

    static final String GET = "GET /a HTTP/1.1\r\nHost: t\r\n\r\n";

    @Test
    void get_keepAlive_servesTwoRequestsOnOneConnection() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), PATH); RawClient c = f.client()) {
            for (int i = 0; i < 2; i++) {
                RawClient.Resp r = c.send(GET).read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("path=/a");
                assertThat(r.header("Content-Length")).isEqualTo("7");
                assertThat(r.header("Date")).endsWith("GMT");
                assertThat(r.header("Connection")).isNull();
            }
        }
    }

    @Test
    void pipelining_sixteenRequestsInOneWrite_answeredInOrder() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), PATH); RawClient c = f.client()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) sb.append("GET /p").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            c.send(sb.toString());
            for (int i = 0; i < 16; i++) assertThat(c.read().text()).isEqualTo("path=/p" + i);
        }
    }

    @Test
    void pipelining_headerReadAfterTheBufferMoved_seesOnlyItsOwnRequestsBytes() {
        // Each call stays pending for a few polls before it reads its request's fields: meanwhile the connection
        // reads ahead and compacts its read buffer, moving the next requests' bytes over this request's head.
        Service<Request, Response> late = Service.of(req -> new dev.weft.future.Future<Response>() {
            int polls;

            @Override
            public dev.weft.future.Poll<Response> poll(dev.weft.future.Context cx) {
                if (polls++ < 3) {
                    cx.waker().wake();
                    return dev.weft.future.Poll.pending();
                }
                return dev.weft.future.Poll.ready(Response.text(req.headers().getOrDefault("x-echo", "-") + "|"
                        + req.headers().getOrDefault("HOST", "-") + "|" + req.headers().all("X-Weft-Extra")));
            }

            @Override
            public void cancel() {}
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), late); RawClient c = f.client()) {
            c.send("GET /0 HTTP/1.1\r\nhost: first-host\r\nX-Echo: a-much-longer-first-value-0123456789\r\n"
                    + "x-weft-extra: e1\r\nX-WEFT-EXTRA: e2\r\n\r\n"
                    + "GET /1 HTTP/1.1\r\nHost: h\r\nx-echo: b\r\n\r\n"
                    + "GET /2 HTTP/1.1\r\nHOST: third\r\nX-ECHO:   \r\n\r\n");
            assertThat(List.of(c.read().text(), c.read().text(), c.read().text())).containsExactly(
                    "a-much-longer-first-value-0123456789|first-host|[e1, e2]", "b|h|[]", "|third|[]");
            c.send("GET /3 HTTP/1.1\r\nHost: h\r\n\r\n"); // a shorter head into the same buffer
            assertThat(c.read().text()).isEqualTo("-|h|[]");
        }
    }

    @Test
    void pipelining_asyncHandlers_answeredInOrder() {
        Service<Request, Response> slowFirst = Handler.service(req -> {
            if (req.path().equals("/0")) dev.weft.time.Time.sleep(java.time.Duration.ofMillis(50)).await();
            return Response.text(req.path());
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), slowFirst); RawClient c = f.client()) {
            c.send("GET /0 HTTP/1.1\r\nHost: t\r\n\r\nGET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(List.of(c.read().text(), c.read().text(), c.read().text())).containsExactly("/0", "/1", "/2");
        }
    }

    @Test
    void post_contentLength_bodyEchoed() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), ECHO); RawClient c = f.client()) {
            RawClient.Resp r = c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello").read();
            assertThat(r.text()).isEqualTo("hello");
            assertThat(c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc").read().text())
                    .isEqualTo("abc");
        }
    }

    @Test
    void post_chunked_bodyDecoded_andStreamedResponseIsChunked() {
        Service<Request, Response> chunks = Handler.service(req -> {
            String in = req.body().text(1 << 20).await();
            List<ByteBuffer> parts = new ArrayList<>();
            for (String s : in.split(",")) parts.add(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
            return new Response(Status.OK, new dev.weft.http.Headers(), Body.fromStream(Streams.fromIterable(parts)));
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), chunks); RawClient c = f.client()) {
            RawClient.Resp r = c.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\na,bc\r\n3;x=y\r\n,de\r\n0\r\nTrailer-X: 1\r\n\r\n").read();
            assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(r.header("Content-Length")).isNull();
            assertThat(r.text()).isEqualTo("abcde");
            assertThat(c.send(GET.replace("GET", "POST").replace("\r\n\r\n", "\r\nContent-Length: 1\r\n\r\nz"))
                    .read().text()).isEqualTo("z");
        }
    }

    @Test
    void expectContinue_100SentWhenTheHandlerReads_thenTheResponse() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), ECHO); RawClient c = f.client()) {
            RawClient.Resp interim = c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
                    + "Expect: 100-continue\r\n\r\n").read();
            assertThat(interim.status()).isEqualTo(100);
            RawClient.Resp r = c.send("body").read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("body");
        }
    }

    @Test
    void expectContinue_handlerAnswersWithoutReading_no100AndConnectionClosed() {
        Service<Request, Response> reject = Service.of(req -> Futures.ready(Response.of(Status.FORBIDDEN)));
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), reject); RawClient c = f.client()) {
            RawClient.Resp r = c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
                    + "Expect: 100-continue\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void head_noBodySent_contentLengthKept() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), PATH); RawClient c = f.client()) {
            RawClient.Resp r = c.send("HEAD /abc HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Length")).isEqualTo("9");
            assertThat(c.send(GET).read().text()).isEqualTo("path=/a"); // no stray body bytes in between
        }
    }

    @Test
    void connectionClose_answeredWithCloseThenClosed() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), PATH); RawClient c = f.client()) {
            RawClient.Resp r = c.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read();
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void http10_closesByDefault_keepsAliveWhenAsked() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), PATH)) {
            try (RawClient c = f.client()) {
                RawClient.Resp r = c.send("GET /x HTTP/1.0\r\n\r\n").read();
                assertThat(r.head()).startsWith("HTTP/1.1 200 OK");
                assertThat(c.closedByServer()).isTrue();
            }
            try (RawClient c = f.client()) {
                RawClient.Resp r = c.send("GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertThat(r.header("Connection")).isEqualTo("keep-alive");
                assertThat(c.send("GET /y HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().text())
                        .isEqualTo("path=/y");
            }
        }
    }

    @Test
    void http10_streamedBodyOfUnknownLength_delimitedByClose() {
        Service<Request, Response> s = Service.of(req -> Futures.ready(new Response(Status.OK,
                new dev.weft.http.Headers(), Body.fromStream(Streams.of(ByteBuffer.wrap("ab".getBytes()),
                        ByteBuffer.wrap("cd".getBytes()))))));
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), s); RawClient c = f.client()) {
            RawClient.Resp r = c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.text()).isEqualTo("abcd");
        }
    }

    @Test
    void absoluteFormTarget_pathAndAuthoritySplit() {
        Service<Request, Response> s = Service.of(req -> Futures.ready(
                Response.text(req.path() + " " + req.authority().orElse("-"))));
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), s); RawClient c = f.client()) {
            assertThat(c.send("GET http://example.com/z?q HTTP/1.1\r\nHost: other\r\n\r\n").read().text())
                    .isEqualTo("/z example.com");
        }
    }

    @Test
    void handlerThrows_500_andTheConnectionSurvives() {
        Service<Request, Response> failing = req -> {
            if (req.path().equals("/sync")) throw new IllegalStateException("boom");
            if (req.path().equals("/future")) return cx -> {
                throw new IllegalStateException("boom");
            };
            return Handler.service(r -> {
                throw new Exception("async boom");
            }).call(req);
        };
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), failing); RawClient c = f.client()) {
            for (String p : List.of("/sync", "/future", "/async", "/sync")) {
                RawClient.Resp r = c.send("GET " + p + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertThat(r.status()).as(p).isEqualTo(500);
                assertThat(r.header("Connection")).isNull();
            }
        }
    }

    @Test
    void upload_tenMegabytes_streamedThroughWithoutBuffering() {
        AtomicLong largestChunk = new AtomicLong();
        Service<Request, Response> count = Handler.service(req -> {
            long n = req.body().fold(0L, (acc, chunk) -> {
                largestChunk.accumulateAndGet(chunk.remaining(), Math::max);
                return acc + chunk.remaining();
            }).await();
            return Response.text(Long.toString(n));
        });
        int size = 10 << 20;
        try (ServerFixture f = new ServerFixture(ServerConfig.builder().maxBodyBytes(size).build(), count);
                RawClient c = f.client()) {
            c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < size / block.length; i++) c.send(block);
            assertThat(c.read().text()).isEqualTo(Integer.toString(size));
            assertThat(largestChunk.get()).as("chunks are what one socket read brought, not the whole body")
                    .isLessThanOrEqualTo(64 * 1024);
        }
    }

    @Test
    void download_largeStreamedResponse_writtenAsTheClientReads() {
        int chunks = 256;
        Service<Request, Response> big = Service.of(req -> Futures.ready(new Response(Status.OK,
                new dev.weft.http.Headers(), Body.fromStream(Streams.range(0, chunks)
                        .map(i -> ByteBuffer.wrap(new byte[64 * 1024])), chunks * 64L * 1024))));
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), big); RawClient c = f.client()) {
            RawClient.Resp r = c.send(GET).read();
            assertThat(r.body()).hasSize(chunks * 64 * 1024);
            assertThat(c.send(GET).read().body()).hasSize(chunks * 64 * 1024);
        }
    }

    @Test
    void clientDisconnects_inFlightHandlerIsCancelled() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        Service<Request, Response> hang = Handler.service(req -> {
            started.countDown();
            try {
                return Response.text(new java.util.concurrent.CompletableFuture<String>().get());
            } catch (InterruptedException e) {
                cancelled.countDown(); // the connection cancelled the call: its thread was interrupted
                throw e;
            }
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), hang)) {
            RawClient c = f.client();
            c.send(GET);
            started.await();
            c.close();
            cancelled.await();
            ServerFixture.await("connection released", () -> f.server.activeConnections() == 0);
        }
    }

    @Test
    void unreadRequestBody_drained_connectionKept() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), PATH); RawClient c = f.client()) {
            c.send("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789");
            assertThat(c.read().text()).isEqualTo("path=/u");
            c.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("path=/c");
            assertThat(c.send(GET).read().text()).isEqualTo("path=/a");
        }
    }
}
