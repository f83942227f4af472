package dev.weft.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generator against a JDK HttpServer on 127.0.0.1, on a {@link ManualClock}: the schedule's request count,
 * the counting of statuses, socket errors and timeouts, and the coordinated-omission correction. No assertion
 * depends on wall-clock speed.
 */
class LoadGeneratorTest {
    private HttpServer server;
    private ExecutorService executor;
    private WeftRuntime rt;
    private final AtomicInteger received = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        rt = WeftRuntime.builder().multiThread().workerThreads(1).build();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        if (server != null) server.stop(0);
        if (executor != null) executor.shutdownNow();
        rt.close();
    }

    private URI serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x");
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private static LoadConfig config(URI url, double rate, int connections, Duration duration) {
        return new LoadConfig(url, rate, connections, duration, Duration.ofSeconds(10), List.of());
    }

    @Test
    void run_rateTimesDuration_sendsExactlyThatManyRequests() throws IOException {
        URI url = serve(ex -> {
            received.incrementAndGet();
            respond(ex, 200, "ok");
        });
        LoadResult r = rt.blockOn(LoadGenerator.future(config(url, 200, 4, Duration.ofMillis(1500)), new ManualClock()));

        assertThat(r.sent()).isEqualTo(300);
        assertThat(received).hasValue(300);
        assertThat(r.statuses()).containsExactly(Map.entry(200, 300L));
        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(300);
        assertThat(r.errors()).isZero();
        assertThat(r.bytesReceived()).isEqualTo(600);
        // the manual clock ran the schedule: the last request was due at 299 / 200 s
        assertThat(r.elapsedNanos()).isEqualTo(1_495_000_000L);
    }

    @Test
    void run_headers_areSentOnEveryRequest() throws IOException {
        var seen = new ConcurrentLinkedQueue<String>();
        URI url = serve(ex -> {
            seen.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            respond(ex, 200, "");
        });
        LoadConfig c = config(url, 50, 2, Duration.ofMillis(200)).withHeader("Authorization", "Bearer k1");
        LoadResult r = rt.blockOn(LoadGenerator.future(c, new ManualClock()));

        assertThat(r.sent()).isEqualTo(10);
        assertThat(seen).hasSize(10).containsOnly("Bearer k1");
    }

    @Test
    void run_mixedStatuses_countsEachStatus() throws IOException {
        URI url = serve(ex -> {
            int n = received.getAndIncrement();
            respond(ex, switch (n % 5) {
                case 0 -> 404;
                case 1 -> 503;
                default -> 200;
            }, "body");
        });
        LoadResult r = rt.blockOn(LoadGenerator.future(config(url, 100, 3, Duration.ofSeconds(1)), new ManualClock()));

        assertThat(r.sent()).isEqualTo(100);
        assertThat(r.statuses()).containsExactly(Map.entry(200, 60L), Map.entry(404, 20L), Map.entry(503, 20L));
        assertThat(r.non2xx()).containsExactly(Map.entry(404, 20L), Map.entry(503, 20L));
        assertThat(r.successes()).isEqualTo(60);
        assertThat(r.errors()).isEqualTo(40);
        assertThat(r.socketErrors()).isEmpty();
        assertThat(r.latencyMicros().getTotalCount()).isEqualTo(100);
    }

    @Test
    void run_nothingListening_countsConnectErrors() throws IOException {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        LoadResult r = rt.blockOn(LoadGenerator.future(config(url, 20, 2, Duration.ofMillis(500)), new ManualClock()));

        assertThat(r.sent()).isEqualTo(10);
        assertThat(r.socketErrors()).containsExactly(Map.entry("connect", 10L));
        assertThat(r.responses()).isZero();
        assertThat(r.errors()).isEqualTo(10);
        assertThat(r.latencyMicros().getTotalCount()).isZero();
    }

    @Test
    void run_serverClosesWithoutAnswering_countsSocketErrors() throws IOException {
        URI url = serve(ex -> {
            received.incrementAndGet();
            ex.close(); // no response head: the client sees the connection end
        });
        LoadResult r = rt.blockOn(LoadGenerator.future(config(url, 10, 1, Duration.ofMillis(400)), new ManualClock()));

        assertThat(r.sent()).isEqualTo(4);
        assertThat(r.responses()).isZero();
        assertThat(r.socketErrors().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
        assertThat(r.socketErrors().keySet()).isSubsetOf("closed", "read/write", "invalid");
    }

    @Test
    void run_serverNeverAnswers_countsTimeouts() throws IOException {
        URI url = serve(ex -> {
            received.incrementAndGet();
            await(release);
            respond(ex, 200, "late");
        });
        LoadConfig c = config(url, 10, 3, Duration.ofMillis(300)).withTimeout(Duration.ofMillis(200));
        LoadResult r = rt.blockOn(LoadGenerator.future(c, new ManualClock()));

        assertThat(r.sent()).isEqualTo(3);
        assertThat(r.timeouts()).isEqualTo(3);
        assertThat(r.responses()).isZero();
        assertThat(r.errors()).isEqualTo(3);
    }

    @Test
    void run_serverStallsOnce_recordsTheStallAndQueuedRequestsFromTheirIntendedStart() throws Exception {
        var entered = new CountDownLatch(1);
        URI url = serve(ex -> {
            if (received.getAndIncrement() == 2) {
                entered.countDown();
                await(release);
            }
            respond(ex, 200, "ok");
        });
        var clock = new ManualClock();
        // one connection, 10 req/s for 1 s: requests due at 0, 100, ..., 900 ms
        JoinHandle<LoadResult> run = rt.spawn(LoadGenerator.future(config(url, 10, 1, Duration.ofSeconds(1)), clock));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        // request 2 (due at 200 ms) is held by the server: 550 ms pass, then it is answered at 750 ms
        clock.advanceMillis(550);
        release.countDown();
        LoadResult r = rt.blockOn(run);

        assertThat(r.sent()).isEqualTo(10);
        assertThat(r.statuses()).containsExactly(Map.entry(200, 10L));
        // the stalled request: 550 ms; requests 3..7 (due 300..700 ms) were sent at 750 ms and record the wait
        // from their due time: 450, 350, 250, 150, 50 ms; requests 0, 1, 8, 9 were on time: 0 ms
        assertThat(recordedMillis(r)).containsExactlyInAnyOrder(0L, 0L, 0L, 0L, 50L, 150L, 250L, 350L, 450L, 550L);
        assertThat(r.maxMillis()).isBetween(549.0, 551.0);
        assertThat(r.percentileMillis(50)).isBetween(49.0, 51.0);
    }

    @Test
    void future_cancelled_stopsTheRunWithoutAResult() throws Exception {
        var entered = new CountDownLatch(1);
        URI url = serve(ex -> {
            received.incrementAndGet();
            entered.countDown();
            await(release);
            respond(ex, 200, "ok");
        });
        JoinHandle<LoadResult> run = rt.spawn(LoadGenerator.future(config(url, 10, 2, Duration.ofSeconds(100)),
                new ManualClock()));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        run.abort();

        assertThatThrownBy(() -> rt.blockOn(run)).isInstanceOf(JoinError.Cancelled.class);
        // both connections were waiting on the server: no third request was ever sent
        assertThat(received.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void config_badValues_failNamingTheParameter() {
        URI url = URI.create("http://127.0.0.1:1/");
        assertThatThrownBy(() -> config(url, 0, 1, Duration.ofSeconds(1)))
                .hasMessage("rate: 0.0 (expected: > 0 requests per second)");
        assertThatThrownBy(() -> config(url, 10, 0, Duration.ofSeconds(1)))
                .hasMessage("connections: 0 (expected: >= 1)");
        assertThatThrownBy(() -> config(URI.create("ftp://x/"), 10, 1, Duration.ofSeconds(1)))
                .hasMessage("url: ftp://x/ (expected: an absolute http:// or https:// URL)");
        assertThatThrownBy(() -> config(url, 1, 1, Duration.ofMillis(100)))
                .hasMessageStartingWith("rate x duration: ");
    }

    private static List<Long> recordedMillis(LoadResult r) {
        var out = new ArrayList<Long>();
        for (HistogramIterationValue v : r.latencyMicros().recordedValues()) {
            long ms = Math.round(v.getValueIteratedTo() / 1000.0);
            for (long k = 0; k < v.getCountAddedInThisIterationStep(); k++) out.add(ms);
        }
        return out;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
