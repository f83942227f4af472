package dev.weft.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link LoadGenerator} runs: {@code GET url} at {@code rate} requests per second spread over
 * {@code connections} keep-alive connections for {@code duration}; every request carries {@code headers}.
 *
 * @param url the absolute http or https URL every request gets
 * @param rate the intended request rate, requests per second (open model: requests are due whether or not
 *     earlier ones have been answered)
 * @param connections the number of connections; request {@code i} goes on connection {@code i mod connections}
 * @param duration how long the schedule runs: {@code round(rate * duration)} requests are sent in all
 * @param timeout how long one request may take from its send to the end of its response body; a request past it
 *     is counted as a timeout (and its connection closed)
 * @param headers extra request header fields, each {@code {name, value}}
 */
public record LoadConfig(URI url, double rate, int connections, Duration duration, Duration timeout,
        List<String[]> headers) {

    /** Defaults of the command line: 1000 req/s, 16 connections, 10 s, 2 s timeout (wrk's). */
    public static final double DEFAULT_RATE = 1000;
    public static final int DEFAULT_CONNECTIONS = 16;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** Validates every field; misuse fails with a message naming the parameter, the value and what was expected. */
    public LoadConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(timeout, "timeout");
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("url: " + url + " (expected: an absolute http:// or https:// URL)");
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: > 0 requests per second)");
        }
        if (connections < 1) throw new IllegalArgumentException("connections: " + connections + " (expected: >= 1)");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: > 0)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        for (String[] h : headers) {
            if (h.length != 2 || h[0] == null || h[0].isBlank() || h[1] == null) {
                throw new IllegalArgumentException("headers: " + String.join(": ", h) + " (expected: {name, value})");
            }
        }
        if (requestCount(rate, duration) < 1) {
            throw new IllegalArgumentException("rate x duration: " + rate + " x " + duration
                    + " (expected: at least one request)");
        }
    }

    /** A config with the defaults for everything but the URL. */
    public static LoadConfig of(String url) {
        return new LoadConfig(URI.create(url), DEFAULT_RATE, DEFAULT_CONNECTIONS, DEFAULT_DURATION, DEFAULT_TIMEOUT,
                List.of());
    }

    public LoadConfig withRate(double r) {
        return new LoadConfig(url, r, connections, duration, timeout, headers);
    }

    public LoadConfig withConnections(int c) {
        return new LoadConfig(url, rate, c, duration, timeout, headers);
    }

    public LoadConfig withDuration(Duration d) {
        return new LoadConfig(url, rate, connections, d, timeout, headers);
    }

    public LoadConfig withTimeout(Duration t) {
        return new LoadConfig(url, rate, connections, duration, t, headers);
    }

    /** This config with one more header field. */
    public LoadConfig withHeader(String name, String value) {
        var hs = new java.util.ArrayList<>(headers);
        hs.add(new String[] {name, value});
        return new LoadConfig(url, rate, connections, duration, timeout, hs);
    }

    /** The number of requests the schedule holds: {@code round(rate * duration)}. */
    public long requestCount() {
        return requestCount(rate, duration);
    }

    /** The intended send time of request {@code i}, in nanoseconds after the start: {@code i / rate} seconds. */
    public long intendedOffsetNanos(long i) {
        return (long) Math.floor(i * 1e9 / rate);
    }

    private static long requestCount(double rate, Duration duration) {
        double seconds = duration.getSeconds() + duration.getNano() / 1e9;
        return Math.round(rate * seconds);
    }
}
