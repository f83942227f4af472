package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Factories for streams: sources ({@code futures::stream::iter}, {@code once}, {@code unfold}, ...) and the
 * combinators that take several streams or a stream of futures.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=sources}
 *
 * <p>Every source is lazy (it produces nothing until polled), fused, and carries no {@code null}s. Sources that
 * are always ready consume one unit of the task's cooperative budget per {@value #ITEMS_PER_BUDGET_UNIT}
 * elements: when the budget is spent they wake the task and return {@code Pending}, so a long stream yields its
 * worker (tokio-stream's {@code Iter} yields every 32 elements for the same reason). Charging per batch rather
 * than per element keeps the extra cost of yielding below one nanosecond per element.
 */
public final class Streams {

    /** Elements an always-ready source yields per unit of cooperative budget it consumes. */
    public static final int ITEMS_PER_BUDGET_UNIT = 32;

    private Streams() {}

    /**
     * A stream of the elements of {@code iterable}, in iteration order ({@code futures::stream::iter}). The
     * iterator is created at the first poll.
     *
     * @throws NullPointerException when {@code iterable} is null (a null element fails the poll that meets it)
     */
    public static <T> Stream<T> fromIterable(Iterable<? extends T> iterable) {
        return new Sources.FromIterable<>(Objects.requireNonNull(iterable, "iterable"));
    }

    /**
     * A stream of the given elements, in order.
     *
     * @throws NullPointerException when {@code elements} or one of them is null
     */
    @SafeVarargs
    public static <T> Stream<T> of(T... elements) {
        Objects.requireNonNull(elements, "elements");
        for (int i = 0; i < elements.length; i++) {
            if (elements[i] == null) {
                throw new NullPointerException("elements[" + i + "] is null (expected: non-null; streams carry no nulls)");
            }
        }
        return new Sources.OfArray<>(elements.clone());
    }

    /**
     * A stream of the longs {@code from, from + 1, ..., to - 1} (Rust's {@code stream::iter(from..to)}); empty
     * when {@code to <= from}. The elements are boxed; for numeric pipelines that should not box, use
     * {@link LongStream#range}.
     */
    public static Stream<Long> range(long from, long to) {
        return new Sources.Range(from, to);
    }

    /**
     * A stream of exactly one element ({@code futures::stream::once} of a ready future).
     *
     * @throws NullPointerException when {@code value} is null
     */
    public static <T> Stream<T> once(T value) {
        Objects.requireNonNull(value, "value");
        return new Sources.OfArray<>(new Object[] {value});
    }

    /** A stream that ends at once ({@code futures::stream::empty}). */
    public static <T> Stream<T> empty() {
        return new Sources.OfArray<>(new Object[0]);
    }

    /** A stream that never yields and never ends ({@code futures::stream::pending}); cancelling it releases nothing. */
    public static <T> Stream<T> pending() {
        return cx -> StreamPoll.pending();
    }

    /**
     * An endless stream of {@code value} ({@code futures::stream::repeat}); bound it with {@link Stream#take}.
     *
     * @throws NullPointerException when {@code value} is null
     */
    public static <T> Stream<T> repeat(T value) {
        Objects.requireNonNull(value, "value");
        return new Sources.RepeatWith<>(() -> value);
    }

    /**
     * An endless stream of the values {@code supplier} returns, called once per element at poll time
     * ({@code futures::stream::repeat_with}).
     *
     * @throws NullPointerException when {@code supplier} is null
     */
    public static <T> Stream<T> repeatWith(Supplier<? extends T> supplier) {
        return new Sources.RepeatWith<>(Objects.requireNonNull(supplier, "supplier"));
    }

    /**
     * An endless stream {@code seed, f(seed), f(f(seed)), ...} ({@code std::iter::successors} without an end).
     *
     * @throws NullPointerException when {@code seed} or {@code f} is null
     */
    public static <T> Stream<T> iterate(T seed, UnaryOperator<T> f) {
        return new Sources.Iterate<>(Objects.requireNonNull(seed, "seed"), Objects.requireNonNull(f, "f"));
    }

    /**
     * An asynchronous state machine as a stream ({@code futures::stream::unfold}): at each poll without a step in
     * flight it calls {@code step.apply(state)}, awaits the future, and either ends ({@code Optional.empty()}) or
     * yields {@code pair.first()} and continues with {@code pair.second()} as the next state.
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=unfold}
     *
     * @throws NullPointerException when {@code step} is null
     */
    public static <T, S> Stream<T> unfold(S seed, Function<? super S, ? extends Future<Optional<Pair<T, S>>>> step) {
        return new Sources.Unfold<>(seed, Objects.requireNonNull(step, "step"));
    }

    /**
     * A stream of the one value of {@code future} ({@code futures::stream::once}); cancelling the stream before
     * the future completed cancels it.
     *
     * @throws NullPointerException when {@code future} is null
     */
    public static <T> Stream<T> fromFuture(Future<? extends T> future) {
        return new Sources.FromFuture<>(Objects.requireNonNull(future, "future"));
    }

    /**
     * A stream whose {@code pollNext} is {@code pollFn} ({@code futures::stream::poll_fn}). The result is fused:
     * once {@code pollFn} returned {@code End} it is not called again.
     *
     * @throws NullPointerException when {@code pollFn} is null
     */
    public static <T> Stream<T> pollFn(Function<Context, StreamPoll<T>> pollFn) {
        return pollFn(pollFn, () -> {});
    }

    /**
     * As {@link #pollFn(Function)}, with {@code onCancel} run by {@link Stream#cancel()} (at most once, and not
     * after {@code End}): the release hook of whatever {@code pollFn} waits on.
     *
     * @throws NullPointerException when an argument is null
     */
    public static <T> Stream<T> pollFn(Function<Context, StreamPoll<T>> pollFn, Runnable onCancel) {
        return new Sources.PollFn<>(Objects.requireNonNull(pollFn, "pollFn"), Objects.requireNonNull(onCancel, "onCancel"));
    }

    /**
     * Adapts a receive-style poll function to a stream: {@code Ready(Optional.of(v))} yields {@code v},
     * {@code Ready(Optional.empty())} ends the stream (the source is closed), and {@code Pending} is pending. This
     * fits receive-style sources of your own; for weft-core's channels use the ready-made
     * {@link dev.weft.stream.wrappers.ReceiverStream} (tokio-stream's {@code ReceiverStream}) and its siblings.
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=fromPoll}
     *
     * @param pollRecv the receive poll
     * @param onCancel run when the stream is cancelled before its end (e.g. closing the receiver)
     * @throws NullPointerException when an argument is null
     */
    public static <T> Stream<T> fromPoll(Function<Context, Poll<Optional<T>>> pollRecv, Runnable onCancel) {
        Objects.requireNonNull(pollRecv, "pollRecv");
        return pollFn(cx -> {
            Poll<Optional<T>> p = pollRecv.apply(cx);
            if (p instanceof Poll.Ready<Optional<T>>(var value)) {
                return value.isPresent() ? StreamPoll.item(value.get()) : StreamPoll.end();
            }
            return StreamPoll.pending();
        }, onCancel);
    }

    /**
     * The elements of every stream as they become ready, interleaved fairly: each poll starts with the stream
     * after the one that yielded last, so a stream that is always ready cannot starve the others
     * ({@code futures::stream::select_all}). It ends when all streams have ended.
     *
     * @throws NullPointerException when {@code streams} or one of them is null
     */
    public static <T> Stream<T> merge(List<? extends Stream<? extends T>> streams) {
        Objects.requireNonNull(streams, "streams");
        List<Stream<? extends T>> copy = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            copy.add(Objects.requireNonNull(streams.get(i), "streams[" + i + "] is null (expected: a Stream)"));
        }
        return new AsyncOps.Merge<>(copy);
    }

    /**
     * As {@link #merge(List)}.
     *
     * @throws NullPointerException when {@code streams} or one of them is null
     */
    @SafeVarargs
    public static <T> Stream<T> merge(Stream<? extends T>... streams) {
        return merge(Arrays.asList(Objects.requireNonNull(streams, "streams")));
    }

    /**
     * The elements of the inner streams, one inner stream after the other ({@code StreamExt::flatten}).
     *
     * @throws NullPointerException when {@code streams} is null
     */
    public static <T> Stream<T> flatten(Stream<? extends Stream<? extends T>> streams) {
        Objects.requireNonNull(streams, "streams");
        return new AsyncOps.Flatten<>(streams, Function.identity());
    }

    /**
     * Runs up to {@code n} futures of {@code futures} at once and yields their values in the order of the
     * futures ({@code StreamExt::buffered}); a value that completes early waits for the ones before it. At most
     * {@code n} futures are taken from the upstream ahead of the consumer (backpressure).
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=buffered}
     *
     * @throws IllegalArgumentException when {@code n <= 0}
     * @throws NullPointerException when {@code futures} is null
     */
    public static <T> Stream<T> buffered(Stream<? extends Future<? extends T>> futures, int n) {
        Objects.requireNonNull(futures, "futures");
        if (n <= 0) throw new IllegalArgumentException("n: " + n + " (expected: > 0)");
        return new Buffered<>(futures, n, true);
    }

    /**
     * Runs up to {@code n} futures of {@code futures} at once and yields their values in completion order
     * ({@code StreamExt::buffer_unordered}). Only the futures that were woken are polled again.
     *
     * @throws IllegalArgumentException when {@code n <= 0}
     * @throws NullPointerException when {@code futures} is null
     */
    public static <T> Stream<T> bufferUnordered(Stream<? extends Future<? extends T>> futures, int n) {
        Objects.requireNonNull(futures, "futures");
        if (n <= 0) throw new IllegalArgumentException("n: " + n + " (expected: > 0)");
        return new Buffered<>(futures, n, false);
    }
}
