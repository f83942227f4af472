package dev.weft.sync;

import dev.weft.internal.sync.BatchSemaphore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The release-once part shared by the lock guards: {@link #release()} gives the permits back exactly once;
 * {@link #check()} fails fast when a guard is used after it was closed.
 */
abstract class GuardState {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(GuardState.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BatchSemaphore semaphore;
    private final int permits;
    /** 0 while the guard holds the lock, 1 after close(); CAS from any thread. */
    @SuppressWarnings("unused")
    private volatile int closed;

    GuardState(BatchSemaphore semaphore, int permits) {
        this.semaphore = semaphore;
        this.permits = permits;
        semaphore.holderAcquired(this, permits); // task dump (BatchSemaphore I7)
    }

    /** Releases the lock once; later calls do nothing. */
    final void release() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            semaphore.holderReleased(this); // task dump: before the permits go (BatchSemaphore I7)
            semaphore.release(permits); // release: publishes the value
        }
    }

    /** True once the guard was closed. */
    final boolean isClosedGuard() {
        return closed != 0;
    }

    /** Throws {@link IllegalStateException} when the guard was closed. */
    final void check() {
        if (closed != 0) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " used after close(): the lock was released; acquire it again to access the value");
        }
    }
}
