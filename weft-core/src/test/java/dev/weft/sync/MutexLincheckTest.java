package dev.weft.sync;

import dev.weft.testkit.TestWaker;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking and stress for {@link Mutex}: a counter incremented non-atomically under the lock
 * must behave as a linearizable counter ({@code lockIncrement} returns unique, ordered values), while other
 * threads try-lock, or poll {@code lock()} once and cancel it, which hands the lock on. After each part the
 * mutex must be unlocked (a leaked permit shows up there) and a lost hand-over wake-up leaves
 * {@code lockIncrement} spinning, which Lincheck reports as a hang.
 */
@Tag("lincheck")
public class MutexLincheckTest {
    private final Mutex<Integer> mutex = Mutex.of(0);

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
    public void tryLockUnlock() {
        mutex.tryLock().ifPresent(Mutex.Guard::close);
    }

    @Validate
    public void unlocked() {
        if (mutex.isLocked()) throw new IllegalStateException("mutex still locked after every operation returned");
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
