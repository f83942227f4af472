package dev.weft.testkit;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one waker of weft-core's own tests: counts its wake-ups, polls futures by hand with itself as the waker,
 * waits for a wake-up from another thread, catches a wake-up that must not happen, and (for the tests of what a
 * failing waker must not break) can throw from {@code wake()}. Thread-safe.
 *
 * <p>It has the API of weft-test's {@code dev.weft.test.TestWaker}, plus {@link #throwing} and the spin helpers the
 * Lincheck tests need. It is a copy because weft-core cannot use weft-test: weft-test depends on weft-core, and
 * Maven rejects a reactor cycle even when one edge is test-scoped. Every other module's tests use weft-test's.
 * Keep the two in step.
 */
public final class TestWaker implements Waker {
    /*
     * Implementation notes (the same as weft-test's TestWaker, plus I4)
     * I1. `wakes` counts every wake() (forbidden ones included); takeWakeCount/reset swap it to 0 atomically.
     * I2. The first wake() after forbidWakes() wins the CAS on `violation` and keeps its stack.
     * I3. awaitWake() raises `waiters` (volatile) under `lock`, then reads `wakes`; wake() increments `wakes`, then
     *     reads `waiters` and, when a thread waits, signals under `lock` (Dekker: one side sees the other). A wake()
     *     without waiters takes no lock, so the Lincheck tests see only the two atomic reads and one increment.
     * I4. A throwing waker counts and signals before it throws, so tests can both count and wait for its calls.
     * I5. A model-check waker (forModelCheck) keeps one volatile flag and nothing else: wake() is one volatile
     *     write, as in the flag and spin wakers the Lincheck tests had before, so the model checker explores no
     *     extra shared accesses or allocations (`light` is final: invisible to it). Measured under the same
     *     load, the counting version made BroadcastLincheckTest about 2x slower. Its count is 0 or 1.
     */
    private final AtomicInteger wakes; // null on a model-check waker (I5)
    private volatile boolean flagged; // a model-check waker's only state (I5)
    private final Context cx; // null on a model-check waker: context() makes one per call
    private final Supplier<? extends Throwable> thrown;
    private final boolean light; // I5
    private volatile String forbidden;
    private final AtomicReference<Throwable> violation;
    private final ReentrantLock lock;
    private final Condition woken;
    private volatile int waiters; // written under `lock` (I3)

    /** A waker that has not been woken. */
    public TestWaker() {
        this(null, false);
    }

    private TestWaker(Supplier<? extends Throwable> thrown, boolean light) {
        this.thrown = thrown;
        this.light = light;
        this.wakes = light ? null : new AtomicInteger();
        this.cx = light ? null : new Context(this);
        this.violation = light ? null : new AtomicReference<>();
        this.lock = light ? null : new ReentrantLock();
        this.woken = light ? null : lock.newCondition();
    }

    /**
     * A waker for model-checked operations (Lincheck): it only records that it was woken, so its count is 0 or 1
     * (I5). {@link #forbidWakes} and {@link #awaitWake} are not available on it.
     */
    public static TestWaker forModelCheck() {
        return new TestWaker(null, true);
    }

    /**
     * A waker whose {@code wake()} counts, then throws what {@code thrown} supplies (an {@code Error} included):
     * for the tests that a failing waker never fails the code that woke it.
     */
    public static TestWaker throwing(Supplier<? extends Throwable> thrown) {
        return new TestWaker(Objects.requireNonNull(thrown, "thrown"), false);
    }

    @Override
    public void wake() {
        if (light) { // I5
            flagged = true;
            return;
        }
        wakes.incrementAndGet();
        String why = forbidden; // I2
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
        if (thrown != null) throw TestWaker.<RuntimeException>sneaky(thrown.get()); // I4
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Wake-ups since creation or the last {@link #takeWakeCount()}/{@link #reset()}. */
    public int wakeCount() {
        if (light) return flagged ? 1 : 0;
        return wakes.get();
    }

    /** True when woken at least once since creation or the last reset. */
    public boolean isWoken() {
        return light ? flagged : wakes.get() > 0;
    }

    /** Returns the count and resets it to zero. */
    public int takeWakeCount() {
        if (light) {
            boolean was = flagged;
            flagged = false;
            return was ? 1 : 0;
        }
        return wakes.getAndSet(0);
    }

    /** Resets the count to zero, e.g. before checking that the next event wakes. */
    public void reset() {
        if (light) flagged = false;
        else wakes.set(0);
    }

    /** The context this waker polls with: unconstrained budget, no runtime. One per waker, reused. */
    public Context context() {
        return cx != null ? cx : new Context(this);
    }

    /** A new context with this waker and a cooperative budget of {@code budget} operations, no runtime. */
    public Context context(int budget) {
        if (budget < 0) throw new IllegalArgumentException("budget: " + budget + " (expected: >= 0)");
        return new Context(this, budget);
    }

    /** Polls {@code future} once with {@link #context()}. */
    public <T> Poll<T> poll(Future<T> future) {
        return future.poll(context());
    }

    /** Polls {@code future} once and returns its value; fails when it is pending. */
    public <T> T pollReady(Future<T> future) {
        Poll<T> p = future.poll(context());
        if (p.isPending()) throw new AssertionError("expected the future to be ready, but it is pending: " + future);
        return p.value();
    }

    /** Polls {@code future} once and fails unless it is pending. */
    public void pollPending(Future<?> future) {
        Poll<?> p = future.poll(context());
        if (p.isReady()) throw new AssertionError("expected the future to be pending, but it is ready with " + p);
    }

    /** Fails unless woken since creation or the last reset. */
    public void assertWoken() {
        if (!isWoken()) throw new AssertionError("expected the waker to have been woken, but it was not");
    }

    /** Fails when woken since creation or the last reset. */
    public void assertNotWoken() {
        int n = wakeCount();
        if (n > 0) throw new AssertionError("expected no wake-up, but the waker was woken " + n + " time(s)");
    }

    /** Fails unless woken exactly {@code expected} times since creation or the last reset. */
    public void assertWakeCount(int expected) {
        int n = wakeCount();
        if (n != expected) throw new AssertionError("wake count: " + n + " (expected: " + expected + ")");
    }

    /** From now on a wake-up is a bug; {@code why} says what happened ({@code "cancel()"}). */
    public void forbidWakes(String why) {
        requireFull("forbidWakes");
        forbidden = Objects.requireNonNull(why, "why");
    }

    /** Fails with the stack of the first wake-up since {@link #forbidWakes(String)}, if there was one. */
    public void assertNoForbiddenWake() {
        Throwable v = light ? null : violation.get();
        if (v != null) {
            AssertionError e = new AssertionError(v.getMessage());
            e.setStackTrace(v.getStackTrace());
            throw e;
        }
    }

    /**
     * Waits until woken (the count is above zero); returns at once when already woken. Does not reset the count.
     *
     * @return true when woken, false when {@code timeout} passed first
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitWake(Duration timeout) throws InterruptedException {
        requireFull("awaitWake");
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

    private void requireFull(String what) {
        if (light) throw new UnsupportedOperationException(what + "() on a model-check waker (forModelCheck())");
    }

    /**
     * For model-checked operations: polls {@code f} until ready, spinning for a wake-up between polls. A lost
     * wake-up makes the spin endless, which Lincheck reports as a hang (and a stress run as a timeout).
     */
    public static <T> T spinUntilReady(Future<T> f) {
        TestWaker w = forModelCheck();
        Context cx = new Context(w);
        for (;;) {
            Poll<T> p = f.poll(cx);
            if (p.isReady()) return p.value();
            while (!w.isWoken()) Thread.onSpinWait();
            w.reset();
        }
    }

    /** Polls {@code f} once; returns its value, or cancels it and returns null when it is pending. */
    public static <T> T pollOnceOrCancel(Future<T> f) {
        Poll<T> p = f.poll(new Context(forModelCheck()));
        if (p.isReady()) return p.value();
        f.cancel();
        return null;
    }

    @Override
    public String toString() {
        return "TestWaker[wakes=" + wakeCount() + "]";
    }
}
