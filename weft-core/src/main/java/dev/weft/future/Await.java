package dev.weft.future;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.internal.context.Ambient;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.context.WaitRecorder;
import dev.weft.internal.context.Waits;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs futures to completion on the calling thread: the machinery behind {@link Future#await()}.
 *
 * <p>Most code calls {@code future.await()}; this class is for code that wants to know whether it may block.
 * (The marks executors set on their threads, and the runtime handle async blocks install, are engine hooks in
 * {@code dev.weft.internal.context}, not public API.)
 */
public final class Await {
    /*
     * Implementation notes
     *
     * await() polls the future with a ParkWaker bound to the calling thread and parks between polls.
     * I1. ParkWaker.notified is set before unpark and cleared before the next poll, so a wake-up that lands
     *     while the future is being polled makes the next park() return at once (no lost wake-up).
     * I2. An interrupt observed while parked cancels the awaited future exactly once, re-asserts the interrupt
     *     flag and throws CancelledException; the flag stays set so every later await() throws too.
     * I3. ThreadContext's non-blocking mark is set by executors on threads that poll tasks; await() refuses to run
     *     there.
     * I4. The ambient is told when this thread becomes runnable (a wake) and idle (a park), balanced, so a
     *     runtime with a paused clock never auto-advances while an async block has work to do.
     * I5. A virtual thread that only inherited its ambient (created inside an async block) is not counted by
     *     anyone; await() counts it runnable for the duration of the call (balanced by I4's idle/runnable
     *     pairs), so a paused clock may advance while it computes outside await(), never while it is woken.
     * I6. Task dump: the ParkWaker is the thread's park blocker (LockSupport.park(this)), and it records what each
     *     poll waited on (WaitRecorder, cleared before every poll by this thread). A dump finds the record of a
     *     parked async block through LockSupport.getBlocker(thread), so nothing is registered anywhere.
     */
    private Await() {}

    /**
     * Polls {@code future} on this thread until it completes, parking between polls. See {@link Future#await()}.
     *
     * @throws IllegalStateException on a thread that polls tasks (a runtime worker)
     * @throws CancelledException when the thread is interrupted before the future completes
     */
    @CanIgnoreReturnValue // as Future.await()
    public static <T> T await(Future<T> future) {
        Ambient own = ThreadContext.installedAmbient();
        if (own != null) return awaitWith(future, own);
        Ambient inherited = ThreadContext.inheritedAmbient();
        if (inherited == null) return awaitWith(future, null);
        // I5: a virtual thread created inside an async block counts as runnable only while it awaits
        inherited.threadRunnable();
        try {
            return awaitWith(future, inherited);
        } finally {
            inherited.threadIdle();
        }
    }

    /**
     * As {@link #await(Future)}, with {@code ambient} (a runtime's handle) given to the future's {@link Context}, so
     * async blocks started by it see that runtime. Used by {@code WeftRuntime.blockOn}, through
     * {@code dev.weft.internal.future.Contexts}.
     *
     * <p>The calling thread must already count as runnable for {@code ambient} (see
     * {@link Ambient#threadRunnable()}): this method reports {@code threadIdle()} before each park and
     * {@code threadRunnable()} for each wake-up.
     */
    static <T> T awaitWith(Future<T> future, Ambient ambient) {
        Objects.requireNonNull(future, "future");
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            String owner = ThreadContext.nonBlockingOwner();
            if (owner != null) {
                throw new IllegalStateException("await() called on " + self.getName() + ", a thread of " + owner
                        + " that polls tasks: blocking it would stall every task queued on it. Instead compose the"
                        + " future (then/map/select) and return it, spawn it and keep the JoinHandle, or move this"
                        + " code into an async block (Async.async) or Tasks.spawnBlocking, where await() is allowed.");
            }
        }
        if (self.isInterrupted()) {
            future.cancel();
            throw new CancelledException("await() on an interrupted thread (" + self.getName()
                    + "): the async block was cancelled or the thread interrupted");
        }
        ParkWaker waker = new ParkWaker(self, ambient);
        Context cx = new Context(waker, Context.UNCONSTRAINED, ambient);
        try {
            for (;;) {
                waker.waits = null; // I6: the record describes the latest poll
                Poll<T> p = future.poll(cx);
                if (p instanceof Poll.Ready<T> r) return r.value();
                if (!waker.park()) {
                    future.cancel();
                    self.interrupt(); // I2: keep the flag so later awaits throw as well
                    throw new CancelledException("await() interrupted on " + self.getName()
                            + ": the async block was cancelled or the thread interrupted",
                            new InterruptedException());
                }
            }
        } finally {
            waker.close();
        }
    }

    /**
     * True when {@link Future#await()} may block the current thread: it is a virtual thread, or no executor polls
     * tasks on it.
     *
     * @return whether {@code await()} is allowed here
     */
    public static boolean isBlockingAllowed() {
        Thread t = Thread.currentThread();
        return t.isVirtual() || ThreadContext.nonBlockingOwner() == null;
    }

    /**
     * A waker that unparks one thread; the NOTIFIED state makes wake-ups sticky (I1). It reports the thread's
     * runnable/idle transitions to the ambient (I4): +1 for each IDLE->NOTIFIED wake, -1 before each park, +1
     * when an interrupt ends a park without a wake, and close() takes back a wake that nobody consumed.
     */
    static final class ParkWaker implements Waker, WaitRecorder {
        private static final int IDLE = 0;
        private static final int NOTIFIED = 1;
        private static final int CLOSED = 2;
        /** A wake() is counting the thread runnable; NOTIFIED follows at once. */
        private static final int WAKING = 3;
        private static final java.lang.invoke.VarHandle STATE;

        static {
            try {
                STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(ParkWaker.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Thread thread;
        private final Ambient ambient;
        @SuppressWarnings("unused")
        private volatile int state;
        /** I6: what the latest poll waited on; written by the awaiting thread, read racily by dumps. */
        private Object waits;

        ParkWaker(Thread thread, Ambient ambient) {
            this.thread = thread;
            this.ambient = ambient;
        }

        @Override
        public void wake() {
            if ((int) STATE.getVolatile(this) == IDLE && STATE.compareAndSet(this, IDLE, WAKING)) {
                // count the thread runnable BEFORE publishing NOTIFIED: once NOTIFIED is visible the thread may
                // run on, finish and count itself idle; counting after that would dip the count below zero
                if (ambient != null) ambient.threadRunnable();
                STATE.setVolatile(this, NOTIFIED);
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void recordWait(Object resource) {
            waits = Waits.merge(waits, resource, Waits.tracking()); // I6
        }

        @Override
        public Object recordedWaits() {
            return waits;
        }

        /** Parks until woken; returns false when interrupted instead. Consumes the notification. */
        boolean park() {
            if (ambient != null) ambient.threadIdle();
            while ((int) STATE.getVolatile(this) != NOTIFIED) {
                LockSupport.park(this);
                if (Thread.currentThread().isInterrupted()) {
                    // running again without a wake: count ourselves runnable, unless a wake did it already
                    awaitNotWaking();
                    int prev = (int) STATE.getAndSet(this, IDLE);
                    if (prev != NOTIFIED && ambient != null) ambient.threadRunnable();
                    return false;
                }
            }
            STATE.setVolatile(this, IDLE);
            return true;
        }

        /** Waits out a wake() between its CAS and its NOTIFIED store (a few instructions). */
        private void awaitNotWaking() {
            while ((int) STATE.getVolatile(this) == WAKING) Thread.onSpinWait();
        }

        /** No more wake-ups count: a wake that arrived after the last park is taken back. */
        void close() {
            for (;;) {
                int prev = (int) STATE.getVolatile(this);
                if (prev == WAKING) { // a wake() between its CAS and its NOTIFIED store: let it finish
                    Thread.onSpinWait();
                    continue;
                }
                // a CAS, not a getAndSet after waiting: a wake() that took IDLE -> WAKING in between would
                // count the thread runnable and then overwrite CLOSED with NOTIFIED, a count nobody takes back
                if (STATE.compareAndSet(this, prev, CLOSED)) {
                    if (prev == NOTIFIED && ambient != null) ambient.threadIdle();
                    return;
                }
            }
        }
    }
}
