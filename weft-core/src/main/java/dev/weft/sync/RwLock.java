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
 * An asynchronous reader-writer lock protecting a value of type {@code T}: Tokio's
 * {@code tokio::sync::RwLock}. Any number of readers, or one writer, hold it at a time.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=rwlock}
 *
 * <p>Fair and writer-preferring, as in Tokio: requests are served in FIFO order, so a writer waiting for the
 * current readers to leave holds back every reader that arrives after it; writers cannot be starved.
 *
 * <p><b>Memory effects.</b> Actions before a write guard is closed happen-before the actions after any later
 * read or write acquisition completes; actions before a read guard is closed happen-before the actions after
 * the next write acquisition completes.
 *
 * @param <T> the type of the protected value ({@code null} allowed)
 */
public final class RwLock<T extends @Nullable Object> {
    /*
     * Implementation notes
     *
     * A batch semaphore with MAX_READS permits (Tokio's design): read takes 1, write takes all MAX_READS.
     * FIFO order of the semaphore gives writer preference: a queued writer at the head collects the permits
     * released by readers and later readers queue behind it (BatchSemaphore I2, I3).
     * I1. `value` is written only with all permits held and read with at least one held; the semaphore's
     *     release/acquire orders these accesses, so a plain field suffices.
     */

    /** The most concurrent readers: 536,870,911 (Tokio's {@code MAX_READS}). */
    public static final int MAX_READS = BatchSemaphore.MAX_PERMITS;

    private final BatchSemaphore semaphore = new BatchSemaphore(MAX_READS);
    /** Guarded by the permits (I1). */
    private T value;

    /** Creates an unlocked lock holding {@code value}. */
    public RwLock(T value) {
        this.value = value;
    }

    /** Creates an unlocked lock holding {@code value}; same as {@code new RwLock<>(value)}. */
    public static <T extends @Nullable Object> RwLock<T> of(T value) {
        return new RwLock<>(value);
    }

    /**
     * A future that waits for shared read access (FIFO, behind any waiting writer). Completing consumes one
     * unit of the task's cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: a cancelled read leaves the queue at once and passes on anything
     * it had been given; it loses its place in the queue.
     *
     * <p><b>Memory effects.</b> See {@link RwLock}.
     *
     * @return a lazy future of a read guard
     */
    public Future<ReadGuard<T>> read() {
        return new Acquire<>(this, 1);
    }

    /**
     * A future that waits for exclusive write access (FIFO). Completing consumes one unit of the task's
     * cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: a cancelled write leaves the queue at once and hands the read
     * permits it had already collected to the next waiters (waking readers queued behind it); it loses its
     * place in the queue.
     *
     * <p><b>Memory effects.</b> See {@link RwLock}.
     *
     * @return a lazy future of a write guard
     */
    public Future<WriteGuard<T>> write() {
        return new Acquire<>(this, MAX_READS);
    }

    /**
     * Takes shared read access if no writer holds or waits for the lock; never waits.
     *
     * @return the read guard, or empty
     */
    public Optional<ReadGuard<T>> tryRead() {
        return semaphore.tryAcquire(1) == BatchSemaphore.OK ? Optional.of(new ReadGuard<>(this)) : Optional.empty();
    }

    /**
     * Takes exclusive write access if nobody holds or waits for the lock; never waits.
     *
     * @return the write guard, or empty
     */
    public Optional<WriteGuard<T>> tryWrite() {
        return semaphore.tryAcquire(MAX_READS) == BatchSemaphore.OK
                ? Optional.of(new WriteGuard<>(this))
                : Optional.empty();
    }

    @Override
    public String toString() {
        int available = semaphore.availablePermits();
        if (available == MAX_READS) return "RwLock[unlocked]";
        return "RwLock[locked]";
    }

    /**
     * Shared read access to the value of a {@link RwLock}; closing it releases the read lock. {@link #close()}
     * is idempotent; {@link #get()} throws {@link IllegalStateException} after it.
     *
     * @param <T> the type of the protected value
     */
    public static final class ReadGuard<T> extends GuardState implements AutoCloseable {
        private final RwLock<T> lock;

        ReadGuard(RwLock<T> lock) {
            this.lock = lock;
            lock.semaphore.holderAcquired(this, 1); // task dump (BatchSemaphore I7)
        }

        @Override
        void unlock() {
            lock.semaphore.holderReleased(this); // task dump: before the permit goes (BatchSemaphore I7)
            lock.semaphore.release(1);
        }

        /**
         * The protected value.
         *
         * @throws IllegalStateException when this guard was closed
         */
        public T get() {
            check();
            return lock.value;
        }

        /** Releases the read lock; does nothing when already closed. */
        @Override
        public void close() {
            release();
        }

        @Override
        public String toString() {
            return isClosedGuard() ? "RwLock.ReadGuard[closed]" : "RwLock.ReadGuard[held]";
        }
    }

    /**
     * Exclusive write access to the value of a {@link RwLock}; closing it releases the write lock.
     * {@link #close()} is idempotent; every other method throws {@link IllegalStateException} after it.
     *
     * @param <T> the type of the protected value
     */
    public static final class WriteGuard<T> extends GuardState implements AutoCloseable {
        private final RwLock<T> lock;

        WriteGuard(RwLock<T> lock) {
            this.lock = lock;
            lock.semaphore.holderAcquired(this, MAX_READS); // task dump (BatchSemaphore I7)
        }

        @Override
        void unlock() {
            lock.semaphore.holderReleased(this); // task dump: before the permits go (BatchSemaphore I7)
            lock.semaphore.release(MAX_READS);
        }

        /**
         * The protected value.
         *
         * @throws IllegalStateException when this guard was closed
         */
        public T get() {
            check();
            return lock.value;
        }

        /**
         * Replaces the protected value.
         *
         * @throws IllegalStateException when this guard was closed
         */
        public void set(T value) {
            check();
            lock.value = value;
        }

        /**
         * Replaces the value with {@code f} applied to it and returns the new value.
         *
         * @throws IllegalStateException when this guard was closed
         */
        public T update(UnaryOperator<T> f) {
            Objects.requireNonNull(f, "f");
            check();
            T next = f.apply(lock.value);
            lock.value = next;
            return next;
        }

        /** Releases the write lock; does nothing when already closed. */
        @Override
        public void close() {
            release();
        }

        @Override
        public String toString() {
            return isClosedGuard() ? "RwLock.WriteGuard[closed]" : "RwLock.WriteGuard[held]";
        }
    }

    /** The future of {@link #read()} (1 permit) and {@link #write()} (all permits). */
    private static final class Acquire<T, G> extends BatchSemaphore.Waiter implements Future<G> {
        private final RwLock<T> lock;

        Acquire(RwLock<T> lock, int permits) {
            super(lock.semaphore, permits);
            this.lock = lock;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Poll<G> poll(Context cx) {
            return switch (pollAcquire(cx)) {
                case BatchSemaphore.ACQUIRED -> Poll.ready(
                        (G) (permits() == 1 ? new ReadGuard<>(lock) : new WriteGuard<>(lock)));
                case BatchSemaphore.PENDING -> Poll.pending();
                default -> throw new IllegalStateException("rwlock semaphore closed (a bug: it is never closed)");
            };
        }

        @Override
        public void cancel() {
            cancelAcquire();
        }
    }
}
