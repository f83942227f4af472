package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Lincheck scenario of {@link MutexLincheckTest} (barging only: the fairness bound is never reached) and
 * {@link MutexHandoffLincheckTest} (a clock that ticks on every read, so releases mix wake-ups and direct
 * hand-offs): a counter incremented non-atomically under the lock must behave as a linearizable counter
 * ({@code lockIncrement} returns unique, ordered values), while other threads try-lock, or poll {@code lock()}
 * once and cancel it (a cancelled waiter that was woken or handed the lock must pass it on). After each part
 * the mutex must be unlocked with nobody queued (a leaked lock or a stranded waiter shows up there), and a lost
 * wake-up leaves {@code lockIncrement} spinning, which Lincheck reports as a hang. The clock is deterministic
 * (a counter, not {@code System.nanoTime}), so the model checker can replay every interleaving, and the mutex
 * does not spin before queueing: a spinning waiter wins the races the checker must explore (with the spin, a
 * deliberately lost wake-up in a woken waiter's retry went unnoticed).
 */
@Tag("lincheck")
public abstract class MutexLincheckScenario {
    private final Mutex<Integer> mutex;

    MutexLincheckScenario(long handoffNanos, LongSupplier clock) {
        this.mutex = new Mutex<>(0, handoffNanos, clock, 0); // no spin: it would win the races to explore
    }

    /** A clock that advances by one on every read. */
    static LongSupplier ticking() {
        AtomicLong t = new AtomicLong();
        return t::incrementAndGet;
    }

    /**
     * Polls {@code f}, and once more if it was woken in between; returns its value, or cancels it and returns
     * null when it is still pending (a cancel that meets a woken or handed-off waiter).
     */
    static <T> T pollTwiceOrCancel(Future<T> f) {
        TestWaker w = TestWaker.forModelCheck();
        Context cx = new Context(w);
        Poll<T> p = f.poll(cx);
        if (p.isReady()) return p.value();
        if (w.isWoken()) {
            p = f.poll(cx);
            if (p.isReady()) return p.value();
        }
        f.cancel();
        return null;
    }

    @Operation
    public int lockIncrement() {
        try (Mutex.Guard<Integer> g = TestWaker.spinUntilReady(mutex.lock())) {
            int next = g.get() + 1;
            g.set(next);
            return next;
        }
    }

    @Operation
    public int lockGet() {
        try (Mutex.Guard<Integer> g = TestWaker.spinUntilReady(mutex.lock())) {
            return g.get();
        }
    }

    @Operation
    public void lockPollOnceThenCancel() {
        Mutex.Guard<Integer> g = TestWaker.pollOnceOrCancel(mutex.lock());
        if (g != null) g.close();
    }

    @Operation
    public void lockPollTwiceThenCancel() {
        Mutex.Guard<Integer> g = pollTwiceOrCancel(mutex.lock());
        if (g != null) g.close();
    }

    @Operation
    public void tryLockUnlock() {
        mutex.tryLock().ifPresent(Mutex.Guard::close);
    }

    @Validate
    public void unlocked() {
        if (mutex.isLocked()) throw new IllegalStateException("mutex still locked after every operation returned");
        if (mutex.hasWaiters()) throw new IllegalStateException("a waiter is still queued after every operation returned");
    }

    @Test
    void modelChecking() {
        LincheckSupport.modelCheck(getClass(), 4, 100);
    }

    @Test
    void stress() {
        LincheckSupport.stress(getClass(), 3, 200);
    }

    @Test
    @Tag("long")
    void modelCheckingLong() {
        LincheckSupport.modelCheckLong(getClass());
    }

    @Test
    @Tag("long")
    void stressLong() {
        LincheckSupport.stressLong(getClass());
    }
}
