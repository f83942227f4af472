package dev.weft.stream;

/**
 * The result of one {@link Stream#pollNext(dev.weft.future.Context) pollNext}: an {@link Item}, the {@link End}
 * of the stream, or {@link Pending}.
 *
 * <p>This is Rust's {@code Poll<Option<T>>} flattened into one sealed type, so that the end marker can never be
 * confused with an element and a consumer needs one {@code switch} (or two {@code instanceof} tests) per poll:
 * {@snippet :
 * switch (stream.pollNext(cx)) {
 *     case StreamPoll.Item<String>(var value) -> handle(value);
 *     case StreamPoll.End<String>() -> finish();
 *     case StreamPoll.Pending<String>() -> { return Poll.pending(); } // the stream has stored cx.waker()
 * }
 * }
 *
 * <p><b>Why not {@code Poll<Optional<T>>}.</b> That shape costs two objects per element (the {@code Optional}
 * and the {@code Ready}) and a second type test on the hot path. {@link #end()} and {@link #pending()} are shared
 * constants, and {@link #item(Object)} allocates one small record, which C2's escape analysis can remove when the
 * producing {@code pollNext} is inlined into its consumer. Ready chains of synchronous stages do not rely on it:
 * terminals drive them through an internal push path (the source loops and pushes each element through the
 * stages) that creates no {@code Item} at all, and {@link LongStream} also removes the {@code Long} boxes.
 *
 * @param <T> the element type
 */
public sealed interface StreamPoll<T> permits StreamPoll.Item, StreamPoll.End, StreamPoll.Pending {

    /**
     * The stream produced the element {@code value} (never {@code null}).
     *
     * @param value the element
     * @param <T> the element type
     */
    record Item<T>(T value) implements StreamPoll<T> {}

    /**
     * The stream is exhausted. Every stream of this package keeps returning {@code End} when polled again (it is
     * fused); see {@link Stream#fuse()} for streams written by hand.
     *
     * @param <T> the element type
     */
    record End<T>() implements StreamPoll<T> {}

    /**
     * No element is available yet; the stream has arranged for {@code cx.waker()} to be woken.
     *
     * @param <T> the element type
     */
    record Pending<T>() implements StreamPoll<T> {}

    /**
     * Returns an {@code Item} carrying {@code value}.
     *
     * @throws NullPointerException when {@code value} is null (streams carry no nulls)
     */
    static <T> StreamPoll<T> item(T value) {
        if (value == null) {
            throw new NullPointerException("stream element is null (expected: non-null; streams carry no nulls, "
                    + "use Optional or a sentinel record)");
        }
        return new Item<>(value);
    }

    /** Returns the shared {@code End}. */
    @SuppressWarnings("unchecked")
    static <T> StreamPoll<T> end() {
        return (StreamPoll<T>) Shared.END;
    }

    /** Returns the shared {@code Pending}. */
    @SuppressWarnings("unchecked")
    static <T> StreamPoll<T> pending() {
        return (StreamPoll<T>) Shared.PENDING;
    }

    /** True when this is an {@code Item}. */
    default boolean isItem() {
        return this instanceof Item;
    }

    /** True when this is {@code End}. */
    default boolean isEnd() {
        return this instanceof End;
    }

    /** True when this is {@code Pending}. */
    default boolean isPending() {
        return this instanceof Pending;
    }

    /**
     * The element of an {@code Item}.
     *
     * @throws IllegalStateException when this is {@code End} or {@code Pending}
     */
    default T value() {
        if (this instanceof Item<T> i) return i.value();
        throw new IllegalStateException("value() called on " + this + " (expected: StreamPoll.Item; check isItem() first)");
    }

    /** Shared instances, held apart so the interface exposes no constants. */
    final class Shared {
        static final StreamPoll<?> END = new End<>();
        static final StreamPoll<?> PENDING = new Pending<>();

        private Shared() {}
    }
}
