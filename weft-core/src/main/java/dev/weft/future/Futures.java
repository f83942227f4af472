package dev.weft.future;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Factories for small futures and for waiting on many at once (Rust's {@code std::future} and
 * {@code futures::future}).
 *
 * {@snippet class=dev.weft.future.snippets.FutureSnippets region=joinAll}
 */
public final class Futures {
    private Futures() {}

    /** A future that is ready with {@code value} at its first poll ({@code std::future::ready}). */
    public static <T> Future<T> ready(T value) {
        return new Ready<>(value);
    }

    /** A future that fails with {@code error} at its first poll. */
    public static <T> Future<T> failed(Throwable error) {
        Objects.requireNonNull(error, "error");
        return cx -> {
            throw Combinators.rethrow(error);
        };
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
