package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.task.JoinHandle;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful shutdown: idle connections close at once, in-flight requests finish, the deadline cuts the rest. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownTest {

    @Test
    void shutdown_idleKeepAliveConnections_closedAtOnce() {
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), HttpServerTest.PATH)) {
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawClient c = f.client();
                assertThat(c.send(HttpServerTest.GET).read().status()).isEqualTo(200);
                clients.add(c);
            }
            DrainReport report = f.shutdown(Duration.ofSeconds(30));
            assertThat(report.connectionsAtStart()).isEqualTo(3);
            assertThat(report.idleClosed()).isEqualTo(3);
            assertThat(report.isClean()).isTrue();
            for (RawClient c : clients) {
                assertThat(c.closedByServer()).isTrue();
                c.close();
            }
        }
    }

    @Test
    void shutdown_inFlightRequest_finishesWithConnectionClose() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> release = new CompletableFuture<>();
        Service<Request, Response> slow = Handler.service(req -> {
            started.countDown();
            return Response.text(release.get());
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), slow); RawClient c = f.client()) {
            c.send(HttpServerTest.GET);
            started.await();
            JoinHandle<DrainReport> shutdown = f.rt.spawn(f.server.shutdown(Duration.ofSeconds(30)));
            // the drain must have started before the handler answers, else the response needs no Connection: close
            ServerFixture.await("draining", () -> f.server.isDraining() && f.server.activeConnections() == 1);
            release.complete("done");
            RawClient.Resp r = c.read();
            assertThat(r.text()).isEqualTo("done");
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
            DrainReport report = f.rt.blockOn(shutdown);
            assertThat(report.drained()).isEqualTo(1);
            assertThat(report.isClean()).isTrue();
        }
    }

    @Test
    void shutdown_deadlinePasses_cutsTheStuckRequestAndReportsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Service<Request, Response> stuck = Handler.service(req -> {
            started.countDown();
            return Response.text(new CompletableFuture<String>().get()); // until interrupted
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), stuck); RawClient c = f.client()) {
            c.send(HttpServerTest.GET);
            started.await();
            DrainReport report = f.shutdown(Duration.ofMillis(200));
            assertThat(report.cut()).isEqualTo(1);
            assertThat(report.requestsCut()).isEqualTo(1);
            assertThat(report.isClean()).isFalse();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void shutdown_futureCancelled_drainContinuesButNothingIsCut() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> release = new CompletableFuture<>();
        Service<Request, Response> slow = Handler.service(req -> {
            started.countDown();
            return Response.text(release.get());
        });
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), slow); RawClient busy = f.client()) {
            busy.send(HttpServerTest.GET);
            started.await();
            JoinHandle<DrainReport> shutdown = f.rt.spawn(f.server.shutdown(Duration.ofMillis(50)));
            ServerFixture.await("accepting stopped", () -> {
                try (RawClient probe = new RawClient(f.address())) {
                    return false;
                } catch (UncheckedIOException refused) {
                    return true;
                }
            });
            shutdown.abort(); // the drain goes on; the deadline's cut does not happen
            release.complete("finished after the cancelled deadline");
            RawClient.Resp r = busy.read();
            assertThat(r.text()).isEqualTo("finished after the cancelled deadline");
            assertThat(r.header("Connection")).isEqualTo("close");
            ServerFixture.await("connection closed", () -> f.server.activeConnections() == 0);
        }
    }

    @Test
    void shutdown_underLoad_noStartedRequestGetsABrokenResponse() throws Exception {
        Service<Request, Response> echo = HttpServerTest.ECHO;
        try (ServerFixture f = new ServerFixture(ServerConfig.defaults(), echo)) {
            int clients = 16;
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger notStarted = new AtomicInteger();
            List<String> broken = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int round = 0; ; round++) {
                        RawClient c;
                        try {
                            c = f.client();
                        } catch (UncheckedIOException e) {
                            return; // the listener is closed: done
                        }
                        try (c) {
                            for (int i = 0; ; i++) {
                                String payload = "c" + id + "-" + round + "-" + i;
                                RawClient.Resp r;
                                try {
                                    c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: " + payload.length()
                                            + "\r\n\r\n" + payload);
                                    r = c.read();
                                } catch (UncheckedIOException e) {
                                    if (e.getCause() instanceof SocketException) { // reset before any byte
                                        notStarted.incrementAndGet();
                                        return;
                                    }
                                    throw e;
                                } catch (IllegalStateException e) {
                                    broken.add(payload + ": " + e.getMessage());
                                    return;
                                }
                                if (r == null) { // closed before the request was read: not started
                                    notStarted.incrementAndGet();
                                    return;
                                }
                                if (r.status() != 200 || !r.text().equals(payload)) {
                                    broken.add(payload + ": " + r.status() + " " + r.text());
                                    return;
                                }
                                ok.incrementAndGet();
                                if ("close".equals(r.header("Connection"))) return;
                            }
                        }
                    }
                }));
            }
            ServerFixture.await("load running", () -> f.server.requestsServed() > 500);
            DrainReport report = f.shutdown(Duration.ofSeconds(30));
            for (Thread t : threads) t.join();
            assertThat(broken).isEmpty();
            assertThat(report.isClean()).as(report.toString()).isTrue();
            assertThat(report.idleClosed() + report.drained()).isEqualTo(report.connectionsAtStart());
            assertThat(ok.get()).isGreaterThan(500);
        }
    }
}
