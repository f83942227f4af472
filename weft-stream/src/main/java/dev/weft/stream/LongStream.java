package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.util.Objects;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * A stream of primitive {@code long}s with a push-based fast path: the specialisation of {@link Stream} for
 * numeric pipelines, as {@code java.util.stream.LongStream} is for {@code java.util.stream.Stream}.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=longStream}
 *
 * <p><b>Why it exists.</b> A {@code Stream<Long>} pays for a {@code Long} box per element in every lambda and a
 * {@link StreamPoll.Item} per element per stage, and a pull chain of virtual calls that C2 inlines only partly; it
 * runs at a few tens of millions of elements per second. A {@code LongStream} is polled by
 * {@link #drain(Context, LongSink)}: the source runs a tight loop and pushes each ready element through the
 * stages' sinks, which inline into that loop with no allocation per element (the shape of
 * {@code java.util.stream}'s pipelines), so a ready pipeline runs within a small factor of a hand-written loop.
 *
 * <p>The semantics are those of {@link Stream}: lazy (nothing runs before a terminal polls), fused, cancellable
 * with {@link #cancel()} (propagated upstream), and cooperative: {@link #range} consumes one unit of the task's
 * budget per {@value Streams#ITEMS_PER_BUDGET_UNIT} elements and yields when the budget is spent.
 * {@link #boxed()} turns it into a {@code Stream<Long>} for everything else; {@link Stream#mapToLong} goes the
 * other way.
 */
public interface LongStream {

    /** How a {@link #drain} ended. */
    enum Drained {
        /** The sink declined more elements; the stream may have more. */
        SINK_FULL,
        /** The stream is exhausted (and stays so: it is fused). */
        END,
        /** No element is ready; the stream has stored {@code cx.waker()} (or, for a spent budget, woken it). */
        PENDING
    }

    /** Receives the elements a {@link LongStream#drain} pushes. */
    @FunctionalInterface
    interface LongSink {
        /**
         * Takes one element; returns {@code true} to receive more in this drain, {@code false} to stop after this
         * one.
         */
        boolean accept(long value);
    }

    /**
     * Pushes every element that is ready now into {@code sink}, in order, until the sink returns {@code false}
     * ({@link Drained#SINK_FULL}), the stream ends ({@link Drained#END}) or no element is ready
     * ({@link Drained#PENDING}, after registering {@code cx.waker()}). Polled by one thread at a time, never
     * blocking: the primitive poll of this interface.
     *
     * @param cx the polling task's waker and budget
     * @param sink the receiver of the elements
     * @return why the drain stopped
     */
    Drained drain(Context cx, LongSink sink);

    /**
     * Releases what the stream waits on, upstream included (Rust's drop); see {@link Stream#cancel()}. Idempotent
     * for the streams of this package.
     *
     * <p><b>Cancel safety.</b> Nothing is buffered in a {@code LongStream}; nothing is lost but what was never
     * produced.
     */
    default void cancel() {}

    /**
     * The longs {@code from, ..., to - 1}; empty when {@code to <= from}.
     */
    static LongStream range(long from, long to) {
        return new LongOps.Range(from, to);
    }

    /**
     * A stream of {@code f} applied to each element.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default LongStream map(LongUnaryOperator f) {
        return new LongOps.Map(this, Objects.requireNonNull(f, "f"));
    }

    /**
     * A stream of the elements that satisfy {@code predicate}.
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default LongStream filter(LongPredicate predicate) {
        return new LongOps.Filter(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * A stream of at most the first {@code n} elements; the upstream is cancelled once the {@code n}-th was pushed.
     *
     * @throws IllegalArgumentException when {@code n < 0}
     */
    default LongStream take(long n) {
        if (n < 0) throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        return new LongOps.Take(this, n);
    }

    /**
     * A stream of the elements up to (not including) the first that fails {@code predicate}; the upstream is
     * cancelled at that element.
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default LongStream takeWhile(LongPredicate predicate) {
        return new LongOps.TakeWhile(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * A stream without its first {@code n} elements.
     *
     * @throws IllegalArgumentException when {@code n < 0}
     */
    default LongStream skip(long n) {
        if (n < 0) throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        return new LongOps.Skip(this, n);
    }

    /**
     * A stream that passes every element to {@code action} on its way through ({@code java.util.stream}'s
     * {@code peek}, Rust's {@code inspect}).
     *
     * @throws NullPointerException when {@code action} is null
     */
    default LongStream inspect(LongConsumer action) {
        return new LongOps.Inspect(this, Objects.requireNonNull(action, "action"));
    }

    /**
     * A stream of {@code f} applied to each element (non-null results); it stays on the push path when drained
     * by a terminal.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default <U> Stream<U> mapToObj(java.util.function.LongFunction<? extends U> f) {
        return new LongOps.MapToObj<>(this, Objects.requireNonNull(f, "f"));
    }

    /** This stream as a {@code Stream<Long>} (one box and one {@link StreamPoll.Item} per element). */
    default Stream<Long> boxed() {
        return new LongOps.Boxed(this);
    }

    /**
     * A future of {@code f} folded over the elements from {@code initial}.
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; the partial result is dropped.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default Future<Long> fold(long initial, LongBinaryOperator f) {
        return new LongOps.Fold(this, initial, Objects.requireNonNull(f, "f"));
    }

    /**
     * A future of the sum of the elements (overflow wraps, as {@code java.util.stream.LongStream#sum}).
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; the partial sum is dropped.
     */
    default Future<Long> sum() {
        return fold(0L, Long::sum);
    }

    /**
     * A future of the number of elements.
     * <p><b>Cancel safety.</b> Cancelling cancels the stream.
     */
    default Future<Long> count() {
        return fold(0L, (c, v) -> c + 1);
    }

    /**
     * A future that passes every element to {@code action} and completes (with {@code null}) at the end.
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; actions already run stay done.
     *
     * @throws NullPointerException when {@code action} is null
     */
    default Future<Void> forEach(LongConsumer action) {
        Objects.requireNonNull(action, "action");
        return fold(0L, (c, v) -> {
            action.accept(v);
            return c;
        }).map(x -> null);
    }
}
