package dev.weft.load;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.http.Request;
import dev.weft.http.client.ConnectionClosedException;
import dev.weft.http.client.HttpClient;
import dev.weft.http.client.HttpTimeoutException;
import dev.weft.http.client.InvalidResponseException;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A constant-rate (open-model) HTTP load generator on weft-http's {@link HttpClient}: wrk2's model.
 *
 * <p><b>Schedule.</b> {@code n = round(rate * duration)} requests; request {@code i} is due at
 * {@code start + i / rate} and goes on connection {@code i mod connections}. Each connection is one task that
 * takes its requests in order: it waits until the next one is due, sends it, reads the whole response body, and
 * records the latency <em>from the due time</em>. When a response is late, the requests behind it on that
 * connection are sent at once when it ends, and their recorded latency includes the time they waited to be sent:
 * the generator does not slow down to the server's pace (coordinated omission), the histogram shows what a
 * client arriving at that rate would have seen. The number of requests sent is therefore fixed by the schedule,
 * not by the server's speed; a run ends at most {@code timeout} after the last due time.
 *
 * <p><b>Connections.</b> One {@link HttpClient} with {@code connections} pooled keep-alive connections to the
 * origin (a connection that failed or timed out is closed and a new one opened for the next request).
 *
 * <p><b>Threads.</b> {@link #run(LoadConfig)} runs on its own Weft runtime with one worker thread (the wrk
 * setting of ../shared/WORKLOADS.md: one load thread); {@link #future} runs on the caller's runtime.
 *
 * <p>Implementation notes.
 * <ol>
 *   <li>Each connection task owns its counters and its histogram (no sharing while running); they are merged
 *       after every task has ended, so the result needs no synchronisation beyond the joins.</li>
 *   <li>Due times are computed from the request index ({@code floor(i * 1e9 / rate)} ns), never by adding
 *       intervals, so no rounding drift accumulates; the schedule depends only on the config.</li>
 *   <li>Every scheduled request is counted in exactly one of: a status, a socket-error kind, a timeout.</li>
 * </ol>
 */
public final class LoadGenerator {
    /** Response bodies larger than this are read and discarded in full; the cap only bounds one array. */
    static final long MAX_BODY = 64L << 20;

    private LoadGenerator() {}

    /** Runs {@code config} on a fresh one-worker Weft runtime with the system clock, blocking until done. */
    public static LoadResult run(LoadConfig config) {
        try (WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(1).name("weft-load").build()) {
            return rt.blockOn(future(config, LoadClock.system()));
        }
    }

    /**
     * A future of the result of running {@code config} with {@code clock}, on the runtime that polls it.
     *
     * <p><b>Cancel safety:</b> cancelling stops the run: the connection tasks are aborted (their requests in
     * flight cancelled, connections closed) and the client is closed; nothing is reported.
     */
    public static Future<LoadResult> future(LoadConfig config, LoadClock clock) {
        return Async.async(() -> {
            int c = config.connections();
            HttpClient client = HttpClient.builder()
                    .maxConnectionsPerHost(c)
                    .maxIdlePerHost(c)
                    .connectTimeout(config.timeout())
                    .build();
            List<JoinHandle<ConnStats>> tasks = new ArrayList<>(c);
            try {
                long n = config.requestCount();
                long start = clock.nanoTime();
                for (int k = 0; k < c; k++) {
                    int conn = k;
                    tasks.add(Tasks.spawnAsync(() -> connection(config, clock, client, start, conn, n)));
                }
                var all = new ConnStats();
                for (JoinHandle<ConnStats> t : tasks) all.merge(t.await());
                long elapsed = all.lastEnd == Long.MIN_VALUE ? clock.nanoTime() - start : all.lastEnd - start;
                return new LoadResult(config, all.hist, all.sent, all.statuses, all.socketErrors, all.timeouts,
                        all.bytes, elapsed);
            } finally {
                for (JoinHandle<ConnStats> t : tasks) t.abort();
                client.close();
            }
        });
    }

    private static ConnStats connection(LoadConfig config, LoadClock clock, HttpClient client, long start, int conn,
            long n) {
        var st = new ConnStats();
        String url = config.url().toString();
        for (long i = conn; i < n; i += config.connections()) {
            long due = start + config.intendedOffsetNanos(i);
            clock.sleepUntil(due).await();
            Request req = Request.get(url);
            for (String[] h : config.headers()) req = req.header(h[0], h[1]);
            st.sent++;
            try {
                long[] statusAndBytes = Time.timeout(config.timeout(), exchange(client, req)).await();
                long end = clock.nanoTime();
                st.hist.recordValue(Math.max(0, (end - due) / 1000));
                st.statuses.merge((int) statusAndBytes[0], 1L, Long::sum);
                st.bytes += statusAndBytes[1];
                st.lastEnd = Math.max(st.lastEnd, end);
            } catch (TimeoutElapsedException | HttpTimeoutException e) {
                st.timeouts++;
                st.lastEnd = Math.max(st.lastEnd, clock.nanoTime());
            } catch (RuntimeException e) {
                st.socketErrors.merge(kind(e), 1L, Long::sum);
                st.lastEnd = Math.max(st.lastEnd, clock.nanoTime());
            }
        }
        return st;
    }

    /** Sends {@code req} and reads its body to the end (which frees the connection): {status, body bytes}. */
    private static Future<long[]> exchange(HttpClient client, Request req) {
        return client.send(req).then(r -> r.body().bytes(MAX_BODY)
                .map(b -> new long[] {r.status().code(), b.length}));
    }

    /** The socket-error kind of a failed request (see {@link LoadResult#socketErrors()}). */
    static String kind(Throwable e) {
        if (e instanceof ConnectionClosedException) return "closed";
        if (e instanceof InvalidResponseException) return "invalid";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return "connect";
            }
        }
        if (e instanceof UncheckedIOException) return "read/write";
        return "other";
    }

    /** One connection's counters (implementation note 1). */
    private static final class ConnStats {
        final Histogram hist = new Histogram(3);
        final TreeMap<Integer, Long> statuses = new TreeMap<>();
        final TreeMap<String, Long> socketErrors = new TreeMap<>();
        long sent;
        long timeouts;
        long bytes;
        long lastEnd = Long.MIN_VALUE;

        void merge(ConnStats o) {
            hist.add(o.hist);
            o.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            o.socketErrors.forEach((k, v) -> socketErrors.merge(k, v, Long::sum));
            sent += o.sent;
            timeouts += o.timeouts;
            bytes += o.bytes;
            lastEnd = Math.max(lastEnd, o.lastEnd);
        }
    }
}
