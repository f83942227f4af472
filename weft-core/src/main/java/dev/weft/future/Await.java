package dev.weft.future;

import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs futures to completion on the calling thread: the machinery behind {@link Future#await()}, plus the
 * hooks executors use to forbid it on their own threads.
 *
 * <p>Most code calls {@code future.await()}; this class is for runtime authors and for code that wants to
 * know whether it may block.
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
     * I3. NON_BLOCKING is set by executors on threads that poll tasks; await() refuses to run there.
     */
    private static final ThreadLocal<String> NON_BLOCKING = new ThreadLocal<>();
    private static final ThreadLocal<Context.Ambient> AMBIENT = new ThreadLocal<>();

    private Await() {}

    /**
     * Polls {@code future} on this thread until it completes, parking between polls. See {@link Future#await()}.
     *
     * @throws IllegalStateException on a thread that polls tasks (a runtime worker)
     * @throws CancelledException when the thread is interrupted before the future completes
     */
    public static <T> T await(Future<T> future) {
        return await(future, AMBIENT.get());
    }

    /**
     * As {@link #await(Future)}, with {@code ambient} (a runtime's context carrier) given to the future's
     * {@link Context}, so async blocks started by it see that runtime. Used by {@code Runtime.blockOn}.
     */
    public static <T> T await(Future<T> future, Context.Ambient ambient) {
        Objects.requireNonNull(future, "future");
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            String owner = NON_BLOCKING.get();
            if (owner != null) {
                throw new IllegalStateException("await() called on " + self.getName() + ", a thread of " + owner
                        + " that polls tasks: blocking it would stall every task queued on it. Instead compose the"
                        + " future (then/map/select) and return it, spawn it and keep the JoinHandle, or move this"
                        + " code into an async block (Async.async) or Tasks.spawnBlocking, where await() is allowed.");
            }
        }
        ParkWaker waker = new ParkWaker(self);
        Context cx = new Context(waker, Context.UNCONSTRAINED, ambient);
        if (self.isInterrupted()) {
            future.cancel();
            throw new CancelledException("await() on an interrupted thread (" + self.getName()
                    + "): the async block was cancelled or the thread interrupted");
        }
        for (;;) {
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
    }

    /**
     * Marks the current thread as one that polls tasks ({@code owner} names the executor, for the error
     * message), or clears the mark with {@code null}. Returns the previous mark.
     */
    public static String setNonBlocking(String owner) {
        String prev = NON_BLOCKING.get();
        if (owner == null) NON_BLOCKING.remove();
        else NON_BLOCKING.set(owner);
        return prev;
    }

    /** True when {@link Future#await()} may block the current thread. */
    public static boolean isBlockingAllowed() {
        Thread t = Thread.currentThread();
        return t.isVirtual() || NON_BLOCKING.get() == null;
    }

    /** The ambient carrier installed on this thread by an async block, or {@code null}. */
    static Context.Ambient currentAmbient() {
        return AMBIENT.get();
    }

    /** Installs an ambient carrier for the async block running on this thread; returns the previous one. */
    static Context.Ambient setAmbient(Context.Ambient ambient) {
        Context.Ambient prev = AMBIENT.get();
        if (ambient == null) AMBIENT.remove();
        else AMBIENT.set(ambient);
        return prev;
    }

    /** A waker that unparks one thread; {@code notified} makes wake-ups sticky (I1). */
    static final class ParkWaker implements Waker {
        private final Thread thread;
        private volatile boolean notified;

        ParkWaker(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void wake() {
            if (!notified) {
                notified = true;
                LockSupport.unpark(thread);
            }
        }

        /** Parks until woken; returns false when interrupted instead. Clears the notification. */
        boolean park() {
            while (!notified) {
                LockSupport.park(this);
                if (Thread.currentThread().isInterrupted()) return false;
            }
            notified = false;
            return true;
        }
    }
}
