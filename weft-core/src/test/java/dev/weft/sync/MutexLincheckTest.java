package dev.weft.sync;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
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
        try (Mutex.Guard<Integer> g = SpinWaker.await(mutex.lock())) {
            int next = g.get() + 1;
            g.set(next);
            return next;
        }
    }

    @Operation
    public int lockGet() {
        try (Mutex.Guard<Integer> g = SpinWaker.await(mutex.lock())) {
            return g.get();
        }
    }

    @Operation
    public void lockPollOnceThenCancel() {
        Mutex.Guard<Integer> g = SpinWaker.pollOnceOrCancel(mutex.lock());
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
        new ModelCheckingOptions().iterations(4).invocationsPerIteration(100)
                .threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(3).invocationsPerIteration(200)
                .threads(3).actorsPerThread(3).check(getClass());
    }

    @Test
    @Tag("long")
    void modelCheckingLong() {
        new ModelCheckingOptions().iterations(100).invocationsPerIteration(2_000)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .check(getClass());
    }

    @Test
    @Tag("long")
    void stressLong() {
        new StressOptions().iterations(100).invocationsPerIteration(5_000)
                .threads(4).actorsPerThread(4).check(getClass());
    }
}
