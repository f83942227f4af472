package dev.weft.internal.util;

/**
 * What a parking worker runs while it has nothing to do: the chain of drivers (I/O reactor, timer wheel, plain
 * thread park). One worker at a time holds the driver; the others park on their own parker.
 *
 * <p>Drivers stack: the timer driver wraps the I/O driver, which wraps the plain park. Each layer computes how
 * long it may wait, parks the inner layer, and processes its own events (fires expired timers, dispatches
 * readiness) before returning. Wake-ups issued by a driver run on the parking worker's thread while it holds
 * no task, so the scheduler treats them as remote wake-ups (injection queue).
 */
public interface Driver {

    /**
     * Parks the calling thread until {@link #unpark()} is called or {@code timeoutNanos} elapse (negative: no
     * timeout; zero: do not wait, only process ready events), then processes ready events.
     */
    void park(long timeoutNanos);

    /** Makes the current or next {@link #park(long)} return promptly. Safe from any thread. */
    void unpark();
}
