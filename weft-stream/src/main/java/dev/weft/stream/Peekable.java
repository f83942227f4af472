package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.Optional;

/**
 * A stream that can look at its next element without consuming it ({@code futures::stream::Peekable}); made by
 * {@link Stream#peekable()}.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=peekable}
 *
 * <p>The peeked element is held inside until the next {@link #pollNext}; cancelling drops it and cancels the
 * upstream. Like every stream it is polled by one thread at a time.
 *
 * @param <T> the element type
 */
public final class Peekable<T> implements Stream<T> {
    private Stream<T> upstream; // null after End or cancel
    private T peeked;

    Peekable(Stream<T> upstream) {
        this.upstream = upstream;
    }

    /**
     * Polls for the next element without consuming it: {@code Item} with the element that the next
     * {@link #pollNext} will return, {@code End}, or {@code Pending}.
     *
     * @param cx the polling task's waker and budget
     * @return the next element, the end, or pending
     */
    public StreamPoll<T> pollPeek(Context cx) {
        T p = peeked;
        if (p != null) return new StreamPoll.Item<>(p);
        Stream<T> up = upstream;
        if (up == null) return StreamPoll.end();
        StreamPoll<T> r = up.pollNext(cx);
        if (r instanceof StreamPoll.Item<T> item) peeked = item.value();
        else if (r instanceof StreamPoll.End) upstream = null;
        return r;
    }

    /**
     * A future of the next element without consuming it, or {@code Optional.empty()} at the end
     * ({@code Peekable::peek}). The stream is borrowed: the element stays for the next {@link #next()}.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: an element pulled from the upstream is kept in this stream, not in
     * the future, so cancelling the future loses nothing.
     */
    public Future<Optional<T>> peek() {
        return new Future<>() {
            private boolean done;

            @Override
            public Poll<Optional<T>> poll(Context cx) {
                if (done) throw Terminals.pollAfterCompletion("Peekable.peek()");
                StreamPoll<T> p = pollPeek(cx);
                if (p instanceof StreamPoll.Pending) return Poll.pending();
                done = true;
                return Poll.ready(p instanceof StreamPoll.Item<T> item ? Optional.of(item.value()) : Optional.empty());
            }
        };
    }

    /** Returns the next element: the peeked one if there is one, else the upstream's. */
    @Override
    public StreamPoll<T> pollNext(Context cx) {
        T p = peeked;
        if (p != null) {
            peeked = null;
            return new StreamPoll.Item<>(p);
        }
        Stream<T> up = upstream;
        if (up == null) return StreamPoll.end();
        StreamPoll<T> r = up.pollNext(cx);
        if (r instanceof StreamPoll.End) upstream = null;
        return r;
    }

    /**
     * Drops the peeked element and cancels the upstream.
     *
     * <p><b>Cancel safety.</b> A peeked element is lost.
     */
    @Override
    public void cancel() {
        Stream<T> up = upstream;
        upstream = null;
        peeked = null;
        if (up != null) up.cancel();
    }
}
