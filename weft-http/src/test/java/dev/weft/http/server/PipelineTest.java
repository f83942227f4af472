package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.CancelledException;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.task.JoinHandle;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pipelined requests called ahead of their turn ({@link ServerConfig#pipelineDepth()}, RFC 9112 §9.3.2): safe,
 * bodiless requests overlap, every other request waits for its turn, responses leave in request order, a drain
 * answers every called request and a client that leaves cancels them all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipelineTest {

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    @Test
    void safeRequests_runBesideTheOneAhead_responsesInRequestOrder() {
        // /a cannot finish before /b has run: only a server that calls /b while /a is pending answers at all.
        CompletableFuture<String> bRan = new CompletableFuture<>();
        List<String> events = new CopyOnWriteArrayList<>();
        Service<Request, Response> s = Handler.service(req -> {
            events.add(req.path() + " start");
            if (req.path().equals("/a")) {
                String fromB = bRan.get();
                events.add("/a end");
                return Response.text("a after " + fromB);
            }
            bRan.complete("b");
            events.add(req.path() + " end");
            return Response.text(req.path());
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), s); RawClient c = f.client()) {
            c.send(get("/a") + get("/b") + get("/c"));
            assertThat(List.of(c.read().text(), c.read().text(), c.read().text()))
                    .containsExactly("a after b", "/b", "/c");
            assertThat(events.indexOf("/b start")).isLessThan(events.indexOf("/a end"));
        }
    }

    @Test
    void depthOne_answersStrictlyOneAtATime() {
        List<String> events = new CopyOnWriteArrayList<>();
        Service<Request, Response> s = Handler.service(req -> {
            events.add(req.path() + " start");
            if (req.path().equals("/a")) Time.sleep(Duration.ofMillis(30)).await(); // room for a wrong early call
            events.add(req.path() + " end");
            return Response.text(req.path());
        });
        ServerConfig one = ServerConfig.builder().pipelineDepth(1).build();
        try (ServerFixture f = new ServerFixture(one, s); RawClient c = f.client()) {
            c.send(get("/a") + get("/b"));
            assertThat(List.of(c.read().text(), c.read().text())).containsExactly("/a", "/b");
            assertThat(events).containsExactly("/a start", "/a end", "/b start", "/b end");
        }
    }

    @Test
    void unsafeOrBodyRequest_waitsUntilEveryEarlierRequestIsAnswered_andStopsTheRunAhead() {
        List<String> events = new CopyOnWriteArrayList<>();
        Service<Request, Response> s = Handler.service(req -> {
            events.add(req.method() + " " + req.path() + " start");
            if (!req.path().equals("/c")) Time.sleep(Duration.ofMillis(30)).await(); // room for a wrong early call
            String body = req.body().text(1024).await();
            events.add(req.method() + " " + req.path() + " end");
            return Response.text(req.path() + body);
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), s); RawClient c = f.client()) {
            c.send(get("/a") + "DELETE /d HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyz" + get("/c"));
            assertThat(List.of(c.read().text(), c.read().text(), c.read().text(), c.read().text()))
                    .containsExactly("/a", "/d", "/pxyz", "/c");
            // the bodiless DELETE (not safe) starts after /a ended, the POST after it; /c, behind the POST, is not
            // called before the POST is answered
            assertThat(events).containsExactly("GET /a start", "GET /a end", "DELETE /d start", "DELETE /d end",
                    "POST /p start", "POST /p end", "GET /c start", "GET /c end");
        }
    }

    @Test
    void parseErrorBehindAPendingCall_answeredAfterIt_thenClosed() {
        CompletableFuture<String> release = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        Service<Request, Response> s = Handler.service(req -> {
            started.countDown();
            return Response.text(release.get());
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), s); RawClient c = f.client()) {
            c.send(get("/a") + "GET /bad HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n");
            awaitLatch(started);
            release.complete("first");
            RawClient.Resp first = c.read();
            assertThat(first.text()).isEqualTo("first");
            assertThat(first.header("Connection")).isNull();
            RawClient.Resp bad = c.read();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void drain_answersEveryCalledRequest_theLastWithConnectionClose() {
        CompletableFuture<String> release = new CompletableFuture<>();
        CountDownLatch bothStarted = new CountDownLatch(2);
        Service<Request, Response> s = Handler.service(req -> {
            bothStarted.countDown();
            return Response.text(req.path() + " " + release.get());
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), s); RawClient c = f.client()) {
            c.send(get("/a") + get("/b"));
            awaitLatch(bothStarted); // both are in flight: /b was called ahead
            JoinHandle<DrainReport> shutdown = f.rt.spawn(f.server.shutdown(Duration.ofSeconds(30)));
            ServerFixture.await("draining", () -> f.server.isDraining());
            release.complete("done");
            RawClient.Resp a = c.read();
            RawClient.Resp b = c.read();
            assertThat(List.of(a.text(), b.text())).containsExactly("/a done", "/b done");
            assertThat(a.header("Connection")).isNull(); // not the last in flight: the close goes on /b
            assertThat(b.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
            DrainReport report = f.rt.blockOn(shutdown);
            assertThat(report.requestsCut()).isZero();
            assertThat(report.isClean()).isTrue();
        }
    }

    @Test
    void clientLeaves_everyCalledRequestIsCancelled() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch bothCancelled = new CountDownLatch(2);
        CompletableFuture<Void> never = new CompletableFuture<>();
        Service<Request, Response> s = Handler.service(req -> {
            bothStarted.countDown();
            try {
                Time.sleep(Duration.ofHours(1)).await();
            } catch (CancelledException e) {
                bothCancelled.countDown();
                throw e;
            }
            never.complete(null);
            return Response.text("unreachable");
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), s)) {
            RawClient c = f.client();
            c.send(get("/a") + get("/b"));
            awaitLatch(bothStarted);
            c.close();
            awaitLatch(bothCancelled);
            ServerFixture.await("connection ended", () -> f.server.activeConnections() == 0);
            assertThat(never).isNotDone();
        }
    }

    @Test
    void pipelineDepth_notPositive_rejectedNamingTheSetting() {
        assertThatThrownBy(() -> ServerConfig.builder().pipelineDepth(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pipelineDepth: 0 (expected: > 0)");
        assertThat(ServerConfig.defaults().pipelineDepth()).isEqualTo(16);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch reached").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
