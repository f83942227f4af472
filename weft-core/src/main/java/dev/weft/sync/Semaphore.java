package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.sync.Arguments;
import dev.weft.internal.sync.BatchSemaphore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counting semaphore for tasks, fair in FIFO order: Tokio's {@code tokio::sync::Semaphore}.
 *
 * <p>{@link #acquire(int)} returns a lazy future of a {@link Permit}; closing the permit (try-with-resources)
 * gives the permits back. Waiters are served strictly in arrival order, and a waiter for many permits at the
 * head of the queue holds back later, smaller requests, so a large request is never starved.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=semaphore}
 *
 * <p>Permits are owned: a {@link Permit} refers to its semaphore, so it can be moved to another task or
 * thread and closed there (Tokio's {@code OwnedSemaphorePermit}).
 *
 * <p><b>Memory effects.</b> Actions before a permit is released (closed, or {@link #addPermits}) happen-before
 * the actions after an acquire that obtains any of those permits completes.
 *
 * @implNote The uncontended acquire and release are one CAS each on a packed state word; waiters queue in an
 *     intrusive linked list under a small lock. At most {@link #MAX_PERMITS} permits.
 */
public final class Semaphore {
    /*
     * Implementation notes
     *
     * A facade over dev.weft.internal.sync.BatchSemaphore, which documents the algorithm, its invariants and
     * its ordering protocol. This class adds the owned Permit (I1) and the public outcome types.
     * I1. A Permit releases its permits at most once: `released` goes 0 -> 1 by CAS in close() or forget().
     */

    /** The most permits a semaphore can hold: 536,870,911 (2^29 - 1, Tokio's {@code MAX_READS}). */
    public static final int MAX_PERMITS = BatchSemaphore.MAX_PERMITS;

    private final BatchSemaphore engine;

    /**
     * Creates a semaphore with {@code permits} permits available.
     *
     * @throws IllegalArgumentException when {@code permits} is outside {@code [0, MAX_PERMITS]}
     */
    public Semaphore(int permits) {
        this.engine = new BatchSemaphore(permits);
    }

    /**
     * Creates a semaphore with {@code permits} permits available; same as {@code new Semaphore(permits)}.
     *
     * @throws IllegalArgumentException when {@code permits} is outside {@code [0, MAX_PERMITS]}
     */
    public static Semaphore of(int permits) {
        return new Semaphore(permits);
    }

    /**
     * A future that waits for one permit; same as {@code acquire(1)}.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling removes the waiter from the queue at once and hands any
     * permits already assigned to it to the next waiters, so nothing is lost. Cancelling does lose the place in
     * the queue.
     *
     * @return a lazy future of the permit; it fails with {@link SemaphoreClosedException} if the semaphore is
     *     closed before the permit is obtained
     */
    public Future<Permit> acquire() {
        return new Acquire(this, 1);
    }

    /**
     * A future that waits until {@code n} permits can be taken at once, in FIFO order with other waiters.
     * Completing consumes one unit of the task's cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling removes the waiter from the queue at once and hands any
     * permits already assigned to it to the next waiters, so no permit leaks and no wake-up is lost.
     * Cancelling loses the place in the queue.
     *
     * <p><b>Memory effects.</b> See {@link Semaphore}.
     *
     * @param n the number of permits, {@code 1..MAX_PERMITS}
     * @return a lazy future of a permit for {@code n} permits; it fails with {@link SemaphoreClosedException}
     *     if the semaphore is closed before the permits are obtained
     * @throws IllegalArgumentException when {@code n} is outside {@code [1, MAX_PERMITS]}
     */
    public Future<Permit> acquire(int n) {
        checkPermits(n);
        return new Acquire(this, n);
    }

    /**
     * Takes one permit if available right now; same as {@code tryAcquire(1)}.
     *
     * @return {@link TryAcquire.Acquired} with the permit, {@link TryAcquire.NoPermits} or
     *     {@link TryAcquire.Closed}
     */
    public TryAcquire tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Takes {@code n} permits if they are available right now; never waits. Fair: fails with
     * {@link TryAcquire.NoPermits} while other tasks wait, even if {@code n} permits would be free for it.
     * {@snippet :
     * if (semaphore.tryAcquire(2) instanceof Semaphore.TryAcquire.Acquired(var permit)) {
     *     try (permit) { work(); }
     * }
     * }
     *
     * @param n the number of permits, {@code 1..MAX_PERMITS}
     * @return {@link TryAcquire.Acquired} with the permit, {@link TryAcquire.NoPermits} or
     *     {@link TryAcquire.Closed}
     * @throws IllegalArgumentException when {@code n} is outside {@code [1, MAX_PERMITS]}
     */
    public TryAcquire tryAcquire(int n) {
        checkPermits(n);
        return switch (engine.tryAcquire(n)) {
            case BatchSemaphore.OK -> new TryAcquire.Acquired(new Permit(this, n));
            case BatchSemaphore.NO_PERMITS -> TryAcquire.NoPermits.INSTANCE;
            default -> TryAcquire.Closed.INSTANCE;
        };
    }

    /**
     * Adds {@code n} permits, serving queued waiters first in FIFO order. Works on a closed semaphore too
     * (the permits are counted, no acquire succeeds).
     *
     * @param n the number of permits to add, {@code >= 0}
     * @throws IllegalArgumentException when {@code n} is negative or the available permits would exceed
     *     {@link #MAX_PERMITS}
     */
    public void addPermits(int n) {
        engine.release(n);
    }

    /** The number of permits available now; 0 while any task waits (queued waiters are served first). */
    public int availablePermits() {
        return engine.availablePermits();
    }

    /**
     * Closes the semaphore: every queued acquire and every later acquire fails with
     * {@link SemaphoreClosedException}, and {@link #tryAcquire} returns {@link TryAcquire.Closed}. Permits
     * held stay valid and may be closed normally. Idempotent.
     */
    public void close() {
        engine.close();
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public String toString() {
        return "Semaphore[available=" + availablePermits() + (isClosed() ? ", closed]" : "]");
    }

    static void checkPermits(int n) {
        Arguments.positive("n", n, MAX_PERMITS);
    }

    /**
     * The outcome of {@link #tryAcquire(int)}: {@link Acquired} with the permit, {@link NoPermits} or
     * {@link Closed}.
     */
    public sealed interface TryAcquire permits TryAcquire.Acquired, TryAcquire.NoPermits, TryAcquire.Closed {

        /**
         * The permits were taken; close {@code permit} to give them back.
         *
         * @param permit the permit holding them
         */
        record Acquired(Permit permit) implements TryAcquire {}

        /** Too few permits are available now, or other tasks are waiting first. */
        record NoPermits() implements TryAcquire {
            static final NoPermits INSTANCE = new NoPermits();
        }

        /** The semaphore is closed. */
        record Closed() implements TryAcquire {
            static final Closed INSTANCE = new Closed();
        }
    }

    /**
     * Permits taken from a {@link Semaphore}: closing it gives them back (Tokio's
     * {@code OwnedSemaphorePermit}). Use try-with-resources; {@link #close()} is idempotent and may be called
     * from any thread.
     *
     * <p><b>Memory effects.</b> Actions before {@link #close()} happen-before the actions after the acquire
     * that next obtains these permits.
     */
    public static final class Permit implements AutoCloseable {
        private static final VarHandle RELEASED;

        static {
            try {
                RELEASED = MethodHandles.lookup().findVarHandle(Permit.class, "released", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Semaphore semaphore;
        private final int permits;
        /** 0 while held, 1 once released or forgotten (I1); CAS from any thread. */
        @SuppressWarnings("unused")
        private volatile int released;

        Permit(Semaphore semaphore, int permits) {
            this.semaphore = semaphore;
            this.permits = permits;
            semaphore.engine.holderAcquired(this, permits); // task dump (BatchSemaphore I7)
        }

        /** The semaphore these permits belong to. */
        public Semaphore semaphore() {
            return semaphore;
        }

        /** The number of permits held. */
        public int permits() {
            return permits;
        }

        /** True once the permits were given back or forgotten. */
        public boolean isReleased() {
            return released != 0;
        }

        /** Gives the permits back to the semaphore; does nothing when already closed or forgotten. */
        @Override
        public void close() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                semaphore.engine.holderReleased(this); // task dump: before the permits go (BatchSemaphore I7)
                semaphore.engine.release(permits);
            }
        }

        /**
         * Drops the permits without giving them back: the semaphore permanently has {@link #permits()} fewer
         * permits (Tokio's {@code forget}). Does nothing when already closed or forgotten.
         */
        public void forget() {
            if (RELEASED.compareAndSet(this, 0, 1)) semaphore.engine.holderReleased(this); // task dump
        }

        @Override
        public String toString() {
            return "Permit[permits=" + permits + (isReleased() ? ", released]" : "]");
        }
    }

    /** The future of {@link #acquire(int)}: a wait-queue node of the engine. */
    private static final class Acquire extends BatchSemaphore.Waiter implements Future<Permit> {
        private final Semaphore owner;

        Acquire(Semaphore owner, int n) {
            super(owner.engine, n);
            this.owner = owner;
        }

        @Override
        public Poll<Permit> poll(Context cx) {
            return switch (pollAcquire(cx)) {
                case BatchSemaphore.ACQUIRED -> Poll.ready(new Permit(owner, permits()));
                case BatchSemaphore.PENDING -> Poll.pending();
                default -> throw new SemaphoreClosedException("acquire(" + permits() + ") on a closed semaphore");
            };
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }
}
