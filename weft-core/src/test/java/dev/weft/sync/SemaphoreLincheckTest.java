package dev.weft.sync;

import dev.weft.sync.Semaphore.Permit;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking and stress for {@link Semaphore}: every operation gives back what it took (acquire
 * and release, acquire polled once then cancelled, try-acquire and release) except {@code addPermit}, so after
 * each part of a scenario the available count must equal the initial permits plus those added. A leaked
 * permit breaks {@link #noPermitLeaked()}; a lost wake-up leaves {@code acquireAwaitRelease} spinning, which
 * Lincheck reports as a hang.
 */
@Tag("lincheck")
@Param(name = "n", gen = IntGen.class, conf = "1:2")
public class SemaphoreLincheckTest {
    private static final int PERMITS = 2;

    private final Semaphore semaphore = new Semaphore(PERMITS);
    private final AtomicInteger added = new AtomicInteger();

    @Operation
    public void acquireAwaitRelease(@Param(name = "n") int n) {
        TestWaker.spinUntilReady(semaphore.acquire(n)).close();
    }

    @Operation
    public void acquirePollOnceThenCancel(@Param(name = "n") int n) {
        Permit p = TestWaker.pollOnceOrCancel(semaphore.acquire(n));
        if (p != null) p.close();
    }

    @Operation
    public void tryAcquireRelease(@Param(name = "n") int n) {
        if (semaphore.tryAcquire(n) instanceof Semaphore.TryAcquire.Acquired(Permit p)) p.close();
    }

    @Operation
    public void addPermit() {
        added.incrementAndGet();
        semaphore.addPermits(1);
    }

    @Validate
    public void noPermitLeaked() {
        int expected = PERMITS + added.get();
        int actual = semaphore.availablePermits();
        if (actual != expected) {
            throw new IllegalStateException("available permits: " + actual + " (expected: " + expected + ")");
        }
    }

    @Test
    void modelChecking() {
        LincheckSupport.modelCheck(getClass(), 5, 100);
    }

    @Test
    void stress() {
        LincheckSupport.stress(getClass(), 4, 300);
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
