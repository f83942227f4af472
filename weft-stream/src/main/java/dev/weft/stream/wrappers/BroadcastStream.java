package dev.weft.stream.wrappers;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamPoll;
import dev.weft.sync.Broadcast;
import java.util.Objects;

/**
 * A stream of the messages of a {@link Broadcast.Receiver}, with lag reported in-band: tokio-stream's
 * {@code wrappers::BroadcastStream}. Each element is a {@link BroadcastItem}: {@code Message(value)}, or
 * {@code Lagged(skipped)} when the receiver fell more than the channel's capacity behind (the stream then goes
 * on with the oldest retained message). It ends once every sender is closed and every message was seen.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=broadcastStream}
 *
 * <p>The stream owns the receiver. Each element consumes one unit of the task's cooperative budget.
 *
 * <p><b>Cancel safety.</b> Cancel-safe between elements: the receiver's position advances only in the
 * {@code pollNext} that returns an element, so a cancelled consumer future loses no message. {@link #cancel()}
 * (Rust's drop of the stream) closes the receiver, which unsubscribes it from the channel.
 *
 * <p><b>Memory effects.</b> Actions before {@code send} happen-before actions after the {@code pollNext} that
 * returns the message.
 *
 * @param <T> the message type
 */
public final class BroadcastStream<T> implements Stream<BroadcastItem<T>> {
    /*
     * Implementation notes
     *
     * Owner-confined, like the receiver it wraps (one task polls at a time).
     * I1. rx == null iff the stream returned End or was cancelled; the receiver is closed by then.
     */
    private Broadcast.Receiver<T> rx;

    /**
     * A stream over {@code receiver}'s messages ({@code BroadcastStream::new}).
     *
     * @throws NullPointerException when {@code receiver} is null
     */
    public BroadcastStream(Broadcast.Receiver<T> receiver) {
        this.rx = Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public StreamPoll<BroadcastItem<T>> pollNext(Context cx) {
        Broadcast.Receiver<T> r = rx;
        if (r == null) return StreamPoll.end();
        Poll<Broadcast.Recv<T>> p = r.pollRecv(cx);
        if (!(p instanceof Poll.Ready<Broadcast.Recv<T>>(var recv))) return StreamPoll.pending();
        return switch (recv) {
            case Broadcast.Recv.Message<T>(var value) -> StreamPoll.item(new BroadcastItem.Message<>(value));
            case Broadcast.Recv.Lagged<T>(var skipped) -> StreamPoll.item(new BroadcastItem.Lagged<>(skipped));
            case Broadcast.Recv.Closed<T>() -> {
                rx = null; // I1
                r.close();
                yield StreamPoll.end();
            }
        };
    }

    /** Closes (unsubscribes) the receiver: Rust's drop of the stream. Idempotent; a no-op after {@code End}. */
    @Override
    public void cancel() {
        Broadcast.Receiver<T> r = rx;
        rx = null;
        if (r != null) r.close();
    }

    @Override
    public String toString() {
        return "BroadcastStream[" + (rx == null ? "ended" : rx) + "]";
    }
}
