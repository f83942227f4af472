package dev.weft.bench;

import java.util.Locale;

/**
 * The workloads of shared/WORKLOADS.md: each knows its id, its full size, the value a correct round computes
 * (the self-check) and how a row is derived from the counted rounds.
 *
 * <p>{@code size} is always the number of counted operations of the workload (tasks, messages, round trips, lock
 * operations, items); {@link #normalize(long)} rounds a requested size to one the workload can run (W4 needs a
 * multiple of 4 producers, W9 and W11 a multiple of 1,000 per task or connection). The shape constants below
 * (channel capacity, permits, subscribers, ...) are the spec's and are the same for every implementation.
 */
public enum Workload {
    /** Spawn N tasks returning their index, await every handle in order; sum = N(N-1)/2. */
    W1("W1_spawn_join", 1_000_000, "task") {
        @Override public long expected(long n) { return triangle(n); }
    },
    /** Bounded(1024) channel, 1 producer sends 0..N-1, 1 consumer sums. */
    W3("W3_mpsc_1p1c", 10_000_000, "message") {
        @Override public long expected(long n) { return triangle(n); }
    },
    /** Bounded(1024) channel, 4 producers each send N/4 values (producer p sends p*N/4 + i), 1 consumer sums. */
    W4("W4_mpsc_4p1c", 10_000_000, "message") {
        @Override public long normalize(long n) { return Math.max(PRODUCERS, n / PRODUCERS * PRODUCERS); }
        @Override public long expected(long n) { return triangle(n); }
    },
    /** Two tasks pass a counter over two bounded(1) channels, each hop adds 1; N round trips end at 2N. */
    W5("W5_ping_pong", 1_000_000, "round trip") {
        @Override public long expected(long n) { return 2 * n; }
    },
    /** N tasks, task i sleeps (i*7919 mod 1000) ms; the check is the count of completed tasks. */
    W6("W6_timers", 1_000_000, "task") {
        @Override public long expected(long n) { return n; }
        @Override String extraNotes(double medianWallMs) {
            return String.format(Locale.ROOT, "overhead=%.0fms (wall-1000)", medianWallMs - 1000);
        }
    },
    /** N tasks parked on their own one-shot signal; bytes of RSS per parked task. Check: N completions. */
    W7("W7_idle_memory", 1_000_000, "B/task") {
        @Override public long expected(long n) { return n; }
        @Override boolean metricIsThroughput() { return true; }
        @Override boolean needsFreshProcess() { return true; }
    },
    /** N tasks each take 1 of 100 permits, yield once, release; the check is the count of completed tasks. */
    W8("W8_semaphore", 1_000_000, "task") {
        @Override public long expected(long n) { return n; }
    },
    /** N/1000 tasks each increment a shared counter 1,000 times under an async mutex; final = N. */
    W9("W9_mutex", 1_000_000, "lock op") {
        @Override public long normalize(long n) { return Math.max(INCREMENTS, n / INCREMENTS * INCREMENTS); }
        @Override public long expected(long n) { return n; }
    },
    /**
     * 1 producer sends N messages into a broadcast of capacity 65,536 with 8 subscribers, yielding every 256 sends.
     * The check is the sum over subscribers of received + lagged (= 8N); throughput counts delivered messages.
     */
    W10("W10_broadcast", 1_000_000, "delivered message") {
        @Override public long expected(long n) { return SUBSCRIBERS * n; }
    },
    /** Echo server + N/1000 client connections in one process, 1,000 round trips of 64 bytes each. */
    W11("W11_tcp_echo", 1_000_000, "round trip") {
        @Override public long normalize(long n) { return Math.max(ROUND_TRIPS_PER_CONNECTION, n / ROUND_TRIPS_PER_CONNECTION * ROUND_TRIPS_PER_CONNECTION); }
        @Override public long expected(long n) { return n; }
    },
    /**
     * Consumer loops select { recv => sum, sleep(1 s) => break } with a new sleep per iteration; the producer sends
     * 0..N-1 and keeps the channel open. The final 1 s sleep is subtracted from the reported time.
     */
    W13("W13_select_loop", 1_000_000, "message") {
        @Override public long expected(long n) { return triangle(n); }
        @Override double reportedMs(double wallMs) { return wallMs - SELECT_TIMEOUT_MS; }
        @Override String extraNotes(double medianWallMs) {
            return String.format(Locale.ROOT, "wall=%.0fms incl. final 1s sleep (subtracted)", medianWallMs);
        }
    },
    /** Lazy stream over 0..N-1: map(x*2), filter(x%3==0), map(x+1), fold sum. */
    W14("W14_stream_pipeline", 10_000_000, "item") {
        @Override public long expected(long n) {
            long k = (n + 2) / 3;                   // x in [0,n) with x % 3 == 0  <=>  2x % 3 == 0
            return 2 * (3 * (k * (k - 1) / 2)) + k; // sum of 2x+1 over x = 0, 3, ..., 3(k-1)
        }
    },
    /**
     * HTTP rows (dev.weft.bench.http): the size is the length of one counted wrk run in seconds; the server runs in
     * its own JVM and the rows are measured whole by {@link dev.weft.bench.http.HttpRow}, never by rounds.
     * TechEmpower plaintext, 256 connections, 16 requests pipelined per write.
     */
    H1("H1_plaintext_pipelined", 10, "request"),
    /** H1 with the server pinned to CPU 1 and wrk to CPU 0. */
    H1_PINNED("H1_plaintext_pipelined_pinned", 10, "request"),
    /** TechEmpower plaintext, 256 connections, no pipelining. */
    H2("H2_plaintext", 10, "request"),
    /** H2 pinned. */
    H2_PINNED("H2_plaintext_pinned", 10, "request"),
    /** TechEmpower JSON (Jackson, per request), 256 connections. */
    H3("H3_json", 10, "request"),
    /** H3 pinned. */
    H3_PINNED("H3_json_pinned", 10, "request"),
    /**
     * Database HTTP rows (dev.weft.bench.http.db, measured whole like H1-H3): TechEmpower single query, 256
     * connections, on SQLite and PostgreSQL.
     */
    H4("H4_db", 10, "request"),
    /** H4 pinned. */
    H4_PINNED("H4_db_pinned", 10, "request"),
    /** TechEmpower fortunes, 256 connections, on SQLite and PostgreSQL. */
    H5("H5_fortunes", 10, "request"),
    /** H5 pinned. */
    H5_PINNED("H5_fortunes_pinned", 10, "request"),
    /**
     * The seed's pipeline (authenticated, rate-limited GET /api/v1/worlds/{id}) at fixed rates with Weft's
     * constant-rate generator: the highest rate whose p99 stays under 10 ms. The size is one step's seconds.
     */
    H6("H6_pipeline", 10, "request"),
    /** H6 with the server pinned to CPU 1 (the generator runs in the harness JVM, unpinned). */
    H6_PINNED("H6_pipeline_pinned", 10, "request");

    /** Bounded channel capacity of W3, W4 and W13. */
    public static final int CHANNEL_CAPACITY = 1024;
    /** Producers of W4. */
    public static final int PRODUCERS = 4;
    /** Permits of W8. */
    public static final int PERMITS = 100;
    /** Increments per task of W9. */
    public static final int INCREMENTS = 1_000;
    /** Broadcast capacity of W10. */
    public static final int BROADCAST_CAPACITY = 65_536;
    /** Subscribers of W10. */
    public static final int SUBSCRIBERS = 8;
    /** The W10 producer yields after this many sends. */
    public static final int YIELD_EVERY = 256;
    /** Round trips per connection of W11. */
    public static final int ROUND_TRIPS_PER_CONNECTION = 1_000;
    /** Message size of W11. */
    public static final int MESSAGE_BYTES = 64;
    /**
     * The read buffer of a W11 echo server connection: Tokio's echo example reads into 1,024 bytes and Netty's
     * adaptive allocator starts at 2,048, so a read of one 64-byte message is short and tells the reader the
     * socket is drained (neither reads again before waiting; Weft's epoll driver does the same, StreamIo I4).
     */
    public static final int ECHO_READ_BUFFER_BYTES = 1_024;
    /** The select timeout of W13. */
    public static final long SELECT_TIMEOUT_MS = 1_000;

    private final String id;
    private final long fullSize;
    private final String unit;

    Workload(String id, long fullSize, String unit) {
        this.id = id;
        this.fullSize = fullSize;
        this.unit = unit;
    }

    /** The id printed in the first column, e.g. {@code W1_spawn_join}. */
    public String id() {
        return id;
    }

    /** The size WORKLOADS.md prescribes. */
    public long fullSize() {
        return fullSize;
    }

    /** The unit of the throughput column: an operation per second, except W7 (bytes per task). */
    public String unit() {
        return unit;
    }

    /** The size scaled by {@code 1/divisor}, normalized, never below the workload's minimum. */
    public long scaledSize(long divisor) {
        return normalize(Math.max(1, fullSize / divisor));
    }

    /** Rounds {@code size} to one the workload can run. */
    public long normalize(long size) {
        return Math.max(1, size);
    }

    /** The value {@link Outcome#check()} must hold after a correct round at {@code size}. */
    public long expected(long size) {
        throw new UnsupportedOperationException(id + " is measured whole (HTTP), not in self-checked rounds");
    }

    /** Throws {@link SelfCheckFailed} unless {@code outcome} is what a correct round at {@code size} computes. */
    public void check(String impl, long size, Outcome outcome) {
        long want = expected(size);
        if (outcome == null) throw new SelfCheckFailed(id + "/" + impl + ": run returned null (expected: an Outcome)");
        if (outcome.check() != want) {
            throw new SelfCheckFailed(id + "/" + impl + " at size " + size + ": result " + outcome.check()
                    + " (expected: " + want + ")");
        }
        if (metricIsThroughput() && Double.isNaN(outcome.metric())) {
            throw new SelfCheckFailed(id + "/" + impl + ": metric NaN (expected: bytes per task)");
        }
    }

    /** The counted operations of a round (the size unless the outcome says otherwise, e.g. W10 delivered). */
    public long ops(long size, Outcome outcome) {
        return outcome.ops() >= 0 ? outcome.ops() : size;
    }

    /** Parses {@code W1} or {@code W1_spawn_join} (case-insensitive); {@code H1_pinned} names a pinned HTTP row. */
    public static Workload parse(String s) {
        for (Workload w : values()) {
            if (w.name().equalsIgnoreCase(s) || w.id.equalsIgnoreCase(s)) return w;
        }
        throw new IllegalArgumentException("workload: " + s + " (expected one of W1, W3..W11, W13, W14, H1..H6)");
    }

    /** Whether this is an HTTP row (H1-H3, pinned or not): measured whole with wrk against a server JVM. */
    public boolean isHttp() {
        return name().startsWith("H");
    }

    /** Whether this is a database HTTP row (H4-H6): dev.weft.bench.http.db measures it, not HttpRow. */
    public boolean isDbHttp() {
        return name().startsWith("H4") || name().startsWith("H5") || name().startsWith("H6");
    }

    /** Whether this HTTP row pins the server to CPU 1 and wrk to CPU 0. */
    public boolean isPinned() {
        return name().endsWith("_PINNED");
    }

    /** The pinned twin of an unpinned HTTP row (itself when already pinned). */
    public Workload pinned() {
        if (!isHttp()) throw new IllegalStateException(id + " is not an HTTP row (expected: H1..H3)");
        return isPinned() ? this : valueOf(name() + "_PINNED");
    }

    /** The unpinned twin of an HTTP row (itself when not pinned). */
    public Workload unpinned() {
        return isPinned() ? valueOf(name().substring(0, name().length() - "_PINNED".length())) : this;
    }

    /** Whether the throughput column holds the outcome's metric (W7) rather than ops per second. */
    boolean metricIsThroughput() {
        return false;
    }

    /** Whether a round must run in a fresh JVM for its metric to mean something (W7: RSS). */
    boolean needsFreshProcess() {
        return false;
    }

    /** The milliseconds reported for a round that took {@code wallMs} (W13 subtracts its final sleep). */
    double reportedMs(double wallMs) {
        return wallMs;
    }

    /** Notes the workload adds to every row, given the median wall time. */
    String extraNotes(double medianWallMs) {
        return "";
    }

    static long triangle(long n) {
        return n * (n - 1) / 2;
    }
}
