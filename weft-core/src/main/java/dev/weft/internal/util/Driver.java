package dev.weft.internal.util;

/**
 * What a parking worker runs while it has nothing to do: the chain of drivers (I/O reactor, timer wheel, plain
 * thread park). One worker at a time holds the driver; the others park on their own parker.
 *
 * <p>Drivers stack: the timer driver wraps the I/O driver, which wraps the plain park. Each layer computes how
 * long it may wait, parks the inner layer, and processes its own events (fires expired timers, dispatches
 * readiness) before returning. Wake-ups issued by a driver run on the thread holding it: on a multi-thread
 * worker (parked in the driver, or polling it between tasks) the woken tasks go to that worker's local queue,
 * and the worker wakes a parked peer when it ends up with more than one (Worker I5); on the current-thread
 * flavour they go to its injection queue. A driver calls wakers, which are user code, and contains what they
 * throw (the time driver and the I/O driver log it): a throwing waker never takes the holding thread down.
 * {@link #park(long)} may return early while the caller's interrupt flag is set; a multi-thread worker clears
 * the flag before parking (Worker I6).
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
