package dev.weft.internal.sync;

import dev.weft.future.Context;
import dev.weft.internal.ModelChecks;
import dev.weft.testkit.TestWaker;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking and stress for the claim counter in {@link BatchSemaphore}'s state word (its I8), driven
 * the way the bounded mpsc channel drives it: the send fast path ({@code tryAcquireOneAndClaim}), a send future
 * (a waiter that claims in its acquiring CAS, or with {@code claim()} once a release assigned it the permit), a
 * reserved permit used later ({@code claim()}), and two-permit acquisitions polled once and cancelled (partial
 * assignments, the queue's W bit, cancel's hand-off). Every operation gives back its permits. The counter starts
 * two below 2^32, so the scenario's claims wrap it.
 *
 * <p>Checked on every claim: no index is handed out twice. When quiescent: the permits are all back, nobody
 * waits, and the counter moved by exactly the number of claims (no CAS lost or invented a claim, I8). A lost
 * wake-up shows as a hang.
 *
 * <p><b>Mutation check</b> (done once, then reverted): {@code tryAcquireOneAndClaim} took the permit in its CAS
 * and then claimed with a plain read and a plain write of the state word. Both runs failed: the model check with
 * "index 0 was claimed twice" (two claims read the same counter, just after its wrap), the stress run with
 * "available permits: 3 (expected: 2)" (the plain write put back a permit count that a concurrent CAS had already
 * changed). MpscClaimPathsTest's stress run at capacity 16 failed on the same mutant too (a producer never woken).
 */
@Tag("lincheck")
public class BatchSemaphoreClaimLincheckTest {
    private static final int PERMITS = 2;
    private static final int FIRST_CLAIM = -2; // 2^32 - 2: the claims of a scenario wrap the counter

    private final BatchSemaphore sem = new BatchSemaphore(PERMITS, FIRST_CLAIM);
    private final AtomicInteger claims = new AtomicInteger();
    private final Set<Integer> indices = ConcurrentHashMap.newKeySet();

    private void claimed(int index) {
        claims.incrementAndGet();
        if (!indices.add(index)) {
            ModelChecks.violation("index " + Integer.toUnsignedString(index) + " was claimed twice");
        }
    }

    /** Polls {@code w} until it acquires, spinning for a wake-up between polls (a lost one hangs). */
    private static void acquire(BatchSemaphore.Waiter w) {
        TestWaker waker = TestWaker.forModelCheck();
        Context cx = new Context(waker);
        for (;;) {
            int r = w.pollAcquire(cx);
            if (r == BatchSemaphore.ACQUIRED) return;
            if (r != BatchSemaphore.PENDING) {
                ModelChecks.violation("pollAcquire on an open semaphore returned " + r);
                return;
            }
            while (!waker.isWoken()) Thread.onSpinWait();
            waker.reset();
        }
    }

    /** Mpsc trySend: one permit and one index in one CAS. */
    @Operation
    public void tryAcquireOneAndClaim() {
        long r = sem.tryAcquireOneAndClaim();
        if (r >= 0) {
            if (r >= 1L << 32) ModelChecks.violation("claimed index " + r + " outside [0, 2^32)");
            claimed((int) r);
            sem.release(1);
        } else if (r != BatchSemaphore.CLAIM_NO_PERMITS) {
            ModelChecks.violation("tryAcquireOneAndClaim on an open semaphore returned " + r);
        }
    }

    /** Mpsc send: the waiter claims in its acquiring CAS, or claims separately when assigned from the queue. */
    @Operation
    public void sendWaiter() {
        BatchSemaphore.Waiter w = new BatchSemaphore.Waiter(sem, 1, true);
        acquire(w);
        long c = w.takeClaim();
        claimed(c == BatchSemaphore.NO_CLAIM ? sem.claim() : (int) c);
        if (w.takeClaim() != BatchSemaphore.NO_CLAIM) ModelChecks.violation("takeClaim() reported a claim twice");
        sem.release(1);
    }

    /** Mpsc reserve, then Permit.send: the permit first, the index later with claim(). */
    @Operation
    public void reserveThenClaim() {
        BatchSemaphore.Waiter w = new BatchSemaphore.Waiter(sem, 1);
        acquire(w);
        if (w.takeClaim() != BatchSemaphore.NO_CLAIM) ModelChecks.violation("a non-claiming waiter claimed");
        claimed(sem.claim());
        sem.release(1);
    }

    /** Two permits, polled once and cancelled when pending: queueing, partial assignment, cancel's hand-off. */
    @Operation
    public void acquireTwoPollOnceOrCancel() {
        BatchSemaphore.Waiter w = new BatchSemaphore.Waiter(sem, 2);
        if (w.pollAcquire(new Context(TestWaker.forModelCheck())) == BatchSemaphore.ACQUIRED) sem.release(2);
        else w.cancelAcquire();
    }

    @Validate
    public void countersAgree() {
        int available = sem.availablePermits();
        if (available != PERMITS) {
            ModelChecks.violation("available permits: " + available + " (expected: " + PERMITS + ")");
        }
        if (sem.hasWaiters()) ModelChecks.violation("a waiter is still queued when quiescent");
        int expected = FIRST_CLAIM + claims.get();
        int counter = sem.claimedVolatile();
        if (counter != expected) {
            ModelChecks.violation("claim counter: " + Integer.toUnsignedString(counter) + " (expected: "
                    + Integer.toUnsignedString(expected) + " after " + claims.get() + " claims)");
        }
    }

    @Test
    void modelChecking() {
        ModelChecks.checked(() -> new ModelCheckingOptions().iterations(5).invocationsPerIteration(200)
                .threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1).check(getClass()));
    }

    @Test
    void stress() {
        ModelChecks.checked(() -> new StressOptions().iterations(4).invocationsPerIteration(300)
                .threads(3).actorsPerThread(3).check(getClass()));
    }

    @Test
    @Tag("long")
    void modelCheckingLong() {
        ModelChecks.checked(() -> new ModelCheckingOptions().iterations(25).invocationsPerIteration(400)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1).check(getClass()));
    }
}
