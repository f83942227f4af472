package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.runtime.Handle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A waker for tests: counts its wake-ups, polls futures by hand with itself as the waker, waits for a wake-up
 * from another thread, and catches a wake-up that must not happen (after the future was cancelled). Thread-safe.
 *
 * {@snippet class=dev.weft.test.TestWakerTest region=example}
 *
 * <p>Poll with {@link #poll}, {@link #pollReady} and {@link #pollPending}: they use one {@link Context} per waker
 * (unconstrained budget, no runtime). For futures that need a runtime (timers, sockets, {@code spawn}), make the
 * context with {@link #context(Handle)} and poll with it, or use {@link TestTask#within(Handle, Future)}.
 *
 * <p><b>A wake-up after cancel.</b> A future must release its waker registration in {@code cancel()} (Weft's
 * drop). {@link #forbidWakes(String)} records every later {@code wake()} together with its stack;
 * {@link #assertNoForbiddenWake()} fails with the stack of the first one, so the test names the code that still
 * held the waker.
 */
public final class TestWaker implements Waker {
    /*
     * Implementation notes
     * I1. `wakes` counts every wake() (forbidden ones included); takeWakeCount/reset swap it to 0 atomically.
     * I2. `forbidden` (volatile, via the AtomicReference) is read by wake() after counting; the first wake() after
     *     forbidWakes() wins the CAS on `violation` and keeps its stack; later ones only count.
     * I3. awaitWake() raises `waiters` (volatile) under `lock`, then reads `wakes`; wake() increments `wakes`, then
     *     reads `waiters` and, when a thread waits, signals under `lock`. Both sides write then read volatiles
     *     (Dekker), so either the waiter sees the count or the waker sees the waiter; the signal under the lock
     *     cannot fall between the waiter's check and its await. wake() without waiters takes no lock.
     */
    private final AtomicInteger wakes = new AtomicInteger();
    private final Context cx = new Context(this);
    private final AtomicReference<String> forbidden = new AtomicReference<>();
    private final AtomicReference<Throwable> violation = new AtomicReference<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private volatile int waiters; // written under `lock` (I3)

    /** A waker that has not been woken. */
    public TestWaker() {}

    @Override
    public void wake() {
        wakes.incrementAndGet();
        String why = forbidden.get(); // I2
        if (why != null) {
            violation.compareAndSet(null, new AssertionError("woken after " + why + " (wake() called on "
                    + Thread.currentThread().getName() + " at:)"));
        }
        if (waiters > 0) { // I3
            lock.lock();
            try {
                woken.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** How many times {@link #wake()} was called since creation or the last {@link #takeWakeCount()} or reset. */
    public int wakeCount() {
        return wakes.get();
    }

    /** True when woken at least once since creation or the last {@link #takeWakeCount()}/{@link #reset()}. */
    public boolean isWoken() {
        return wakes.get() > 0;
    }

    /** Returns the count and resets it to zero. */
    public int takeWakeCount() {
        return wakes.getAndSet(0);
    }

    /** Resets the count to zero, e.g. before checking that the next event wakes. */
    public void reset() {
        wakes.set(0);
    }

    /** The context this waker polls with: unconstrained budget, no runtime. One per waker, reused. */
    public Context context() {
        return cx;
    }

    /**
     * A new context with this waker and a cooperative budget of {@code budget} operations, no runtime.
     *
     * @throws IllegalArgumentException when {@code budget} is negative
     */
    public Context context(int budget) {
        if (budget < 0) throw new IllegalArgumentException("budget: " + budget + " (expected: >= 0)");
        return new Context(this, budget);
    }

    /**
     * A new context with this waker that carries {@code runtime}: futures polled with it use that runtime's timers
     * and sockets (and its paused clock), and {@code spawn} works. Unconstrained budget.
     */
    public Context context(Handle runtime) {
        return Objects.requireNonNull(runtime, "runtime").newContext(this, Context.UNCONSTRAINED);
    }

    /** Polls {@code future} once with {@link #context()}. */
    public <T> Poll<T> poll(Future<T> future) {
        return future.poll(cx);
    }

    /** Polls {@code future} once and returns its value; fails when it is pending. */
    public <T> T pollReady(Future<T> future) {
        Poll<T> p = future.poll(cx);
        if (p.isPending()) throw new AssertionError("expected the future to be ready, but it is pending: " + future);
        return p.value();
    }

    /** Polls {@code future} once and fails unless it is pending. */
    public void pollPending(Future<?> future) {
        Poll<?> p = future.poll(cx);
        if (p.isReady()) throw new AssertionError("expected the future to be pending, but it is ready with " + p);
    }

    /** Fails unless woken since creation or the last reset. */
    public void assertWoken() {
        if (!isWoken()) throw new AssertionError("expected the waker to have been woken, but it was not");
    }

    /** Fails when woken since creation or the last reset. */
    public void assertNotWoken() {
        int n = wakes.get();
        if (n > 0) throw new AssertionError("expected no wake-up, but the waker was woken " + n + " time(s)");
    }

    /** Fails unless woken exactly {@code expected} times since creation or the last reset. */
    public void assertWakeCount(int expected) {
        int n = wakes.get();
        if (n != expected) throw new AssertionError("wake count: " + n + " (expected: " + expected + ")");
    }

    /**
     * From now on, a wake-up is a bug: {@code why} says what happened ({@code "cancel()"}), and
     * {@link #assertNoForbiddenWake()} reports the first later wake-up with its stack.
     */
    public void forbidWakes(String why) {
        forbidden.set(Objects.requireNonNull(why, "why"));
    }

    /** Fails with the stack of the first wake-up since {@link #forbidWakes(String)}, if there was one. */
    public void assertNoForbiddenWake() {
        Throwable v = violation.get();
        if (v != null) {
            AssertionError e = new AssertionError(v.getMessage());
            e.setStackTrace(v.getStackTrace());
            throw e;
        }
    }

    /**
     * Waits until woken (the count is above zero), for wake-ups from another thread; returns at once when already
     * woken. Does not reset the count.
     *
     * @return true when woken, false when {@code timeout} passed first
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public boolean awaitWake(Duration timeout) throws InterruptedException {
        long left = Objects.requireNonNull(timeout, "timeout").toNanos();
        lock.lock();
        try {
            waiters++;
            while (wakes.get() == 0) { // I3
                if (left <= 0) return false;
                left = woken.awaitNanos(left);
            }
            return true;
        } finally {
            waiters--;
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "TestWaker[wakes=" + wakes.get() + "]";
    }
}
