package dev.weft.service.api;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The generic cell rate algorithm (GCRA) per key: {@code limit} requests per {@code period} sustained, up to
 * {@code burst} at once. It stores one number per key, the theoretical arrival time (TAT) of the next request.
 *
 * <p>With emission interval {@code T = period / limit} and burst offset {@code B = T * burst}, a request at
 * time {@code now} is allowed when {@code max(TAT, now) + T - B <= now}; if so TAT becomes
 * {@code max(TAT, now) + T}. A fresh key can thus make exactly {@code burst} requests at once, then one per
 * {@code T}. After an allowed request, {@code remaining = floor((now - (TAT - B)) / T)} more would be allowed
 * right now, and the quota is whole again after {@code TAT - now}. A denied request changes nothing and may
 * retry after {@code max(TAT, now) + T - B - now}.
 *
 * <p>Implementation notes
 * <ol>
 * <li>Each key's TAT is an AtomicLong updated by CAS: concurrent requests of one key each see a consistent
 *     TAT and none is lost; different keys never contend.</li>
 * <li>Times are nanoseconds from the injected monotonic clock and compared by subtraction (wrap-safe).</li>
 * <li>The map grows by one entry per key that ever made a request; keys are authenticated first, so its
 *     size is bounded by the number of API keys.</li>
 * </ol>
 */
public final class KeyedGcra {

    /**
     * The outcome of one check.
     *
     * @param allowed whether the request may proceed
     * @param limit the burst size (the quota when idle)
     * @param remaining requests still allowed right now after this one (0 when denied)
     * @param resetNanos nanoseconds until the quota is whole again
     * @param retryAfterNanos when denied, nanoseconds until a retry would be allowed; 0 when allowed
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetNanos, long retryAfterNanos) {}

    private final long emissionNanos;
    private final long burstOffsetNanos;
    private final int burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Object, AtomicLong> tats = new ConcurrentHashMap<>();

    /**
     * A limiter of {@code limit} per {@code period} with bursts of {@code burst}.
     *
     * @throws IllegalArgumentException when a count is below 1 or {@code period} is not positive
     */
    public KeyedGcra(int limit, Duration period, int burst, LongSupplier nanoClock) {
        if (limit < 1) throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        if (burst < 1) throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
        }
        this.emissionNanos = Math.max(1, period.toNanos() / limit);
        this.burst = burst;
        this.burstOffsetNanos = Math.multiplyExact(emissionNanos, (long) burst);
        this.nanoClock = nanoClock;
    }

    /** The emission interval T. */
    public long emissionNanos() {
        return emissionNanos;
    }

    /** Checks (and on success records) one request for {@code key}. */
    public Decision check(Object key) {
        AtomicLong tat = tats.computeIfAbsent(key, k -> new AtomicLong(nanoClock.getAsLong()));
        for (;;) {
            long now = nanoClock.getAsLong();
            long old = tat.get();
            long base = old - now > 0 ? old : now;
            long newTat = base + emissionNanos;
            long allowAt = newTat - burstOffsetNanos;
            if (allowAt - now > 0) {
                return new Decision(false, burst, 0, base - now, allowAt - now);
            }
            if (tat.compareAndSet(old, newTat)) {
                int remaining = (int) Math.min(burst, (now - allowAt) / emissionNanos);
                return new Decision(true, burst, remaining, newTat - now, 0);
            }
        }
    }
}
