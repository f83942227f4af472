package dev.weft.future;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Factories for small futures and for waiting on many at once (Rust's {@code std::future} and
 * {@code futures::future}).
 *
 * {@snippet class=dev.weft.future.snippets.FutureSnippets region=joinAll}
 */
public final class Futures {
    private Futures() {}

    /** A future that is ready with {@code value} at its first poll ({@code std::future::ready}). */
    public static <T extends @Nullable Object> Future<T> ready(T value) {
        return new Ready<>(value);
    }

    /** A future that fails with {@code error} at its first poll. */
    public static <T> Future<T> failed(Throwable error) {
        Objects.requireNonNull(error, "error");
        return cx -> {
            throw Combinators.rethrow(error);
        };
    }

    /**
     * A Weft future of a {@link CompletionStage} ({@code CompletableFuture} and friends), without a thread: at its
     * first poll it adds a {@code whenComplete} callback to the stage, which wakes the polling task from the
     * thread that completes the stage. It completes with the stage's value or fails with the stage's exception
     * (a {@code CompletionException} wrapper is removed; a cancelled stage fails with its
     * {@code CancellationException}).
     *
     * {@snippet class=dev.weft.future.snippets.FutureSnippets region=fromStage}
     *
     * <p><b>Cancel safety:</b> cancelling this future only stops listening: <em>the stage is not cancelled</em>
     * and runs on (other parts of the program may depend on it), and its result is dropped. Until the stage
     * completes it keeps a reference to a small callback. Use {@link #fromStageCancelling} to cancel the stage
     * as well.
     *
     * <p><b>Memory effects:</b> actions before the stage's completion happen-before the actions that follow this
     * future's completion.
     *
     * @param stage the stage to wait for
     * @return a future of the stage's result
     * @throws NullPointerException when {@code stage} is null
     */
    public static <T> Future<T> fromStage(CompletionStage<? extends T> stage) {
        return new StageFuture<>(Objects.requireNonNull(stage, "stage"), false);
    }

    /**
     * As {@link #fromStage}, but cancelling this future before the stage completed also cancels the stage, with
     * {@code stage.toCompletableFuture().cancel(false)}: for a stage that only this future consumes (an HTTP
     * client's response future, say), so that dropping the Weft future stops the work.
     *
     * <p><b>Cancel safety:</b> cancelling this future cancels the stage, when it has not completed; its result
     * is dropped. A stage without a {@code toCompletableFuture()} (it throws {@code UnsupportedOperationException})
     * makes {@code cancel()} throw that exception.
     *
     * @param stage the stage to wait for, and to cancel with this future
     * @return a future of the stage's result
     * @throws NullPointerException when {@code stage} is null
     */
    public static <T> Future<T> fromStageCancelling(CompletionStage<? extends T> stage) {
        return new StageFuture<>(Objects.requireNonNull(stage, "stage"), true);
    }

    /** A future that never completes ({@code std::future::pending}). Cancelling it releases nothing. */
    public static <T> Future<T> pending() {
        return cx -> Poll.pending();
    }

    /**
     * A future that calls {@code supplier} at its first poll and is ready with the result
     * ({@code futures::future::lazy}): unlike {@link #ready}, nothing is computed until polled.
     */
    public static <T> Future<T> lazy(Supplier<? extends T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return cx -> Poll.ready(supplier.get());
    }

    /**
     * A future whose poll is {@code pollFn} ({@code std::future::poll_fn}); for one-off hand-written futures.
     * {@snippet :
     * Future<Integer> f = Futures.pollFn(cx -> Poll.ready(42));
     * }
     */
    public static <T> Future<T> pollFn(Function<Context, Poll<T>> pollFn) {
        Objects.requireNonNull(pollFn, "pollFn");
        return pollFn::apply;
    }

    /**
     * A future that polls every future concurrently and completes with all their values, in the order given
     * ({@code futures::future::join_all}). Only futures that were woken are polled again, so joining a million
     * futures costs a million polls, not a million squared.
     *
     * <p>Every future runs to the end even when one fails; the join then fails with the first exception
     * (later ones attached as suppressed). Use {@link #tryJoinAll} to stop at the first failure.
     *
     * <p><b>Cancel safety:</b> cancelling cancels every future not yet complete; completed values are dropped.
     */
    public static <T> Future<List<T>> joinAll(Iterable<? extends Future<? extends T>> futures) {
        return new JoinAll<>(copy(futures), false);
    }

    /**
     * As {@link #joinAll}, for futures that fail by throwing: the first failure cancels every other future
     * at once and fails the join with that exception ({@code futures::future::try_join_all}).
     *
     * <p><b>Cancel safety:</b> as {@link #joinAll}.
     */
    public static <T> Future<List<T>> tryJoinAll(Iterable<? extends Future<? extends T>> futures) {
        return new JoinAll<>(copy(futures), true);
    }

    /**
     * A future that polls {@code a} and {@code b} concurrently and completes with both values, in argument
     * order: Tokio's {@code join!(a, b)}. Each future gets a waker of its own, so only the one that was woken
     * is polled again.
     * {@snippet class=dev.weft.future.snippets.SelectSnippets region=join}
     *
     * <p>Both futures run to the end even when one fails; the join then fails with the first exception (a
     * later one attached as suppressed), as {@link #joinAll} does. Use {@link #tryJoin(Future, Future)} to
     * stop at the first failure.
     *
     * <p><b>Cancel safety:</b> cancelling the join cancels whichever of the two has not completed; a value
     * already produced by the other is dropped. The join is exactly as cancel-safe as its two futures.
     *
     * @param a the first future
     * @param b the second future
     * @param <A> the first value's type
     * @param <B> the second value's type
     * @return a lazy future of both values
     * @throws NullPointerException when {@code a} or {@code b} is null
     */
    public static <A, B> Future<Join2<A, B>> join(Future<? extends A> a, Future<? extends B> b) {
        return new JoinTuple<>(futures2(a, b), false, Futures::join2);
    }

    /**
     * As {@link #join(Future, Future)}, for three futures: Tokio's {@code join!(a, b, c)}.
     *
     * <p><b>Cancel safety:</b> cancelling the join cancels every future that has not completed; values already
     * produced are dropped.
     *
     * @param a the first future
     * @param b the second future
     * @param c the third future
     * @param <A> the first value's type
     * @param <B> the second value's type
     * @param <C> the third value's type
     * @return a lazy future of the three values
     * @throws NullPointerException when an argument is null
     */
    public static <A, B, C> Future<Join3<A, B, C>> join(Future<? extends A> a, Future<? extends B> b,
            Future<? extends C> c) {
        return new JoinTuple<>(futures3(a, b, c), false, Futures::join3);
    }

    /**
     * A future that polls {@code a} and {@code b} concurrently and completes with both values, or fails as soon
     * as one of them fails: Tokio's {@code try_join!(a, b)}, with failure meaning "{@code poll} threw". The
     * first failure cancels the other future at once and is rethrown by the join.
     * {@snippet class=dev.weft.future.snippets.SelectSnippets region=tryJoin}
     *
     * <p><b>Cancel safety:</b> as {@link #join(Future, Future)}.
     *
     * @param a the first future
     * @param b the second future
     * @param <A> the first value's type
     * @param <B> the second value's type
     * @return a lazy future of both values, failing with the first failure
     * @throws NullPointerException when {@code a} or {@code b} is null
     */
    public static <A, B> Future<Join2<A, B>> tryJoin(Future<? extends A> a, Future<? extends B> b) {
        return new JoinTuple<>(futures2(a, b), true, Futures::join2);
    }

    /**
     * As {@link #tryJoin(Future, Future)}, for three futures: Tokio's {@code try_join!(a, b, c)}. The first
     * failure cancels the two others (those not yet complete) and is rethrown.
     *
     * <p><b>Cancel safety:</b> as {@link #join(Future, Future, Future)}.
     *
     * @param a the first future
     * @param b the second future
     * @param c the third future
     * @param <A> the first value's type
     * @param <B> the second value's type
     * @param <C> the third value's type
     * @return a lazy future of the three values, failing with the first failure
     * @throws NullPointerException when an argument is null
     */
    public static <A, B, C> Future<Join3<A, B, C>> tryJoin(Future<? extends A> a, Future<? extends B> b,
            Future<? extends C> c) {
        return new JoinTuple<>(futures3(a, b, c), true, Futures::join3);
    }

    /**
     * A view of {@code future} whose {@link Future#cancel()} does nothing, so that {@code future} survives a
     * {@link Select} branch (or any combinator) that drops it: Rust's {@code &mut fut} as a future. Polls go
     * to {@code future}. Keep polling {@code future} itself (or another {@code byRef} of it) later, and cancel
     * it yourself if you abandon it; never poll it again after it completed.
     * {@snippet class=dev.weft.future.snippets.SelectSnippets region=byRef}
     *
     * <p><b>Cancel safety:</b> cancelling the view loses nothing: {@code future} keeps its state. It may still
     * hold the waker of the last poll, so it may wake that task once more later (a harmless spurious wake-up).
     *
     * @param future the future to share
     * @param <T> its value type
     * @return a future that polls {@code future} and never cancels it
     * @throws NullPointerException when {@code future} is null
     */
    public static <T> Future<T> byRef(Future<T> future) {
        Objects.requireNonNull(future, "future");
        return future::poll;
    }

    private static Future<?>[] futures2(Future<?> a, Future<?> b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        return new Future<?>[] {a, b};
    }

    private static Future<?>[] futures3(Future<?> a, Future<?> b, Future<?> c) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(c, "c");
        return new Future<?>[] {a, b, c};
    }

    @SuppressWarnings("unchecked")
    private static <A, B> Join2<A, B> join2(Object[] v) {
        return new Join2<>((A) v[0], (B) v[1]);
    }

    @SuppressWarnings("unchecked")
    private static <A, B, C> Join3<A, B, C> join3(Object[] v) {
        return new Join3<>((A) v[0], (B) v[1], (C) v[2]);
    }

    private static <T> List<Future<? extends T>> copy(Iterable<? extends Future<? extends T>> futures) {
        Objects.requireNonNull(futures, "futures");
        List<Future<? extends T>> list = new ArrayList<>();
        int i = 0;
        for (Future<? extends T> f : futures) {
            if (f == null) throw new NullPointerException("futures[" + i + "] is null (expected: a Future)");
            list.add(f);
            i++;
        }
        return list;
    }

    /** {@link #ready}: completes once. */
    private static final class Ready<T> implements Future<T> {
        private final T value;

        Ready(T value) {
            this.value = value;
        }

        @Override
        public Poll<T> poll(Context cx) {
            return Poll.ready(value);
        }
    }
}
