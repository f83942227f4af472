package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collector;

/**
 * An asynchronous sequence of elements, polled one at a time: futures-rs {@code Stream} together with the
 * combinators of {@code StreamExt} and tokio-stream.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=pattern5}
 *
 * <p><b>The poll contract.</b> {@link #pollNext(Context)} returns an {@link StreamPoll.Item Item}, the
 * {@link StreamPoll.End End} of the stream, or {@link StreamPoll.Pending Pending} after arranging for
 * {@code cx.waker()} to be woken once an element (or the end) may be available. A stream is polled by one thread
 * at a time, must not block inside {@code pollNext}, and carries no {@code null} elements. A {@code pollNext}
 * that throws ends the stream with that failure; the owner then still calls {@link #cancel()} to release the
 * rest of the chain (the terminal futures of this interface do that before they rethrow).
 *
 * <p><b>Pull-based backpressure.</b> Nothing is produced until the consumer polls: creating a stream or
 * chaining combinators does no work, and every combinator asks its upstream for exactly as many elements as it
 * needs (bounded by {@code n} for {@link #buffered} and {@link #chunks}).
 *
 * <p><b>Fused.</b> Every stream built by this package returns {@code End} again when polled after its
 * {@code End} (without polling its upstream again). A stream written by hand need not; wrap it with
 * {@link #fuse()} when the consumer may poll past the end. {@link StreamMap} is the one exception: it reports
 * {@code End} while empty and yields again once a stream is inserted.
 *
 * <p><b>Cancellation is Rust's drop.</b> {@link #cancel()} is called when the stream will not be polled again
 * before its {@code End}; every combinator propagates it to all its upstreams and to the futures it holds.
 * Combinators that end early on their own ({@link #take}, {@link #takeWhile}, {@link #takeUntil}, {@link #zip})
 * cancel their upstreams at that moment, so a stream that returned {@code End} holds nothing and needs no
 * {@code cancel()}.
 *
 * <p><b>Cooperative budget.</b> Sources that are always ready ({@link Streams#range}, {@link Streams#fromIterable},
 * {@link Streams#repeat}, ...) consume one unit of {@link Context#consumeBudget() the task's budget} per
 * {@value Streams#ITEMS_PER_BUDGET_UNIT} elements, so a long stream still yields its worker to other tasks.
 *
 * <p><b>Fusion.</b> A terminal ({@link #fold}, {@link #count}, {@link #forEach}, {@link #collect()},
 * {@link #reduce}, {@link #any}, {@link #all}) over a chain of synchronous stages ({@link #map}, {@link #filter},
 * {@link #filterMap}, {@link #inspect}, {@link #enumerate}, {@link #scan}, {@link #take}, {@link #skip},
 * {@link #takeWhile}, {@link #skipWhile}, {@link #fuse}, {@link #mapToLong} and the {@link LongStream} stages)
 * does not poll once per element: while the source has elements ready, the chain runs as one loop in the source,
 * which pushes each element through the stages' sinks to the terminal ({@code java.util.stream}'s sink chain).
 * The ready sources of {@link Streams} take part; an asynchronous stage ({@link #then}, {@link #buffered}, ...)
 * or a source that is not always ready is polled element by element as usual, and the synchronous stages below
 * it still run in one loop over what it yields. Fusion changes nothing but the cost: the same elements in the
 * same order, the same side effects, the same budget yields (the loop charges the budget per
 * {@value Streams#ITEMS_PER_BUDGET_UNIT} elements and yields when it is spent), and the same cancellation (a
 * stage that ends the stream early stops the loop first and cancels its upstream after it returned).
 *
 * <p>The combinators are default methods here (those on the runtime's clock, {@link #throttle}, {@link #timeout}
 * and {@link #chunksTimeout}, must be polled by a task of a Weft runtime), the sources are in {@link Streams}, the
 * streams over channels and intervals in {@link dev.weft.stream.wrappers}, and the
 * {@link java.util.concurrent.Flow} bridges in {@link FlowAdapters}.
 *
 * @param <T> the element type
 */
public interface Stream<T> {

    /**
     * Attempts to pull the next element without blocking.
     *
     * @param cx the polling task's waker and budget
     * @return {@code Item} with the next element, {@code End} when the stream is exhausted, or {@code Pending}
     *     after the waker has been registered
     */
    StreamPoll<T> pollNext(Context cx);

    /**
     * Releases whatever the stream waits on or holds, upstream included: Rust's drop. Called at most once, when
     * the stream will never be polled again before its {@code End}; every stream of this package also tolerates
     * a second call and a call after {@code End} (both do nothing). The default does nothing, which is right for
     * streams that register nothing outside themselves.
     *
     * <p><b>Cancel safety.</b> Elements buffered inside combinators ({@link #chunks}, {@link #peekable},
     * {@link #buffered}, {@link #zip}) are dropped; futures in flight are cancelled.
     */
    default void cancel() {}

    // ---------------------------------------------------------------------------------------------------------
    // Synchronous combinators

    /**
     * A stream of {@code f} applied to each element ({@code StreamExt::map}).
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=map}
     *
     * @throws NullPointerException when {@code f} is null
     */
    default <U> Stream<U> map(Function<? super T, ? extends U> f) {
        return new Ops.Map<>(this, Objects.requireNonNull(f, "f"));
    }

    /**
     * A stream of the elements that satisfy {@code predicate}, tested synchronously.
     * Use {@link #filterAsync} for a predicate that must wait.
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default Stream<T> filter(Predicate<? super T> predicate) {
        return new Ops.Filter<>(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * A stream of the elements for which the future returned by {@code predicate} completes with {@code true}
     * ({@code StreamExt::filter}, whose predicate returns a future). One predicate runs at a time, in order.
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default Stream<T> filterAsync(Function<? super T, ? extends Future<Boolean>> predicate) {
        return new AsyncOps.FilterAsync<>(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * A stream of the present results of {@code f}: elements mapped to {@code Optional.empty()} are dropped
     * ({@code StreamExt::filter_map}, synchronous).
     *
     * @throws NullPointerException when {@code f} is null
     */
    default <U> Stream<U> filterMap(Function<? super T, Optional<? extends U>> f) {
        return new Ops.FilterMap<>(this, Objects.requireNonNull(f, "f"));
    }

    /**
     * A stream of the values of the futures {@code f} makes of each element, run one at a time and in order
     * ({@code StreamExt::then}). For bounded concurrency use {@link #buffered(int, Function)}.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default <U> Stream<U> then(Function<? super T, ? extends Future<? extends U>> f) {
        return new AsyncOps.Then<>(this, Objects.requireNonNull(f, "f"));
    }

    /**
     * A stream of the elements of the streams {@code f} makes of each element, one inner stream after the
     * other ({@code StreamExt::flat_map}).
     *
     * @throws NullPointerException when {@code f} is null
     */
    default <U> Stream<U> flatMap(Function<? super T, ? extends Stream<? extends U>> f) {
        return new AsyncOps.Flatten<>(this, Objects.requireNonNull(f, "f"));
    }

    /**
     * A stream of at most the first {@code n} elements ({@code StreamExt::take}). Once the {@code n}-th element
     * is yielded the upstream is cancelled; {@code take(0)} cancels it at the first poll without polling it.
     *
     * @throws IllegalArgumentException when {@code n < 0}
     */
    default Stream<T> take(long n) {
        if (n < 0) throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        return new Ops.Take<>(this, n);
    }

    /**
     * A stream without the first {@code n} elements ({@code StreamExt::skip}).
     *
     * @throws IllegalArgumentException when {@code n < 0}
     */
    default Stream<T> skip(long n) {
        if (n < 0) throw new IllegalArgumentException("n: " + n + " (expected: >= 0)");
        return new Ops.Skip<>(this, n);
    }

    /**
     * A stream of the elements up to (not including) the first that fails {@code predicate}; at that element
     * the upstream is cancelled ({@code StreamExt::take_while}, synchronous).
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default Stream<T> takeWhile(Predicate<? super T> predicate) {
        return new Ops.TakeWhile<>(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * A stream without the leading elements that satisfy {@code predicate} ({@code StreamExt::skip_while}).
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default Stream<T> skipWhile(Predicate<? super T> predicate) {
        return new Ops.SkipWhile<>(this, Objects.requireNonNull(predicate, "predicate"));
    }

    /**
     * A stream that ends as soon as {@code stop} completes ({@code StreamExt::take_until}); {@code stop} is polled
     * before each element. When it completes the upstream is cancelled; when the upstream ends first, {@code stop}
     * is cancelled.
     *
     * @throws NullPointerException when {@code stop} is null
     */
    default Stream<T> takeUntil(Future<?> stop) {
        return new AsyncOps.TakeUntil<>(this, Objects.requireNonNull(stop, "stop"));
    }

    /**
     * A stream of this stream's elements followed by {@code next}'s ({@code StreamExt::chain}). Cancelling it
     * cancels both, including {@code next} when it was never polled.
     *
     * @throws NullPointerException when {@code next} is null
     */
    default Stream<T> chain(Stream<? extends T> next) {
        return new AsyncOps.Chain<>(this, Objects.requireNonNull(next, "next"));
    }

    /**
     * A stream of pairs of this stream's and {@code other}'s elements, in step; it ends when either ends, and then
     * cancels the other ({@code StreamExt::zip}).
     *
     * @throws NullPointerException when {@code other} is null
     */
    default <U> Stream<Pair<T, U>> zip(Stream<U> other) {
        return new AsyncOps.Zip<>(this, Objects.requireNonNull(other, "other"));
    }

    /**
     * A stream of the elements of this stream and {@code other} as they become ready, interleaved fairly; it ends
     * when both have ended ({@code tokio_stream::StreamExt::merge}). See {@link Streams#merge(List)}.
     *
     * @throws NullPointerException when {@code other} is null
     */
    default Stream<T> merge(Stream<? extends T> other) {
        return Streams.merge(List.of(this, Objects.requireNonNull(other, "other")));
    }

    /**
     * This stream as a {@link LongStream} of {@code f} applied to each element, for numeric pipelines that should
     * run without boxing from here on.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default LongStream mapToLong(java.util.function.ToLongFunction<? super T> f) {
        return new LongOps.Unboxed<>(this, Objects.requireNonNull(f, "f"));
    }

    /** A stream of each element with its zero-based position ({@code StreamExt::enumerate}). */
    default Stream<Indexed<T>> enumerate() {
        return new Ops.Enumerate<>(this);
    }

    /**
     * A stream that passes each element to {@code action} and then yields it unchanged ({@code StreamExt::inspect}).
     *
     * @throws NullPointerException when {@code action} is null
     */
    default Stream<T> inspect(Consumer<? super T> action) {
        return new Ops.Inspect<>(this, Objects.requireNonNull(action, "action"));
    }

    /**
     * A stream of running accumulations: for elements {@code a, b, ...} it yields {@code f(initial, a)},
     * {@code f(f(initial, a), b)}, ... (Kotlin's {@code runningFold} without the initial value). futures-rs'
     * {@code scan} mutates its state through {@code &mut}; in Java the state is the returned value.
     *
     * @throws NullPointerException when {@code initial} or {@code f} is null
     */
    default <S> Stream<S> scan(S initial, BiFunction<? super S, ? super T, ? extends S> f) {
        return new Ops.Scan<>(this, Objects.requireNonNull(initial, "initial"), Objects.requireNonNull(f, "f"));
    }

    /** A stream that can look at its next element without consuming it ({@code StreamExt::peekable}). */
    default Peekable<T> peekable() {
        return new Peekable<>(this);
    }

    /**
     * A stream of lists of {@code n} consecutive elements; the last list holds the rest and may be shorter
     * ({@code StreamExt::chunks}). A partial chunk waits for the upstream; it is not flushed on {@code Pending}.
     *
     * @throws IllegalArgumentException when {@code n <= 0}
     */
    default Stream<List<T>> chunks(int n) {
        if (n <= 0) throw new IllegalArgumentException("n: " + n + " (expected: > 0)");
        return new Ops.Chunks<>(this, n);
    }

    /**
     * Maps each element to a future with {@code f} and runs up to {@code n} of them at once, yielding their
     * values in the order of the elements ({@code .map(f).buffered(n)}). See {@link Streams#buffered}.
     *
     * @throws IllegalArgumentException when {@code n <= 0}
     * @throws NullPointerException when {@code f} is null
     */
    default <U> Stream<U> buffered(int n, Function<? super T, ? extends Future<? extends U>> f) {
        Objects.requireNonNull(f, "f");
        return Streams.buffered(map(f), n);
    }

    /**
     * Maps each element to a future with {@code f} and runs up to {@code n} of them at once, yielding their
     * values in the order they complete ({@code .map(f).buffer_unordered(n)}). See {@link Streams#bufferUnordered}.
     *
     * @throws IllegalArgumentException when {@code n <= 0}
     * @throws NullPointerException when {@code f} is null
     */
    default <U> Stream<U> bufferUnordered(int n, Function<? super T, ? extends Future<? extends U>> f) {
        Objects.requireNonNull(f, "f");
        return Streams.bufferUnordered(map(f), n);
    }

    /**
     * A stream that returns {@code End} forever once this stream returned {@code End}, without polling it again
     * ({@code StreamExt::fuse}). Streams of this package are fused already; this is for hand-written ones.
     */
    default Stream<T> fuse() {
        return new Ops.Fuse<>(this);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Time combinators: they read the runtime's clock, so they must be polled by a task of a Weft runtime with
    // time enabled (elsewhere their first poll fails with IllegalStateException, as Time.sleep does).

    /**
     * A stream of this stream's elements, at most one per {@code period}: after yielding an element it waits until
     * {@code period} has passed before it polls the upstream again (tokio-stream's {@code throttle}). Nothing is
     * dropped and nothing is buffered: the upstream simply is not asked for more while the period runs
     * (backpressure). The first element passes at once; {@code Duration.ZERO} throttles nothing. The end, too,
     * is reported only once the period after the last element has passed (as in tokio-stream).
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=throttle}
     *
     * <p><b>Cancel safety.</b> Cancel-safe between elements when the upstream is: an element is taken from the
     * upstream only in the poll that yields it. Cancelling the stream cancels its timer and the upstream.
     *
     * @throws NullPointerException when {@code period} is null
     * @throws IllegalArgumentException when {@code period} is negative
     */
    default Stream<T> throttle(java.time.Duration period) {
        return new TimeOps.Throttle<>(this, nonNegative(period, "period"));
    }

    /**
     * A stream of this stream's elements that fails with {@link dev.weft.time.TimeoutElapsedException} when the
     * upstream takes longer than {@code limit} to produce an element or its end (tokio-stream's {@code timeout},
     * made terminal). The clock for each element starts at the first poll after the previous element, so time the
     * consumer spends between polls is not charged to the upstream. An element that is ready when the limit passes
     * is still yielded. When the limit passes, the upstream is cancelled and then the exception is thrown from
     * {@code pollNext}, ending the stream; terminals such as {@code next()} and {@code collect()} fail with it.
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=timeout}
     *
     * <p>tokio-stream yields {@code Err(Elapsed)} as an element and goes on; in Weft a timed-out stream is over.
     * To keep waiting after a slow element, time out the wait instead of the stream:
     * {@code Time.timeout(limit, stream.next())} loses nothing when it elapses, because {@code next()} is
     * cancel-safe.
     *
     * <p><b>Cancel safety.</b> Cancel-safe between elements when the upstream is. Cancelling the stream cancels
     * the pending timer and the upstream.
     *
     * @throws NullPointerException when {@code limit} is null
     * @throws IllegalArgumentException when {@code limit} is negative
     * @implNote each element waited for allocates one {@code Time.timeout} future and its timer entry.
     */
    default Stream<T> timeout(java.time.Duration limit) {
        return new TimeOps.TimeoutEach<>(this, nonNegative(limit, "limit"));
    }

    /**
     * A stream of lists of up to {@code n} consecutive elements: a list is yielded when it holds {@code n}
     * elements, or when {@code window} has passed since its first element arrived, whichever comes first
     * (tokio-stream's {@code chunks_timeout}). The window is checked when the upstream has nothing ready, so an
     * upstream that stays ready only yields full lists. At the end the rest is yielded as a last, shorter list.
     * Lists are never empty.
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=chunksTimeout}
     *
     * <p><b>Cancel safety.</b> Not cancel-safe for the partial list: cancelling the stream drops the elements
     * gathered for the list not yet yielded (as {@link #chunks} does), cancels the timer and the upstream. A
     * consumer future cancelled between polls (a {@code next()} that lost a {@code select}) loses nothing: the
     * partial list stays in the stream.
     *
     * @throws IllegalArgumentException when {@code n <= 0} or {@code window} is negative
     * @throws NullPointerException when {@code window} is null
     */
    default Stream<List<T>> chunksTimeout(int n, java.time.Duration window) {
        if (n <= 0) throw new IllegalArgumentException("n: " + n + " (expected: > 0)");
        return new TimeOps.ChunksTimeout<>(this, n, nonNegative(window, "window"));
    }

    /** Checks a duration argument of the time combinators. */
    private static java.time.Duration nonNegative(java.time.Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
        return d;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Terminals: lazy futures

    /**
     * A future of the next element, or {@code Optional.empty()} at the end ({@code StreamExt::next}). The stream
     * is borrowed, not consumed: call {@code next()} again for the element after.
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=next}
     *
     * <p><b>Cancel safety.</b> Cancel-safe when this stream is: the future takes an element only in the poll that
     * completes it, so cancelling it loses nothing, and it does not cancel the stream.
     */
    default Future<Optional<T>> next() {
        return new Terminals.Next<>(this);
    }

    /**
     * A future of every element in a list, in order ({@code StreamExt::collect}).
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; the elements gathered so far are dropped.
     */
    default Future<List<T>> collect() {
        return new Terminals.CollectList<>(this);
    }

    /**
     * A future of the elements gathered with a {@link Collector} ({@code collect::<C>()}).
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; the partial container is dropped.
     *
     * @throws NullPointerException when {@code collector} is null
     */
    default <A, R> Future<R> collect(Collector<? super T, A, R> collector) {
        return new Terminals.Collect<>(this, Objects.requireNonNull(collector, "collector"));
    }

    /**
     * A future of {@code f} folded over the elements, starting from {@code initial} ({@code StreamExt::fold}
     * with a synchronous function). When every stage is ready this runs as a tight loop.
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=fold}
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; the partial result is dropped.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default <A> Future<A> fold(A initial, BiFunction<? super A, ? super T, ? extends A> f) {
        return new Terminals.Fold<>(this, initial, Objects.requireNonNull(f, "f"));
    }

    /**
     * A future of the number of elements ({@code StreamExt::count}).
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; the partial count is dropped.
     */
    default Future<Long> count() {
        return new Terminals.Count<>(this);
    }

    /**
     * A future that passes every element to {@code action} and completes (with {@code null}) at the end
     * ({@code StreamExt::for_each} with a synchronous body).
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; actions already run stay done.
     *
     * @throws NullPointerException when {@code action} is null
     */
    default Future<Void> forEach(Consumer<? super T> action) {
        return new Terminals.ForEach<>(this, Objects.requireNonNull(action, "action"));
    }

    /**
     * A future that runs the future {@code f} makes of each element, one after the other, and completes at the
     * end ({@code StreamExt::for_each} with an async body).
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream and the future in flight.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default Future<Void> forEachAsync(Function<? super T, ? extends Future<?>> f) {
        return then(v -> Objects.requireNonNull(f.apply(v), "forEachAsync(f): f returned null (expected: a Future)")
                        .map(x -> Boolean.TRUE))
                .forEach(x -> {});
    }

    /**
     * A future that runs the futures {@code f} makes of the elements with at most {@code limit} in flight at once
     * and completes when the stream has ended and all of them have completed
     * ({@code StreamExt::for_each_concurrent}). Pass {@code Integer.MAX_VALUE} for no limit. Only the futures that
     * were woken are polled again.
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream and every future in flight.
     *
     * @throws IllegalArgumentException when {@code limit <= 0}
     * @throws NullPointerException when {@code f} is null
     */
    default Future<Void> forEachConcurrent(int limit, Function<? super T, ? extends Future<?>> f) {
        if (limit <= 0) throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        return new Terminals.ForEachConcurrent<>(this, limit, Objects.requireNonNull(f, "f"));
    }

    /**
     * A future of whether any element satisfies {@code predicate}; it stops at the first that does and then
     * cancels the stream ({@code StreamExt::any}, synchronous predicate).
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream.
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default Future<Boolean> any(Predicate<? super T> predicate) {
        return new Terminals.AnyAll<>(this, Objects.requireNonNull(predicate, "predicate"), true);
    }

    /**
     * A future of whether every element satisfies {@code predicate}; it stops at the first that does not and then
     * cancels the stream ({@code StreamExt::all}). {@code true} for an empty stream.
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream.
     *
     * @throws NullPointerException when {@code predicate} is null
     */
    default Future<Boolean> all(Predicate<? super T> predicate) {
        return new Terminals.AnyAll<>(this, Objects.requireNonNull(predicate, "predicate"), false);
    }

    /**
     * A future of the elements combined pairwise with {@code f} from the first, or {@code Optional.empty()} for
     * an empty stream ({@code Iterator::reduce}).
     *
     * <p><b>Cancel safety.</b> Cancelling cancels the stream; the partial result is dropped.
     *
     * @throws NullPointerException when {@code f} is null
     */
    default Future<Optional<T>> reduce(BinaryOperator<T> f) {
        Objects.requireNonNull(f, "f");
        return fold(Optional.<T>empty(), (acc, v) -> Optional.of(acc.isEmpty() ? v : f.apply(acc.get(), v)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Interop

    /**
     * A blocking iterator over this stream for plain platform threads: each {@code hasNext()} waits with
     * {@link Future#await()}. It must not be used on a runtime worker thread (there {@code await()} throws
     * {@link IllegalStateException}); inside an async block it parks only the virtual thread.
     * {@link BlockingStreamIterator#close()} cancels the stream.
     * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=blockingIterator}
     */
    default BlockingStreamIterator<T> blockingIterator() {
        return new BlockingStreamIterator<>(this);
    }

    /**
     * A single-subscriber {@link Flow.Publisher} of this stream, driven on {@code executor}; see
     * {@link FlowAdapters#toPublisher(Stream, Executor)}.
     *
     * @throws NullPointerException when {@code executor} is null
     */
    default Flow.Publisher<T> toPublisher(Executor executor) {
        return FlowAdapters.toPublisher(this, executor);
    }
}
