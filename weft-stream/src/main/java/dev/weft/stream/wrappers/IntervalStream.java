package dev.weft.stream.wrappers;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamPoll;
import dev.weft.time.Interval;
import dev.weft.time.MonotonicInstant;
import java.util.Objects;

/**
 * An endless stream of the ticks of an {@link Interval}, each the instant the tick was scheduled for:
 * tokio-stream's {@code wrappers::IntervalStream}. Bound it with {@code take}, {@code takeUntil} or a
 * cancellation. Like the interval, it must be polled by a task of a Weft runtime with time enabled.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=intervalStream}
 *
 * <p>The interval's {@link dev.weft.time.MissedTickBehavior} decides what happens when the consumer falls
 * behind; the stream adds no buffering of its own.
 *
 * <p><b>Cancel safety.</b> Cancel-safe between elements: the schedule advances only in the {@code pollNext}
 * that returns a tick, so a cancelled consumer future loses no tick. {@link #cancel()} (Rust's drop of the
 * stream) cancels the interval, which removes its timer from the runtime's wheel at once.
 */
public final class IntervalStream implements Stream<MonotonicInstant> {
    /*
     * Implementation notes
     *
     * Owner-confined, like the interval it wraps.
     * I1. interval == null iff the stream was cancelled (it never ends on its own).
     */
    private Interval interval;

    /**
     * A stream of {@code interval}'s ticks ({@code IntervalStream::new}).
     *
     * @throws NullPointerException when {@code interval} is null
     */
    public IntervalStream(Interval interval) {
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Polls the interval for its next tick.
     *
     * @throws IllegalStateException when polled outside a Weft runtime with time enabled
     */
    @Override
    public StreamPoll<MonotonicInstant> pollNext(Context cx) {
        Interval i = interval;
        if (i == null) return StreamPoll.end();
        Poll<MonotonicInstant> p = i.pollTick(cx);
        return p instanceof Poll.Ready<MonotonicInstant>(var tick) ? StreamPoll.item(tick) : StreamPoll.pending();
    }

    /** Cancels the interval (its timer leaves the wheel at once): Rust's drop of the stream. Idempotent. */
    @Override
    public void cancel() {
        Interval i = interval;
        interval = null;
        if (i != null) i.cancel();
    }

    @Override
    public String toString() {
        return "IntervalStream[" + (interval == null ? "cancelled" : interval) + "]";
    }
}
