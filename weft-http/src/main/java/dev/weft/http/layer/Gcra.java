package dev.weft.http.layer;

import dev.weft.time.MonotonicInstant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A per-key rate limiter using the generic cell rate algorithm (GCRA, ITU-T I.371; the "virtual scheduling"
 * form): each key may make {@code permits} requests per {@code period} on average, with bursts of up to
 * {@code burst} requests. It keeps one timestamp per key, the theoretical arrival time (TAT), instead of a token
 * count, and needs no background refill.
 * {@snippet :
 * Gcra limiter = Gcra.builder().rate(100, Duration.ofMinutes(1)).burst(20).build();
 * Gcra.Decision d = limiter.check("api-key-123", Time.now(cx));
 * if (!d.allowed()) return tooManyRequests(d.retryAfterSeconds());
 * }
 *
 * <p><b>Exact arithmetic.</b> The emission interval {@code T = period / permits} is kept as an exact fraction
 * {@code p/q} of nanoseconds (reduced by their gcd), and each TAT as whole nanoseconds plus a remainder in
 * {@code 1/q} ns, so 3 requests per second are spaced by exactly 333,333,333⅓ ns and a client sending at exactly
 * the rate is admitted for ever, with no drift. The guarantee: in any interval of length {@code d}, a key is
 * admitted at most {@code burst + floor(d / T)} times; a client that never lets its allowance fill up (it
 * retries at least every {@code (burst - 1) * T}) and takes everything it may is admitted exactly that many.
 *
 * <p><b>Keys.</b> Keys live in a concurrent map bounded by {@link Builder#maxKeys maxKeys}. A key whose TAT has
 * passed is idle: its state equals a fresh key's, so dropping it changes no decision. When the map is full,
 * idle keys are swept; if it is still over 7/8 full, the keys closest to idle are evicted (which forgets their
 * recent use: a fail-open choice, so a flood of new keys cannot lock existing clients out).
 *
 * <p>Thread-safe: each key's state is updated under that key's own monitor; different keys never contend.
 * The clock is the caller's: pass {@code Time.now(cx)} (the runtime's clock, which a paused test clock
 * drives) or any monotonic instant.
 */
public final class Gcra {

    /*
     * Implementation notes
     *
     * I1. For every key, TAT = cell.tatNs + cell.tatFrac / q with 0 <= tatFrac < q; it only grows (by exactly
     *     T = p/q per admission), and max(TAT, now) is taken before the test, as in ITU-T I.371's virtual
     *     scheduling algorithm. A request at `now` is admitted iff max(TAT, now) - now <= tau = (burst - 1) * T.
     * I2. All differences are computed in units of 1/q ns relative to `now`; they are bounded by burst * p plus
     *     clock skew between callers, and the builder rejects configurations where burst * p overflows a long.
     * I3. A cell is read and written only under its monitor. A removed cell (removed == true, set under the
     *     monitor before the map entry is removed) is never updated again: check() retries with a fresh lookup,
     *     so an admission is never recorded in a cell that is no longer in the map.
     * I4. Only idle cells (TAT <= now) are removed by the idle sweep, so that sweep never changes a decision;
     *     the overflow eviction (map still over 7/8 of maxKeys) is the only lossy step, and it is documented.
     * I5. One sweeper at a time (sweepLock.tryLock); others go on, so the map may pass maxKeys briefly by at
     *     most the number of concurrent callers.
     */

    private final long permits;
    private final Duration period;
    private final long burst;
    private final int maxKeys;
    // T = p / q nanoseconds, in lowest terms
    private final long p;
    private final long q;
    private final long tWhole; // p / q
    private final long tFrac; // p % q
    private final long tauScaled; // (burst - 1) * p, in 1/q ns
    private final long burstScaled; // burst * p, in 1/q ns
    private final ConcurrentHashMap<String, Cell> cells = new ConcurrentHashMap<>();
    private final ReentrantLock sweepLock = new ReentrantLock();

    private Gcra(Builder b) {
        this.permits = b.permits;
        this.period = b.period;
        this.burst = b.burst;
        this.maxKeys = b.maxKeys;
        long periodNs = b.period.toNanos();
        long g = gcd(periodNs, permits);
        this.p = periodNs / g;
        this.q = permits / g;
        this.tWhole = p / q;
        this.tFrac = p % q;
        try {
            this.burstScaled = Math.multiplyExact(burst, p);
            this.tauScaled = burstScaled - p;
            Math.multiplyExact(burstScaled, 2L); // headroom for skew between callers (I2)
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("burst: " + burst + " with period " + period + " / " + permits
                    + " permits overflows the limiter's exact arithmetic (expected: burst * period / gcd(period ns, "
                    + "permits) < 2^62)");
        }
    }

    /** A builder: set {@link Builder#rate rate} and {@link Builder#burst burst}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A limiter of {@code permits} per {@code period} with bursts of {@code burst}, at most 100,000 keys. */
    public static Gcra of(long permits, Duration period, long burst) {
        return builder().rate(permits, period).burst(burst).build();
    }

    /**
     * Decides one request of {@code key} at {@code now}, recording it when admitted.
     *
     * @throws NullPointerException when an argument is null
     */
    public Decision check(String key, MonotonicInstant now) {
        Objects.requireNonNull(key, "key");
        return check(key, Objects.requireNonNull(now, "now").nanos());
    }

    /** As {@link #check(String, MonotonicInstant)} with the instant in nanoseconds. */
    public Decision check(String key, long nowNanos) {
        Objects.requireNonNull(key, "key");
        for (;;) {
            Cell c = cells.get(key);
            if (c == null) {
                if (cells.size() >= maxKeys) sweep(nowNanos);
                c = cells.computeIfAbsent(key, k -> new Cell(nowNanos));
            }
            synchronized (c) {
                if (c.removed) continue; // I3
                return decide(c, nowNanos);
            }
        }
    }

    private Decision decide(Cell c, long now) {
        // tat = max(TAT, now), as (dNs, dFrac) = tat - now >= 0
        long dNs = c.tatNs - now;
        long dFrac = c.tatFrac;
        if (dNs < 0) {
            dNs = 0;
            dFrac = 0;
        }
        long dScaled = dNs > (Long.MAX_VALUE - q) / q ? Long.MAX_VALUE : dNs * q + dFrac; // I2
        if (dScaled > tauScaled) {
            long waitScaled = dScaled - tauScaled;
            return new Decision(false, burst, 0, ceilDiv(waitScaled, q), ceilDiv(dScaled, q));
        }
        // admit: TAT = tat + T (I1)
        long ns = now + dNs + tWhole;
        long frac = dFrac + tFrac;
        if (frac >= q) {
            frac -= q;
            ns++;
        }
        c.tatNs = ns;
        c.tatFrac = frac;
        long newD = dScaled + p;
        return new Decision(true, burst, (burstScaled - newD) / p, 0, ceilDiv(newD, q));
    }

    /**
     * Removes every idle key (one whose allowance is full again at {@code now}); returns how many. Never changes
     * a decision. {@link #check} calls it when the map is full; call it periodically to return memory sooner.
     */
    public int evictIdle(MonotonicInstant now) {
        Objects.requireNonNull(now, "now");
        sweepLock.lock();
        try {
            return evictIdleLocked(now.nanos());
        } finally {
            sweepLock.unlock();
        }
    }

    private int evictIdleLocked(long now) {
        int removed = 0;
        for (Map.Entry<String, Cell> e : cells.entrySet()) {
            Cell c = e.getValue();
            synchronized (c) {
                if (!c.removed && isIdle(c, now)) {
                    c.removed = true; // I3: before the entry goes
                    cells.remove(e.getKey(), c);
                    removed++;
                }
            }
        }
        return removed;
    }

    private void sweep(long now) {
        if (!sweepLock.tryLock()) return; // I5
        try {
            evictIdleLocked(now);
            int target = maxKeys - maxKeys / 8;
            if (cells.size() <= target) return;
            record Snapshot(String key, Cell cell, long tatNs) {}
            List<Snapshot> all = new ArrayList<>(cells.size());
            for (Map.Entry<String, Cell> e : cells.entrySet()) {
                Cell c = e.getValue();
                long t;
                synchronized (c) {
                    t = c.tatNs;
                }
                all.add(new Snapshot(e.getKey(), c, t));
            }
            all.sort(Comparator.comparingLong(Snapshot::tatNs));
            for (Snapshot s : all) {
                if (cells.size() <= target) break;
                synchronized (s.cell) {
                    if (s.cell.removed) continue;
                    s.cell.removed = true; // I3, I4: the lossy step
                    cells.remove(s.key, s.cell);
                }
            }
        } finally {
            sweepLock.unlock();
        }
    }

    private static boolean isIdle(Cell c, long now) {
        return c.tatNs < now || c.tatNs == now && c.tatFrac == 0;
    }

    /** The number of keys tracked now. */
    public int trackedKeys() {
        return cells.size();
    }

    /** The burst: the most requests a fresh key may make at once (the {@code RateLimit-Limit}). */
    public long burst() {
        return burst;
    }

    /** The sustained rate's permits per {@link #period()}. */
    public long permits() {
        return permits;
    }

    /** The sustained rate's period. */
    public Duration period() {
        return period;
    }

    @Override
    public String toString() {
        return "Gcra[" + permits + " per " + period + ", burst " + burst + ", " + cells.size() + " keys]";
    }

    private static long ceilDiv(long a, long b) {
        return a == Long.MAX_VALUE ? Long.MAX_VALUE : Math.ceilDiv(a, b);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** A key's state: TAT = tatNs + tatFrac / q (I1); guarded by its own monitor (I3). */
    private static final class Cell {
        long tatNs;
        long tatFrac;
        boolean removed;

        Cell(long now) {
            this.tatNs = now; // TAT = now: a fresh key, equal to an idle one
        }
    }

    /**
     * The outcome of one {@link #check}.
     *
     * @param allowed whether the request is admitted (and was recorded)
     * @param limit the burst: what {@code RateLimit-Limit} reports
     * @param remaining how many more requests would be admitted right now ({@code RateLimit-Remaining})
     * @param retryAfterNanos when denied, the wait until a request would be admitted; 0 when allowed
     * @param resetAfterNanos the wait until the key's allowance is full again ({@code RateLimit-Reset})
     */
    public record Decision(boolean allowed, long limit, long remaining, long retryAfterNanos, long resetAfterNanos) {

        /** {@link #retryAfterNanos} as a duration. */
        public Duration retryAfter() {
            return Duration.ofNanos(retryAfterNanos);
        }

        /** {@link #resetAfterNanos} as a duration. */
        public Duration resetAfter() {
            return Duration.ofNanos(resetAfterNanos);
        }

        /** The {@code Retry-After} value: whole seconds, rounded up, at least 1 when denied (0 when allowed). */
        public long retryAfterSeconds() {
            return allowed ? 0 : Math.max(1, Math.ceilDiv(retryAfterNanos, 1_000_000_000L));
        }

        /** The {@code RateLimit-Reset} value: whole seconds until the allowance is full, rounded up. */
        public long resetSeconds() {
            return Math.ceilDiv(resetAfterNanos, 1_000_000_000L);
        }
    }

    /** Configures a {@link Gcra}: {@link #rate} is required; burst defaults to 1, maxKeys to 100,000. */
    public static final class Builder {
        private long permits;
        private Duration period;
        private long burst = 1;
        private int maxKeys = 100_000;

        private Builder() {}

        /**
         * The sustained rate: {@code permits} requests per {@code period}.
         *
         * @throws IllegalArgumentException when {@code permits} is not positive or {@code period} is not positive
         */
        public Builder rate(long permits, Duration period) {
            Objects.requireNonNull(period, "period");
            if (permits <= 0) throw new IllegalArgumentException("permits: " + permits + " (expected: > 0)");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
            }
            period.toNanos(); // ArithmeticException for periods beyond ~292 years
            this.permits = permits;
            this.period = period;
            return this;
        }

        /**
         * The burst: how many requests a key that has been idle may make at once (at least 1).
         *
         * @throws IllegalArgumentException when {@code burst} is less than 1
         */
        public Builder burst(long burst) {
            if (burst < 1) throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
            this.burst = burst;
            return this;
        }

        /**
         * The most keys tracked at once (see the class description for what happens past it).
         *
         * @throws IllegalArgumentException when {@code maxKeys} is less than 1
         */
        public Builder maxKeys(int maxKeys) {
            if (maxKeys < 1) throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: >= 1)");
            this.maxKeys = maxKeys;
            return this;
        }

        /**
         * The limiter.
         *
         * @throws IllegalStateException when no rate was set
         */
        public Gcra build() {
            if (period == null) {
                throw new IllegalStateException("rate: not set (expected: rate(permits, period) before build())");
            }
            return new Gcra(this);
        }
    }
}
