package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.time.TimeDriver;
import java.time.Duration;
import java.util.Objects;

/**
 * A stream of ticks, one every {@code period}: Tokio's {@code Interval}, made by {@link Time#interval} and
 * {@link Time#intervalAt}.
 * {@snippet class=dev.weft.time.snippets.TimeSnippets region=interval}
 *
 * <p>The first tick completes at the start instant ({@link Time#interval}: the first poll, i.e. at once), then
 * one every period. When the task falls behind, the {@link MissedTickBehavior} (default {@link
 * MissedTickBehavior#BURST}, as in Tokio) decides how the schedule catches up. Each tick reports the instant
 * it was scheduled for.
 *
 * <p>An interval owns one timer entry, reused for every tick. Not thread-safe: it belongs to the task that ticks
 * it. Between ticks its entry stays in the runtime's wheel until the next deadline; {@link #cancel()} removes it
 * at once when the interval is abandoned (Rust's drop).
 */
public final class Interval {
    private static final long MISSED_THRESHOLD_NANOS = 5_000_000L; // Tokio: a tick more than 5 ms late is missed

    private final Sleep delay;
    private final long periodNanos;
    private final Duration period;
    private MissedTickBehavior missedTickBehavior = MissedTickBehavior.BURST;

    Interval(Sleep delay, Duration period) {
        this.delay = delay;
        this.period = period;
        this.periodNanos = MonotonicInstant.saturatedNanos(period);
    }

    /**
     * A future of the next tick's scheduled instant.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling the returned future (e.g. it lost a {@code select}) loses
     * no tick; the next {@code tick()} completes for the same instant.
     */
    public Future<MonotonicInstant> tick() {
        return this::pollTick;
    }

    /**
     * Polls for the next tick: {@code Ready} with the instant it was scheduled for, or {@code Pending} after
     * registering {@code cx}'s waker. For hand-written futures and streams.
     *
     * @throws IllegalStateException when polled outside a Weft runtime with time enabled
     */
    public Poll<MonotonicInstant> pollTick(Context cx) {
        if (delay.poll(cx).isPending()) return Poll.pending();
        long timeout = delay.deadlineNanos();
        TimeDriver d = delay.driver();
        long now = d.nowNanos();
        long next = now > MonotonicInstant.addSaturating(timeout, MISSED_THRESHOLD_NANOS)
                ? missedTickBehavior.nextTimeout(timeout, now, periodNanos)
                : MonotonicInstant.addSaturating(timeout, periodNanos);
        delay.resetLazily(next); // the entry just fired, so this touches no lock
        return Poll.ready(new MonotonicInstant(timeout));
    }

    /** Restarts the schedule: the next tick completes one period from now. */
    public void reset() {
        delay.resetAfter(periodNanos);
    }

    /** Restarts the schedule: the next tick completes at once. */
    public void resetImmediately() {
        delay.resetAfter(0);
    }

    /**
     * Restarts the schedule: the next tick completes {@code after} from now.
     *
     * @throws NullPointerException when {@code after} is null
     * @throws IllegalArgumentException when {@code after} is negative
     */
    public void resetAfter(Duration after) {
        delay.resetAfter(Time.nonNegative(after, "after"));
    }

    /**
     * Restarts the schedule: the next tick completes at {@code deadline}.
     *
     * @throws NullPointerException when {@code deadline} is null
     */
    public void resetAt(MonotonicInstant deadline) {
        delay.reset(Objects.requireNonNull(deadline, "deadline"));
    }

    /** The period between ticks. */
    public Duration period() {
        return period;
    }

    /** How missed ticks are handled. */
    public MissedTickBehavior missedTickBehavior() {
        return missedTickBehavior;
    }

    /**
     * Sets how missed ticks are handled.
     *
     * @throws NullPointerException when {@code behavior} is null
     */
    public void setMissedTickBehavior(MissedTickBehavior behavior) {
        this.missedTickBehavior = Objects.requireNonNull(behavior, "behavior");
    }

    /**
     * Removes the interval's timer entry from the runtime's wheel at once; the schedule is kept, and a later
     * tick registers the entry again. Call it when abandoning an interval (Rust's drop).
     */
    public void cancel() {
        delay.cancel();
    }

    /** The underlying sleep, for tests. */
    Sleep delay() {
        return delay;
    }

    @Override
    public String toString() {
        return "Interval[period=" + period + ", " + missedTickBehavior + ", next=" + delay + "]";
    }
}
