package dev.weft.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The release-once part shared by {@code RwLock}'s guards ({@code Mutex.Guard} needs no CAS of its own: its
 * ownership stamp makes the release idempotent): {@link #release()} unlocks exactly once (through
 * {@link #unlock()}, which each guard implements for its engine); {@link #check()} fails fast when a guard is
 * used after it was closed.
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

    /** 0 while the guard holds the lock, 1 after close(); CAS from any thread. */
    @SuppressWarnings("unused")
    private volatile int closed;

    GuardState() {}

    /** Gives the lock back to its engine; called once, by {@link #release()}. */
    abstract void unlock();

    /** Releases the lock once; later calls do nothing. */
    final void release() {
        if (CLOSED.compareAndSet(this, 0, 1)) unlock(); // release: publishes the value
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
