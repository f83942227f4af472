package dev.weft.internal.util;

import java.util.concurrent.locks.LockSupport;

/**
 * The innermost driver: parks the holding thread, with a sticky notification so no unpark is lost. The runtime's
 * driver chain ends in one; the I/O driver parks on one after its selector is closed.
 */
public final class ThreadParkDriver implements Driver {
    /*
     * Implementation notes
     * I1. `notified` is set before unparking `parked`; park() clears it only when returning because of it.
     * I2. Only the driver holder calls park(), so `parked` has one writer at a time.
     * I3. park() returns early while the caller's interrupt flag is set (LockSupport.park would not block), and
     *     leaves the flag as it is: the caller decides what it means. A multi-thread worker clears it before
     *     parking (Worker I6); blockOn's thread on the current-thread flavour takes it as cancellation.
     */
    private volatile Thread parked;
    private volatile boolean notified;

    @Override
    public void park(long timeoutNanos) {
        if (notified) {
            notified = false;
            return;
        }
        if (timeoutNanos == 0) return;
        parked = Thread.currentThread();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!notified) {
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return;
                    LockSupport.parkNanos(this, left);
                }
                if (Thread.currentThread().isInterrupted()) return;
            }
            notified = false;
        } finally {
            parked = null;
        }
    }

    @Override
    public void unpark() {
        notified = true;
        Thread t = parked;
        if (t != null) LockSupport.unpark(t);
    }
}
