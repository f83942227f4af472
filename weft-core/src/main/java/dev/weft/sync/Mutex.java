package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.sync.BatchSemaphore;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous mutual-exclusion lock protecting a value of type {@code T}: Tokio's
 * {@code tokio::sync::Mutex}. {@link #lock()} returns a lazy future of a {@link Guard}; the guard gives access
 * to the value and closing it (try-with-resources) unlocks.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=mutex}
 *
 * <p>Fair: tasks obtain the lock in the order they first polled {@code lock()}. Holding the guard across
 * {@code await} points is fine (that is what distinguishes it from {@code ReentrantLock}); for short critical
 * sections that never wait, a plain {@code java.util.concurrent.locks} lock is cheaper.
 *
 * <p>Not reentrant: a task that awaits {@code lock()} while holding the guard waits forever.
 *
 * <p><b>Memory effects.</b> Actions before a guard is closed happen-before the actions after the next
 * {@code lock()} or {@code tryLock()} that obtains the lock.
 *
 * @param <T> the type of the protected value ({@code null} allowed)
 */
public final class Mutex<T extends @Nullable Object> {
    /*
     * Implementation notes
     *
     * A semaphore with one permit (dev.weft.internal.sync.BatchSemaphore, which holds the invariants and the
     * ordering protocol). I1. `value` is read and written only by the holder of the permit; the permit's
     * release (CAS or lock) and the next acquire (CAS or volatile phase read) order those accesses, so a plain
     * field suffices.
     *
     * Throughput: uncontended, lock() is one CAS on first poll (plus the Lock and Guard objects) and close()
     * two CASes (the guard's closed flag, then the permit). Contended, FIFO hand-off makes every unlock wake
     * the next waiter through its executor (a convoy, see BatchSemaphore's notes), so W9 runs at the
     * executor's wake-up rate; a barging lock would be faster but would break the fairness promised above.
     */

    private final BatchSemaphore semaphore = new BatchSemaphore(1);
    /** Guarded by the permit (I1). */
    private T value;

    /** Creates an unlocked mutex holding {@code value}. */
    public Mutex(T value) {
        this.value = value;
    }

    /** Creates an unlocked mutex holding {@code value}; same as {@code new Mutex<>(value)}. */
    public static <T extends @Nullable Object> Mutex<T> of(T value) {
        return new Mutex<>(value);
    }

    /**
     * A future that waits for the lock (FIFO) and completes with its guard. Completing consumes one unit of
     * the task's cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling a waiting {@code lock()} leaves the queue at once; if the
     * lock had just been handed to it, it passes straight to the next waiter. Cancelling loses the place in
     * the queue.
     *
     * <p><b>Memory effects.</b> See {@link Mutex}.
     *
     * @return a lazy future of the guard
     */
    public Future<Guard<T>> lock() {
        return new Lock<>(this);
    }

    /**
     * Takes the lock if it is free and nobody waits for it; never waits.
     *
     * @return the guard, or empty when the lock is held or contended
     */
    public Optional<Guard<T>> tryLock() {
        return semaphore.tryAcquire(1) == BatchSemaphore.OK ? Optional.of(new Guard<>(this)) : Optional.empty();
    }

    /** True while some guard holds the lock (a snapshot, for diagnostics). */
    public boolean isLocked() {
        return semaphore.availablePermits() == 0;
    }

    @Override
    public String toString() {
        return isLocked() ? "Mutex[locked]" : "Mutex[unlocked]";
    }

    /**
     * Exclusive access to the value of a {@link Mutex}; closing it unlocks (Tokio's {@code OwnedMutexGuard}).
     * {@link #close()} is idempotent; every other method throws {@link IllegalStateException} after it.
     *
     * @param <T> the type of the protected value
     */
    public static final class Guard<T> extends GuardState implements AutoCloseable {
        private final Mutex<T> mutex;

        Guard(Mutex<T> mutex) {
            super(mutex.semaphore, 1);
            this.mutex = mutex;
        }

        /**
         * The protected value.
         *
         * @throws IllegalStateException when this guard was closed
         */
        public T get() {
            check();
            return mutex.value;
        }

        /**
         * Replaces the protected value.
         *
         * @throws IllegalStateException when this guard was closed
         */
        public void set(T value) {
            check();
            mutex.value = value;
        }

        /**
         * Replaces the value with {@code f} applied to it and returns the new value.
         *
         * @throws IllegalStateException when this guard was closed
         */
        public T update(UnaryOperator<T> f) {
            Objects.requireNonNull(f, "f");
            check();
            T next = f.apply(mutex.value);
            mutex.value = next;
            return next;
        }

        /** The mutex this guard locks. */
        public Mutex<T> mutex() {
            return mutex;
        }

        /** Unlocks the mutex; does nothing when already closed. */
        @Override
        public void close() {
            release();
        }

        @Override
        public String toString() {
            return isClosedGuard() ? "Mutex.Guard[closed]" : "Mutex.Guard[held]";
        }
    }

    /** The future of {@link #lock()}. */
    private static final class Lock<T> extends BatchSemaphore.Waiter implements Future<Guard<T>> {
        private final Mutex<T> mutex;

        Lock(Mutex<T> mutex) {
            super(mutex.semaphore, 1);
            this.mutex = mutex;
        }

        @Override
        public Poll<Guard<T>> poll(Context cx) {
            return switch (pollAcquire(cx)) {
                case BatchSemaphore.ACQUIRED -> Poll.ready(new Guard<>(mutex));
                case BatchSemaphore.PENDING -> Poll.pending();
                default -> throw new IllegalStateException("mutex semaphore closed (a bug: it is never closed)");
            };
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }
}
