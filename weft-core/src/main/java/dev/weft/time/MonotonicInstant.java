package dev.weft.time;

import java.time.Duration;
import java.util.Objects;

/**
 * A point on a runtime's monotonic clock, in nanoseconds: Tokio's {@code tokio::time::Instant}.
 *
 * <p>Weft does not use {@link java.time.Instant}, which is wall-clock time (it can jump when the system clock is
 * set) and knows nothing of a paused test clock. A {@code MonotonicInstant} is a value of the runtime's clock
 * ({@link System#nanoTime()}-based, or the paused test clock), measured from an origin fixed when the JVM loaded
 * Weft's clock; it is only meaningful relative to other instants of the same runtime. Get the current one with
 * {@link Time#now()} (or {@link Time#now(dev.weft.future.Context)} inside a hand-written {@code poll}), and
 * build deadlines with {@link #plus(Duration)}.
 * {@snippet class=dev.weft.time.snippets.TimeSnippets region=instant}
 *
 * <p>Arithmetic saturates: adding a huge duration gives {@link #FAR_FUTURE}-like values rather than
 * overflowing, and {@link #durationSince} never returns a negative duration.
 *
 * @param nanos nanoseconds on the runtime's clock since Weft's clock origin
 */
public record MonotonicInstant(long nanos) implements Comparable<MonotonicInstant> {

    /** The latest representable instant; a deadline that is never reached in practice. */
    public static final MonotonicInstant FAR_FUTURE = new MonotonicInstant(Long.MAX_VALUE);

    /**
     * This instant plus {@code d}, saturating at {@link #FAR_FUTURE} (or {@code Long.MIN_VALUE} nanos).
     *
     * @throws NullPointerException when {@code d} is null
     */
    public MonotonicInstant plus(Duration d) {
        return new MonotonicInstant(addSaturating(nanos, saturatedNanos(Objects.requireNonNull(d, "d"))));
    }

    /**
     * This instant minus {@code d}, saturating.
     *
     * @throws NullPointerException when {@code d} is null
     */
    public MonotonicInstant minus(Duration d) {
        long n = saturatedNanos(Objects.requireNonNull(d, "d"));
        return new MonotonicInstant(n == Long.MIN_VALUE ? addSaturating(nanos, Long.MAX_VALUE)
                : addSaturating(nanos, -n));
    }

    /**
     * The time from {@code earlier} to this instant, or {@link Duration#ZERO} when {@code earlier} is later
     * (Tokio's saturating {@code duration_since}).
     *
     * @throws NullPointerException when {@code earlier} is null
     */
    public Duration durationSince(MonotonicInstant earlier) {
        Objects.requireNonNull(earlier, "earlier");
        if (earlier.nanos >= nanos) return Duration.ZERO;
        long d = nanos - earlier.nanos;
        return d < 0 ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(d);
    }

    /** True when this instant is strictly before {@code other}. */
    public boolean isBefore(MonotonicInstant other) {
        return nanos < other.nanos;
    }

    /** True when this instant is strictly after {@code other}. */
    public boolean isAfter(MonotonicInstant other) {
        return nanos > other.nanos;
    }

    @Override
    public int compareTo(MonotonicInstant other) {
        return Long.compare(nanos, other.nanos);
    }

    @Override
    public String toString() {
        return "MonotonicInstant[" + Duration.ofNanos(nanos) + "]";
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long addSaturating(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        return r;
    }
}
