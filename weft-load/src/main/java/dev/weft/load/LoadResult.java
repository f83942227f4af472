package dev.weft.load;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a {@link LoadGenerator} run measured.
 *
 * <p><b>Latency</b> of a request is the time from its <em>intended</em> send time (start + i / rate) to the end
 * of its response body, so a request that had to wait behind a slow one on its connection counts that wait: the
 * coordinated-omission correction of wrk2. Values are microseconds in an HdrHistogram with 3 significant digits.
 * Every request that got a response (any status) is recorded; requests that failed (socket error, timeout) are
 * not, and are counted in {@link #socketErrors()} and {@link #timeouts()} instead, so read those first: a run
 * with errors has an optimistic histogram.
 *
 * @param config what was run
 * @param latencyMicros latencies from the intended start, microseconds
 * @param sent requests sent: always {@code config.requestCount()} once the run completed
 * @param statuses responses by status code
 * @param socketErrors failed requests by kind: {@code connect} (refused, unreachable), {@code read/write} (reset or
 *     other I/O failure), {@code closed} (the server closed the connection before answering), {@code invalid}
 *     (malformed response), {@code other}
 * @param timeouts requests not answered (body included) within {@code config.timeout()}
 * @param bytesReceived response body bytes read
 * @param elapsedNanos from the start of the schedule to the end of the last request
 */
public record LoadResult(LoadConfig config, Histogram latencyMicros, long sent, SortedMap<Integer, Long> statuses,
        SortedMap<String, Long> socketErrors, long timeouts, long bytesReceived, long elapsedNanos) {

    public LoadResult {
        statuses = Collections.unmodifiableSortedMap(new TreeMap<>(statuses));
        socketErrors = Collections.unmodifiableSortedMap(new TreeMap<>(socketErrors));
    }

    /** Responses received, any status. */
    public long responses() {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Responses with a 2xx status. */
    public long successes() {
        return statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
    }

    /** Responses with a status outside 2xx, by status. */
    public SortedMap<Integer, Long> non2xx() {
        var m = new TreeMap<Integer, Long>();
        statuses.forEach((k, v) -> {
            if (k / 100 != 2) m.put(k, v);
        });
        return m;
    }

    /** Every failed request: non-2xx responses, socket errors and timeouts. */
    public long errors() {
        return responses() - successes() + socketErrors.values().stream().mapToLong(Long::longValue).sum() + timeouts;
    }

    /** Responses per second over the run: {@link #responses()} / {@link #elapsedNanos()}. */
    public double achievedRate() {
        return elapsedNanos <= 0 ? 0 : responses() * 1e9 / elapsedNanos;
    }

    /** The latency at {@code percentile} (0..100) in milliseconds; 0 when nothing was recorded. */
    public double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The largest latency in milliseconds. */
    public double maxMillis() {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
    }

    /** The summary {@code ./weft load} prints. */
    public String summary() {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "target   %s at %.1f req/s over %d connections for %s%n", config.url(),
                config.rate(), config.connections(), config.duration()));
        sb.append(String.format(Locale.ROOT, "sent     %d requests, %d responses, %d errors, %.1f MB read%n", sent,
                responses(), errors(), bytesReceived / 1e6));
        sb.append(String.format(Locale.ROOT, "rate     %.1f req/s achieved (intended %.1f)%n", achievedRate(),
                config.rate()));
        sb.append("latency  (from the intended send time: corrected for coordinated omission)\n");
        for (double p : new double[] {50, 90, 99, 99.9}) {
            sb.append(String.format(Locale.ROOT, "  p%-6s %10.3f ms%n", trim(p), percentileMillis(p)));
        }
        sb.append(String.format(Locale.ROOT, "  max     %10.3f ms%n", maxMillis()));
        if (!non2xx().isEmpty()) sb.append("non-2xx  ").append(non2xx()).append('\n');
        if (!socketErrors.isEmpty()) sb.append("socket   ").append(socketErrors).append('\n');
        if (timeouts > 0) sb.append("timeouts ").append(timeouts).append('\n');
        return sb.toString();
    }

    static String trim(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
