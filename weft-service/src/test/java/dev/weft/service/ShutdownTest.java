package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.http.server.DrainReport;
import dev.weft.service.TestDatabases.Kind;
import dev.weft.task.JoinHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Graceful shutdown under load, through the same path SIGTERM takes ({@link Serve#stop()} then
 * {@link Serve#awaitStopThenDrain()}): every request the server had started is answered 200, nothing is cut,
 * a request held in the database across the stop still completes, and new connections are refused.
 */
class ShutdownTest {

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** A connection that holds the write lock on World row 1 until closed. */
    private static Connection lockWorldRow(Fixture f) throws Exception {
        Connection c = f.service.db().dataSource().getConnection(); // one of the pool's: the pool size is 4
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (f.kind == Kind.POSTGRES) {
                s.executeQuery("SELECT id FROM World WHERE id = 1 FOR UPDATE").close();
            } else {
                s.executeUpdate("UPDATE World SET randomNumber = randomNumber WHERE id = 1"); // takes the write lock
            }
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sigtermPath_underLoad_zeroFailedInFlightRequests(Kind kind) throws Exception {
        Fixture f = Fixture.open(kind, "--shutdown-timeout", "20s", "--pool-size", "4", "--request-timeout", "60s");
        try {
            Serve serve = f.serve();
            JoinHandle<DrainReport> drain = f.runtime.spawn(Async.async(serve::awaitStopThenDrain));

            // one request certainly in flight across the stop: its UPDATE waits for a row lock the test holds
            Connection lock = lockWorldRow(f);
            SocketClient held = new SocketClient("http://127.0.0.1:" + serve.address().getPort());
            ConcurrentLinkedQueue<Exchange> heldResult = new ConcurrentLinkedQueue<>();
            Thread heldThread = Thread.ofPlatform().start(() -> heldResult.add(held.send("PUT", "/api/v1/worlds/1",
                    Map.of("Authorization", "Bearer " + f.localKey, "If-Match", "*", "Content-Type", "application/json"),
                    "{\"randomNumber\":4242}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            awaitCondition(() -> f.service.metrics().inFlight() == 1, "the held request to be in flight");

            // load: 6 clients in a loop until the server refuses them
            AtomicBoolean stopRequested = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch warmedUp = new CountDownLatch(6 * 10);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SocketClient c = new SocketClient("http://127.0.0.1:" + serve.address().getPort());
                Thread t = Thread.ofPlatform().name("load-" + i).start(() -> {
                    for (;;) {
                        boolean afterStop = stopRequested.get();
                        Exchange e;
                        try {
                            e = c.get("/queries?queries=5");
                        } catch (UncheckedIOException refused) {
                            if (!afterStop && !stopRequested.get()) failures.add("before stop: " + refused.getCause());
                            return; // the listener is closed: not an in-flight request
                        }
                        if (e.status() != 200) failures.add(e.status() + " " + e.text());
                        else ok.incrementAndGet();
                        warmedUp.countDown();
                    }
                });
                clients.add(t);
            }
            assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(heldResult).isEmpty();

            stopRequested.set(true);
            serve.stop(); // what the SIGTERM / ctrl-c handler does
            // the server stops accepting at once; the held request is still waiting on the lock
            awaitCondition(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", serve.address().getPort())) {
                    return false;
                } catch (IOException refused) {
                    return true;
                }
            }, "the listener to close");
            assertThat(heldResult).isEmpty();
            lock.commit();
            lock.close();

            DrainReport report = f.runtime.blockOn(drain);
            heldThread.join(30_000);
            for (Thread t : clients) t.join(30_000);

            assertThat(failures).as("failed requests").isEmpty();
            assertThat(heldResult).hasSize(1);
            assertThat(heldResult.peek().status()).as("%s", heldResult.peek()).isEqualTo(200);
            assertThat(heldResult.peek().header("Connection")).contains("close");
            assertThat(report.requestsCut()).isZero();
            assertThat(report.cut()).isZero();
            assertThat(report.drained()).isGreaterThanOrEqualTo(1);
            assertThat(ok.get()).isGreaterThanOrEqualTo(60);
            String metrics = f.service.metrics().scrape();
            assertThat(metrics).doesNotContain("status=\"499\"").doesNotContain("status=\"500\"")
                    .doesNotContain("status=\"503\"");
        } finally {
            f.runtime.close();
        }
    }
}
