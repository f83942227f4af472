package dev.weft.internal.scheduler;

import dev.weft.internal.util.Driver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks one worker thread. The first parking worker that can take the shared driver parks inside it (running
 * timers and I/O); the others park their thread.
 */
final class Parker {
    /*
     * Implementation notes
     *
     * Tokio's park.rs: state EMPTY, PARKED_THREAD, PARKED_DRIVER, NOTIFIED.
     * I1. unpark() sets NOTIFIED with getAndSet and then wakes whatever the previous state says the worker is
     *     blocked in; a park() that finds NOTIFIED consumes it and returns at once, so no unpark is lost.
     * I2. The driver is held by at most one parker (`driverHeld`); it is released before park() returns, and
     *     the state is back to EMPTY, even when the driver throws (finally).
     * I3. A thread park that returns with the interrupt flag set (LockSupport.park returns at once while it is
     *     set) clears it and parks again instead of spinning: the flag means nothing to a worker (Worker I6).
     *     The driver path leaves the flag to the worker, which clears it before every park.
     * `wakeups` counts returns from a blocking call (thread park or driver park), written by the parking thread
     * only and read racily (opaque): an idle worker's count stands still, a spinning one's races (tests).
     */
    private static final int EMPTY = 0;
    private static final int PARKED_THREAD = 1;
    private static final int PARKED_DRIVER = 2;
    private static final int NOTIFIED = 3;
    private static final VarHandle STATE;
    private static final VarHandle WAKEUPS;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Parker.class, "state", int.class);
            WAKEUPS = MethodHandles.lookup().findVarHandle(Parker.class, "wakeups", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Driver driver;
    private final AtomicBoolean driverHeld;
    private volatile Thread thread;
    @SuppressWarnings("unused")
    private volatile int state;
    private long wakeups;

    Parker(Driver driver, AtomicBoolean driverHeld) {
        this.driver = driver;
        this.driverHeld = driverHeld;
    }

    void bind(Thread t) {
        thread = t;
    }

    Thread thread() {
        return thread;
    }

    /** Parks until unparked (or a driver event / timeout when holding the driver). */
    void park(long timeoutNanos) {
        if (STATE.compareAndSet(this, NOTIFIED, EMPTY)) return;
        if (driver != null && driverHeld.compareAndSet(false, true)) {
            try {
                if (!STATE.compareAndSet(this, EMPTY, PARKED_DRIVER)) {
                    STATE.setVolatile(this, EMPTY); // was NOTIFIED
                    return;
                }
                try {
                    driver.park(timeoutNanos);
                    WAKEUPS.setOpaque(this, wakeups + 1);
                } finally {
                    STATE.getAndSet(this, EMPTY); // I2: an unpark meanwhile is consumed with it (park returns)
                }
            } finally {
                driverHeld.set(false);
            }
            return;
        }
        if (!STATE.compareAndSet(this, EMPTY, PARKED_THREAD)) {
            STATE.setVolatile(this, EMPTY);
            return;
        }
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        for (;;) {
            if (timeoutNanos < 0) LockSupport.park(this);
            else if (timeoutNanos > 0) LockSupport.parkNanos(this, deadline - System.nanoTime());
            WAKEUPS.setOpaque(this, wakeups + 1);
            if (STATE.compareAndSet(this, NOTIFIED, EMPTY)) return;
            Thread.interrupted(); // I3
            if (timeoutNanos == 0 || (timeoutNanos > 0 && System.nanoTime() - deadline >= 0)) {
                STATE.getAndSet(this, EMPTY);
                return;
            }
            // spurious wake-up: park again
        }
    }

    /** Returns from a blocking park so far (racy read; for tests of idleness). */
    long wakeupsOpaque() {
        return (long) WAKEUPS.getOpaque(this);
    }

    /** Wakes the worker if it is parked, or makes its next park return at once (I1). */
    void unpark() {
        int prev = (int) STATE.getAndSet(this, NOTIFIED);
        if (prev == PARKED_THREAD) LockSupport.unpark(thread);
        else if (prev == PARKED_DRIVER) driver.unpark();
    }

    /** Runs the driver without waiting if nobody else holds it (maintenance between tasks). */
    boolean pollDriver() {
        if (driver == null || !driverHeld.compareAndSet(false, true)) return false;
        try {
            driver.park(0);
        } finally {
            driverHeld.set(false);
        }
        return true;
    }
}
