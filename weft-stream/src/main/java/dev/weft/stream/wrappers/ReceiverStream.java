package dev.weft.stream.wrappers;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamPoll;
import dev.weft.sync.Mpsc;
import java.util.Objects;
import java.util.Optional;

/**
 * A stream of the messages of an {@link Mpsc.Receiver}: tokio-stream's {@code wrappers::ReceiverStream} (and
 * {@code UnboundedReceiverStream}; Weft has one receiver type for both flavours). It ends when the channel is
 * closed and drained.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=receiverStream}
 *
 * <p>The stream owns the receiver: nothing else may receive from it while the stream is in use. Each element
 * consumes one unit of the task's cooperative budget (through {@link Mpsc.Receiver#pollRecv}).
 *
 * <p><b>Cancel safety.</b> Cancel-safe between elements: a message is taken from the channel only in the
 * {@code pollNext} that returns it, so a consumer future that is cancelled (a {@code select} loser, a
 * {@code next()} that timed out) loses no message. {@link #cancel()} (Rust's drop of the stream) closes the
 * receiver: senders then fail and get their values back, and the messages still buffered are dropped with the
 * channel. To stop the producers but still drain what they sent, call {@link #close()} and keep polling.
 *
 * <p><b>Memory effects.</b> Actions before the {@code send} of a message happen-before actions after the
 * {@code pollNext} that returns it.
 *
 * @param <T> the message type
 */
public final class ReceiverStream<T> implements Stream<T> {
    /*
     * Implementation notes
     *
     * Owner-confined: pollNext/cancel/close are called by the one task that polls the stream (the Stream poll
     * contract); the channel's own protocol covers the senders.
     * I1. rx == null iff the stream returned End or was cancelled; the receiver is closed by then.
     */
    private Mpsc.Receiver<T> rx;

    /**
     * A stream over {@code receiver}'s messages ({@code ReceiverStream::new}).
     *
     * @throws NullPointerException when {@code receiver} is null
     */
    public ReceiverStream(Mpsc.Receiver<T> receiver) {
        this.rx = Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public StreamPoll<T> pollNext(Context cx) {
        Mpsc.Receiver<T> r = rx;
        if (r == null) return StreamPoll.end();
        Poll<Optional<T>> p = r.pollRecv(cx);
        if (!(p instanceof Poll.Ready<Optional<T>>(var value))) return StreamPoll.pending();
        if (value.isPresent()) return StreamPoll.item(value.get());
        rx = null; // I1: closed and drained
        r.close();
        return StreamPoll.end();
    }

    /**
     * Closes the receiving end without ending the stream ({@code ReceiverStream::close}): senders can no
     * longer send, and the stream yields the messages already buffered and then ends. Idempotent.
     */
    public void close() {
        Mpsc.Receiver<T> r = rx;
        if (r != null) r.close();
    }

    /** Closes the receiver (Rust's drop of the stream); idempotent and a no-op after {@code End}. */
    @Override
    public void cancel() {
        Mpsc.Receiver<T> r = rx;
        rx = null;
        if (r != null) r.close();
    }

    @Override
    public String toString() {
        return "ReceiverStream[" + (rx == null ? "ended" : rx) + "]";
    }
}
