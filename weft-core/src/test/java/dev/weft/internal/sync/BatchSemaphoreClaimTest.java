package dev.weft.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testkit.TestWaker;
import org.junit.jupiter.api.Test;

/**
 * The claim counter in the upper half of {@link BatchSemaphore}'s state word (its I8): the merged acquire-and-claim
 * CAS, claims for permits held already, and that every other state change (release, queueing, assignment, cancel,
 * close) leaves the counter alone while claims move it, including across its wrap at 2^32.
 */
class BatchSemaphoreClaimTest {
    private static final long U32 = 1L << 32;

    @Test
    void tryAcquireOneAndClaim_permitsAvailable_takesOnePermitAndReturnsConsecutiveIndices() {
        BatchSemaphore sem = new BatchSemaphore(3);
        assertThat(sem.tryAcquireOneAndClaim()).isZero();
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(1);
        assertThat(sem.availablePermits()).isEqualTo(1);
        assertThat(sem.claimedVolatile()).isEqualTo(2);
    }

    @Test
    void tryAcquireOneAndClaim_noPermitsOrClosed_returnsTheCodeAndClaimsNothing() {
        BatchSemaphore sem = new BatchSemaphore(1, 40);
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(40);
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(BatchSemaphore.CLAIM_NO_PERMITS);
        sem.release(1);
        sem.close();
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(BatchSemaphore.CLAIM_CLOSED);
        assertThat(sem.claimedVolatile()).isEqualTo(41);
        assertThat(sem.isClosedWithAvailable(1)).isTrue();
    }

    @Test
    void claim_counterJustBelow2To32_wrapsToZeroAndLeavesPermitsAndFlags() {
        BatchSemaphore sem = new BatchSemaphore(3, -2); // 2^32 - 2
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(U32 - 2);
        assertThat(sem.claim()).isEqualTo(-1); // 2^32 - 1 as an int
        assertThat(sem.tryAcquireOneAndClaim()).isZero(); // wrapped: no carry into the permits below
        assertThat(sem.claim()).isEqualTo(1);
        assertThat(sem.claimedVolatile()).isEqualTo(2);
        assertThat(sem.availablePermits()).isEqualTo(1);
        assertThat(sem.isClosed()).isFalse();
        assertThat(sem.hasWaiters()).isFalse();
        sem.release(2);
        assertThat(sem.availablePermits()).isEqualTo(3);
        assertThat(sem.claimedVolatile()).isEqualTo(2);
    }

    @Test
    void tryAcquireOneAndClaim_whileASenderWaits_neverOvertakesIt() {
        BatchSemaphore sem = new BatchSemaphore(1);
        assertThat(sem.tryAcquireOneAndClaim()).isZero();
        TestWaker w = new TestWaker();
        BatchSemaphore.Waiter waiter = new BatchSemaphore.Waiter(sem, 1, true);
        assertThat(waiter.pollAcquire(w.context())).isEqualTo(BatchSemaphore.PENDING);
        sem.release(1); // assigned to the waiter (I2), not to the count
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(BatchSemaphore.CLAIM_NO_PERMITS);
        assertThat(w.isWoken()).isTrue();
        assertThat(waiter.pollAcquire(w.context())).isEqualTo(BatchSemaphore.ACQUIRED);
        assertThat(waiter.takeClaim()).as("assigned: no claim in any CAS").isEqualTo(BatchSemaphore.NO_CLAIM);
        assertThat(sem.claim()).isEqualTo(1);
    }

    @Test
    void waiter_permitFreeOnFirstPoll_claimsInItsAcquiringCasOnce() {
        BatchSemaphore sem = new BatchSemaphore(2, 7);
        BatchSemaphore.Waiter claiming = new BatchSemaphore.Waiter(sem, 1, true);
        assertThat(claiming.pollAcquire(new TestWaker().context())).isEqualTo(BatchSemaphore.ACQUIRED);
        assertThat(claiming.takeClaim()).isEqualTo(7);
        assertThat(claiming.takeClaim()).isEqualTo(BatchSemaphore.NO_CLAIM);
        BatchSemaphore.Waiter plain = new BatchSemaphore.Waiter(sem, 1);
        assertThat(plain.pollAcquire(new TestWaker().context())).isEqualTo(BatchSemaphore.ACQUIRED);
        assertThat(plain.takeClaim()).isEqualTo(BatchSemaphore.NO_CLAIM);
        assertThat(sem.claimedVolatile()).isEqualTo(8);
        assertThat(sem.availablePermits()).isZero();
    }

    @Test
    void waiter_claimsIndexForTwoPermits_throwsNamingTheValue() {
        BatchSemaphore sem = new BatchSemaphore(2);
        assertThatThrownBy(() -> new BatchSemaphore.Waiter(sem, 2, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits: 2 (expected: 1 for a waiter that claims an index)");
    }

    @Test
    void claim_whileWaitersQueued_keepsTheWaitersBitAndEveryAssignment() {
        BatchSemaphore sem = new BatchSemaphore(2, -1);
        assertThat(sem.tryAcquire(2)).isEqualTo(BatchSemaphore.OK);
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        BatchSemaphore.Waiter two = new BatchSemaphore.Waiter(sem, 2);
        BatchSemaphore.Waiter one = new BatchSemaphore.Waiter(sem, 1, true);
        assertThat(two.pollAcquire(w1.context())).isEqualTo(BatchSemaphore.PENDING);
        assertThat(one.pollAcquire(w2.context())).isEqualTo(BatchSemaphore.PENDING);
        assertThat(sem.claim()).isEqualTo(-1); // the counter moves while W is set...
        sem.release(1); // ...a partial assignment to the head (I3), under the lock
        assertThat(sem.claim()).isZero();
        assertThat(sem.hasWaiters()).isTrue();
        assertThat(sem.availablePermits()).isZero();
        two.cancelAcquire(); // hands its partial permit to `one` (I5) and clears W: the counter stays
        assertThat(w2.isWoken()).isTrue();
        assertThat(sem.hasWaiters()).isFalse();
        assertThat(one.pollAcquire(w2.context())).isEqualTo(BatchSemaphore.ACQUIRED);
        assertThat(one.takeClaim()).isEqualTo(BatchSemaphore.NO_CLAIM);
        assertThat(sem.claimedVolatile()).isEqualTo(1);
        sem.release(1);
        sem.release(1);
        assertThat(sem.availablePermits()).isEqualTo(2);
        assertThat(sem.claimedVolatile()).isEqualTo(1);
    }

    @Test
    void close_withClaimsAndAPartialAssignment_keepsTheCounterAndReturnsThePermit() {
        BatchSemaphore sem = new BatchSemaphore(1, 10);
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(10);
        BatchSemaphore.Waiter two = new BatchSemaphore.Waiter(sem, 2);
        TestWaker w = new TestWaker();
        assertThat(two.pollAcquire(w.context())).isEqualTo(BatchSemaphore.PENDING);
        sem.release(1); // partial: the waiter needs one more
        assertThat(sem.claim()).isEqualTo(11);
        sem.close();
        assertThat(w.isWoken()).isTrue();
        assertThat(two.pollAcquire(w.context())).isEqualTo(BatchSemaphore.CLOSED);
        assertThat(sem.isClosedWithAvailable(1)).as("the partial assignment went back (I5)").isTrue();
        assertThat(sem.claimedVolatile()).isEqualTo(12);
        assertThat(sem.claim()).as("a held permit still claims after the close").isEqualTo(12);
        assertThat(sem.tryAcquireOneAndClaim()).isEqualTo(BatchSemaphore.CLAIM_CLOSED);
        sem.release(1);
        assertThat(sem.isClosedWithAvailable(2)).isTrue();
        assertThat(sem.claimedVolatile()).isEqualTo(13);
    }

    @Test
    void release_manyPermitsAtMaxCounter_neverCarriesIntoTheCounter() {
        BatchSemaphore sem = new BatchSemaphore(0, -1);
        sem.release(BatchSemaphore.MAX_PERMITS);
        assertThat(sem.availablePermits()).isEqualTo(BatchSemaphore.MAX_PERMITS);
        assertThat(sem.claimedVolatile()).isEqualTo(-1);
        assertThatThrownBy(() -> sem.release(1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sem.tryAcquire(BatchSemaphore.MAX_PERMITS)).isEqualTo(BatchSemaphore.OK);
        assertThat(sem.availablePermits()).isZero();
        assertThat(sem.claimedVolatile()).isEqualTo(-1);
    }
}
