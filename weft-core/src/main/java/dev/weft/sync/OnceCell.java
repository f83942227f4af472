package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.sync.BatchSemaphore;
import dev.weft.internal.sync.Coop;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cell written at most once, whose value may be computed asynchronously: Tokio's
 * {@code tokio::sync::OnceCell}. Many tasks may race in {@link #getOrInit}; exactly one runs its initializer
 * at a time, and all get the value it produced.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=onceCell}
 *
 * <p>If the running initializer fails or is cancelled, the next waiting task (in FIFO order) runs its own
 * initializer; the cell stays empty until one succeeds.
 *
 * <p><b>Memory effects.</b> Actions before the value is set (by {@link #set} or an initializer completing)
 * happen-before the actions after any {@link #get()} or {@code getOrInit} that returns it.
 *
 * @param <T> the type of the value (never {@code null})
 */
public final class OnceCell<T> {
    /*
     * Implementation notes
     *
     * As in Tokio: a semaphore with one permit serialises initializers, and is closed once the value is set.
     * I1. `value` goes null -> non-null once, written by the permit holder before it closes the semaphore.
     * I2. Closed semaphore <=> value set. An acquire that fails with CLOSED therefore reads the value.
     * I3. An initializer that fails or is cancelled releases the permit, which the semaphore hands to the next
     *     waiter (FIFO), which then runs its own initializer.
     * Ordering: `value` is volatile (release on write, acquire on read); close() publishes it to queued
     * waiters through the semaphore's lock and their volatile phase read.
     */

    private final BatchSemaphore semaphore = new BatchSemaphore(1);
    /** I1; volatile. */
    private volatile T value;

    /** Creates an empty cell. */
    public OnceCell() {}

    /**
     * Creates a cell already holding {@code value}.
     *
     * @throws NullPointerException when {@code value} is null
     */
    public static <T> OnceCell<T> of(T value) {
        OnceCell<T> cell = new OnceCell<>();
        cell.value = Objects.requireNonNull(value, "value");
        cell.semaphore.close();
        return cell;
    }

    /** The value, or empty while the cell is not initialized. Never waits. */
    public Optional<T> get() {
        return Optional.ofNullable(value);
    }

    /** True once the cell holds a value. */
    public boolean isInitialized() {
        return value != null;
    }

    /**
     * Sets the value if the cell is empty and no initializer is running; never waits.
     *
     * @return {@link SetResult.Set}, or {@link SetResult.AlreadyInitialized} / {@link SetResult.Initializing}
     *     carrying {@code value} back
     * @throws NullPointerException when {@code value} is null
     */
    public SetResult<T> set(T value) {
        Objects.requireNonNull(value, "value");
        return switch (semaphore.tryAcquire(1)) {
            case BatchSemaphore.OK -> {
                this.value = value; // I1: we hold the permit
                semaphore.close(); // I2; the permit is never returned
                yield new SetResult.Set<>();
            }
            case BatchSemaphore.NO_PERMITS -> this.value != null
                    ? new SetResult.AlreadyInitialized<>(value)
                    : new SetResult.Initializing<>(value);
            default -> new SetResult.AlreadyInitialized<>(value);
        };
    }

    /**
     * A future of the value: the current value if set; otherwise waits for its turn (FIFO) and, unless another
     * task set the value meanwhile, runs {@code init.get()} and awaits that future. Completing consumes one unit
     * of the task's cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancelling while waiting for the turn only leaves the queue. Cancelling while
     * this task's initializer runs cancels that initializer future and hands the turn to the next waiting
     * task, which then runs its own initializer. The cell is never left half-set.
     *
     * <p><b>Memory effects.</b> See {@link OnceCell}.
     *
     * @param init called at most once per call of this method, only when this task must initialize; its future
     *     must complete with a non-null value (failures propagate to this task only)
     * @return a lazy future of the value
     * @throws NullPointerException when {@code init} is null
     */
    public Future<T> getOrInit(Supplier<? extends Future<? extends T>> init) {
        Objects.requireNonNull(init, "init");
        return new GetOrInit<>(this, init);
    }

    @Override
    public String toString() {
        T v = value;
        return v == null ? "OnceCell[uninitialized]" : "OnceCell[" + v + "]";
    }

    /**
     * The outcome of {@link #set}: {@link Set}, or a failure carrying the rejected value back.
     *
     * @param <T> the value type
     */
    public sealed interface SetResult<T> permits SetResult.Set, SetResult.AlreadyInitialized, SetResult.Initializing {

        /**
         * The value was stored.
         *
         * @param <T> the value type
         */
        record Set<T>() implements SetResult<T> {}

        /**
         * The cell already held a value.
         *
         * @param <T> the value type
         * @param value the value passed to {@code set}, handed back
         */
        record AlreadyInitialized<T>(T value) implements SetResult<T> {}

        /**
         * An initializer is running right now.
         *
         * @param <T> the value type
         * @param value the value passed to {@code set}, handed back
         */
        record Initializing<T>(T value) implements SetResult<T> {}
    }

    /** The future of {@link #getOrInit}. */
    private static final class GetOrInit<T> extends BatchSemaphore.Waiter implements Future<T> {
        private static final int START = 0;
        private static final int ACQUIRING = 1;
        private static final int INITIALIZING = 2;
        private static final int DONE = 3;

        private final OnceCell<T> cell;
        private final Supplier<? extends Future<? extends T>> init;
        private Future<? extends T> running;
        /** Owner-thread only. */
        private int phase;

        GetOrInit(OnceCell<T> cell, Supplier<? extends Future<? extends T>> init) {
            super(cell.semaphore, 1);
            this.cell = cell;
            this.init = init;
        }

        @Override
        public Poll<T> poll(Context cx) {
            switch (phase) {
                case START -> {
                    T v = cell.value;
                    if (v != null) return ready(cx, v);
                    phase = ACQUIRING;
                    return poll(cx);
                }
                case ACQUIRING -> {
                    int r = pollAcquire(cx);
                    if (r == BatchSemaphore.PENDING) return Poll.pending();
                    if (r == BatchSemaphore.CLOSED) { // I2: set by someone else
                        phase = DONE;
                        return Poll.ready(cell.value);
                    }
                    T v = cell.value;
                    if (v != null) { // defensive: cannot happen while I2 holds
                        phase = DONE;
                        cell.semaphore.release(1);
                        return Poll.ready(v);
                    }
                    try {
                        running = Objects.requireNonNull(init.get(), "init returned null (expected: a Future)");
                    } catch (Throwable t) {
                        phase = DONE;
                        cell.semaphore.release(1); // I3
                        throw t;
                    }
                    phase = INITIALIZING;
                    return pollInit(cx);
                }
                case INITIALIZING -> {
                    return pollInit(cx);
                }
                default -> throw new IllegalStateException("getOrInit polled after it completed or was cancelled");
            }
        }

        private Poll<T> ready(Context cx, T v) {
            if (!Coop.proceed(cx)) return Poll.pending();
            phase = DONE;
            Coop.madeProgress(cx);
            return Poll.ready(v);
        }

        private Poll<T> pollInit(Context cx) {
            Poll<? extends T> p;
            try {
                p = running.poll(cx);
            } catch (Throwable t) {
                phase = DONE;
                running = null;
                cell.semaphore.release(1); // I3: the next waiter retries
                throw t;
            }
            if (p.isPending()) return Poll.pending();
            T v = p.value();
            phase = DONE;
            running = null;
            if (v == null) {
                cell.semaphore.release(1);
                throw new NullPointerException("the init future completed with null (expected: a value)");
            }
            cell.value = v; // I1: release, we hold the permit
            cell.semaphore.close(); // I2: wakes every waiter, which then read the value
            return Poll.ready(v);
        }

        @Override
        public void cancel() {
            int p = phase;
            phase = DONE;
            if (p == ACQUIRING) {
                cancelAcquire();
            } else if (p == INITIALIZING) {
                Future<? extends T> r = running;
                running = null;
                try {
                    r.cancel();
                } finally {
                    cell.semaphore.release(1); // I3
                }
            }
        }
    }
}
