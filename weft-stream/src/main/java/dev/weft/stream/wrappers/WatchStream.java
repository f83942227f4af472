package dev.weft.stream.wrappers;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamPoll;
import dev.weft.sync.RecvException;
import dev.weft.sync.Watch;
import java.util.Objects;

/**
 * A stream of the values of a {@link Watch.Receiver}: tokio-stream's {@code wrappers::WatchStream}. The
 * stream made by the constructor yields the current value at its first poll and then each newer value;
 * {@link #fromChanges} yields only values sent after the last one the receiver has seen. Like the channel, it
 * may skip intermediate values but never misses the latest. It ends when the sender is closed and no unseen
 * value is left.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=watchStream}
 *
 * <p>The stream owns the receiver. Each change consumes one unit of the task's cooperative budget.
 *
 * <p><b>Cancel safety.</b> Cancel-safe between elements: a value is marked seen only in the {@code pollNext}
 * that returns it, so a cancelled consumer future loses no change. {@link #cancel()} (Rust's drop of the
 * stream) closes the receiver.
 *
 * <p><b>Memory effects.</b> Actions before a {@code send} happen-before actions after the {@code pollNext} that
 * returns the value (or a later one).
 *
 * @param <T> the value type
 */
public final class WatchStream<T> implements Stream<T> {
    /*
     * Implementation notes
     *
     * Owner-confined, like the receiver it wraps.
     * I1. rx == null iff the stream returned End or was cancelled; the receiver is closed by then.
     * I2. The value yielded is read with borrowAndUpdate() in the same poll that saw the change, so the version
     *     marked seen is the version of the value yielded (a value sent in between is not yielded twice).
     */
    private Watch.Receiver<T> rx;
    private boolean yieldCurrent;

    /**
     * A stream of {@code receiver}'s current value followed by each newer one ({@code WatchStream::new}).
     *
     * @throws NullPointerException when {@code receiver} is null
     */
    public WatchStream(Watch.Receiver<T> receiver) {
        this(receiver, true);
    }

    private WatchStream(Watch.Receiver<T> receiver, boolean yieldCurrent) {
        this.rx = Objects.requireNonNull(receiver, "receiver");
        this.yieldCurrent = yieldCurrent;
    }

    /**
     * A stream of the values sent after the last one {@code receiver} has seen ({@code WatchStream::from_changes}).
     *
     * @throws NullPointerException when {@code receiver} is null
     */
    public static <T> WatchStream<T> fromChanges(Watch.Receiver<T> receiver) {
        return new WatchStream<>(receiver, false);
    }

    @Override
    public StreamPoll<T> pollNext(Context cx) {
        Watch.Receiver<T> r = rx;
        if (r == null) return StreamPoll.end();
        if (yieldCurrent) {
            yieldCurrent = false;
            return StreamPoll.item(r.borrowAndUpdate());
        }
        Poll<Void> p;
        try {
            p = r.pollChanged(cx);
        } catch (RecvException closed) { // the sender is closed and every value was seen: the end, not a failure
            rx = null; // I1
            r.close();
            return StreamPoll.end();
        }
        if (p.isPending()) return StreamPoll.pending();
        return StreamPoll.item(r.borrowAndUpdate()); // I2
    }

    /** Closes the receiver: Rust's drop of the stream. Idempotent; a no-op after {@code End}. */
    @Override
    public void cancel() {
        Watch.Receiver<T> r = rx;
        rx = null;
        if (r != null) r.close();
    }

    @Override
    public String toString() {
        return "WatchStream[" + (rx == null ? "ended" : "open") + "]";
    }
}
