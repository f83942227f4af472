package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.sync.EventuallyFairLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous mutual-exclusion lock protecting a value of type {@code T}: Tokio's
 * {@code tokio::sync::Mutex}. {@link #lock()} returns a lazy future of a {@link Guard}; the guard gives access
 * to the value and closing it (try-with-resources) unlocks.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=mutex}
 *
 * <p><b>Eventually fair</b> (parking_lot's mutex, Go's {@code sync.Mutex}): a free lock goes to whoever asks
 * first, even while others wait (barging), so a contended lock with short critical sections runs at the speed
 * of a compare-and-set rather than at the rate at which the executor can wake the next waiter. Waiters queue in
 * FIFO order, and starvation is bounded: once the oldest waiter has been the oldest for the <b>fairness bound of
 * 0.5 ms</b>, the next unlock hands the lock directly to it and nobody can overtake it. So the oldest waiter
 * waits at most the bound plus one critical section (plus the time its executor takes to poll it once woken),
 * and a waiter with {@code k} waiters ahead of it at most {@code k + 1} times that. Before the bound, an
 * unlock wakes the oldest waiter to compete for the lock. A {@code lock()} that finds the lock held re-checks
 * it briefly (about a microsecond, on multi-processor machines) before it queues. This differs from Tokio's
 * {@code Mutex}, which is strictly FIFO; {@link RwLock} and {@link Semaphore} stay strictly FIFO (see
 * {@code docs/adr/0013-eventually-fair-mutex.md}).
 *
 * <p>Holding the guard across {@code await} points is fine (that is what distinguishes it from
 * {@code ReentrantLock}); for short critical sections that never wait, a plain
 * {@code java.util.concurrent.locks} lock is cheaper.
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
     * An eventually fair lock (dev.weft.internal.sync.EventuallyFairLock, which holds the algorithm, its
     * invariants, the fairness bound's argument and the ordering protocol; ADR 0013 records the choice).
     * I1. `value` is read and written only by the owner of the lock; the release (CAS, or the hand-off's
     * release store under the wait-queue lock) and the next acquisition (CAS, or the volatile phase read)
     * order those accesses, so a plain field suffices.
     *
     * Throughput: uncontended, lock() is one CAS on first poll (plus the Lock and Guard objects) and close()
     * one CAS on the state word (the guard's ownership stamp makes it idempotent without a CAS of its own,
     * Guard's G1; the guard's CAS cost about 8 ns of W9's 29 ns per operation on one worker). Contended, barging keeps the lock moving at CAS
     * speed: an unlock wakes at most one waiter to retry (and none while a woken one has not retried yet), and
     * the direct hand-off that leaves the lock idle until its new owner is polled happens at most once per
     * fairness bound per head waiter. It replaced the strictly FIFO BatchSemaphore(1), whose hand-off per
     * unlock ran W9 at the executor's wake-up rate (issue 16).
     */

    private final EventuallyFairLock raw;
    /** Guarded by the permit (I1). */
    private T value;

    /** Creates an unlocked mutex holding {@code value}. */
    public Mutex(T value) {
        this.raw = new EventuallyFairLock();
        this.value = value;
    }

    /**
     * A mutex with its own fairness bound, clock and spin: for tests (a fake clock makes the hand-off
     * deterministic; model checks spin 0 times).
     */
    Mutex(T value, long handoffNanos, LongSupplier clock, int spinTries) {
        this.raw = new EventuallyFairLock(handoffNanos, clock, spinTries);
        this.value = value;
    }

    /** Creates an unlocked mutex holding {@code value}; same as {@code new Mutex<>(value)}. */
    public static <T extends @Nullable Object> Mutex<T> of(T value) {
        return new Mutex<>(value);
    }

    /**
     * A future that waits for the lock and completes with its guard: at once if the lock is free (even when
     * others wait), else after queueing (see the class's fairness contract). Completing consumes one unit of
     * the task's cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling a waiting {@code lock()} leaves the queue at once; if it
     * had been woken to compete for the lock, the next waiter is woken instead; if the lock had been handed to
     * it, the lock is released at once (waking or handing off to the next waiter). Cancelling loses the place
     * in the queue.
     *
     * <p><b>Memory effects.</b> See {@link Mutex}.
     *
     * @return a lazy future of the guard
     */
    public Future<Guard<T>> lock() {
        return new Lock<>(this);
    }

    /**
     * Takes the lock if it is free right now; never waits. Like an unlock's barging, it may take the lock ahead
     * of queued waiters, except while the lock is being handed to one that waited past the fairness bound.
     *
     * @return the guard, or empty when the lock is held (or being handed off)
     */
    public Optional<Guard<T>> tryLock() {
        int stamp = raw.tryAcquire();
        return stamp == EventuallyFairLock.PENDING ? Optional.empty() : Optional.of(new Guard<>(this, stamp));
    }

    /** True while some guard holds the lock (a snapshot, for diagnostics). */
    public boolean isLocked() {
        return raw.isLocked();
    }

    /** True while some {@code lock()} is queued (a snapshot, for tests and diagnostics). */
    boolean hasWaiters() {
        return raw.hasWaiters();
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
    public static final class Guard<T> implements AutoCloseable {
        /*
         * Implementation notes
         *
         * G1. `stamp` names this guard's ownership (EventuallyFairLock I10): the lock's release acts only while
         *     the lock's generation still equals it, so the release is idempotent by itself and `close()` needs
         *     no compare-and-set of its own (RwLock's guards, on BatchSemaphore, keep GuardState's CAS). Closing
         *     one guard from two threads at once therefore unlocks exactly once.
         * G2. `closed` is written once, with a release store before the unlock, and read volatile: it makes a
         *     second close() on any thread that sees it a no-op without touching the lock, and makes get/set
         *     throw after close. A thread that reads it stale still cannot unlock twice (G1).
         */
        private static final VarHandle CLOSED;

        static {
            try {
                CLOSED = MethodHandles.lookup().findVarHandle(Guard.class, "closed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Mutex<T> mutex;
        private final int stamp;
        /** G2; written with a release store only, read volatile. */
        private volatile boolean closed;

        Guard(Mutex<T> mutex, int stamp) {
            this.mutex = mutex;
            this.stamp = stamp;
            mutex.raw.holderAcquired(); // task dump (EventuallyFairLock I9)
        }

        private void check() {
            if (closed) {
                throw new IllegalStateException(
                        "Mutex.Guard used after close(): the lock was released; acquire it again to access the value");
            }
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

        /** Unlocks the mutex; does nothing when already closed (also when closed concurrently, G1). */
        @Override
        public void close() {
            if (closed) return;
            CLOSED.setRelease(this, true); // G2
            mutex.raw.holderReleased(); // task dump: before the lock goes (EventuallyFairLock I9)
            mutex.raw.release(stamp); // G1: a no-op when a concurrent close() released it first
        }

        @Override
        public String toString() {
            return closed ? "Mutex.Guard[closed]" : "Mutex.Guard[held]";
        }
    }

    /** The future of {@link #lock()}. */
    private static final class Lock<T> extends EventuallyFairLock.Waiter implements Future<Guard<T>> {
        private final Mutex<T> mutex;

        Lock(Mutex<T> mutex) {
            super(mutex.raw);
            this.mutex = mutex;
        }

        @Override
        public Poll<Guard<T>> poll(Context cx) {
            int stamp = pollAcquire(cx);
            return stamp == EventuallyFairLock.PENDING ? Poll.pending() : Poll.ready(new Guard<>(mutex, stamp));
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }
}
