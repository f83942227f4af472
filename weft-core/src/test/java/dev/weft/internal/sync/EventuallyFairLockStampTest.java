package dev.weft.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testkit.TestWaker;
import org.junit.jupiter.api.Test;

/**
 * Ownership stamps (EventuallyFairLock I10): a release with a stamp whose ownership has ended does nothing, so a
 * guard released twice never releases the next owner's lock; hand-offs and barging acquisitions each start a new
 * ownership.
 */
class EventuallyFairLockStampTest {

    /** A waiter as Mutex's lock() future drives it. */
    static final class Acquisition extends EventuallyFairLock.Waiter {
        Acquisition(EventuallyFairLock owner) {
            super(owner);
        }
    }

    @Test
    void staleRelease_afterTheNextOwnerTookTheLock_leavesItHeld() {
        EventuallyFairLock lock = new EventuallyFairLock(EventuallyFairLock.DEFAULT_HANDOFF_NANOS, () -> 0L, 0);
        int first = lock.tryAcquire();
        assertThat(first).isNotNegative();
        assertThat(lock.release(first)).isTrue();
        assertThat(lock.release(first)).as("a second release of the same ownership").isFalse();
        assertThat(lock.isLocked()).isFalse();

        int second = lock.tryAcquire();
        assertThat(second).isNotEqualTo(first);
        assertThat(lock.release(first)).as("the first owner's late release").isFalse();
        assertThat(lock.isLocked()).as("the second owner still holds the lock").isTrue();
        assertThat(lock.tryAcquire()).isEqualTo(EventuallyFairLock.PENDING);
        assertThat(lock.release(second)).isTrue();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void handOff_startsANewOwnership_thePreviousStampCannotReleaseIt() {
        long[] now = {0};
        EventuallyFairLock lock = new EventuallyFairLock(10, () -> now[0], 0);
        int holder = lock.tryAcquire();
        Acquisition waiter = new Acquisition(lock);
        TestWaker w = new TestWaker();
        assertThat(waiter.pollAcquire(w.context())).isEqualTo(EventuallyFairLock.PENDING);
        now[0] = 10; // the head waited the bound: the release hands the lock to it
        assertThat(lock.release(holder)).isTrue();
        assertThat(w.isWoken()).isTrue();
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.release(holder)).as("the old owner after the hand-off").isFalse();
        assertThat(lock.isLocked()).isTrue();

        int handedOff = waiter.pollAcquire(w.context());
        assertThat(handedOff).isNotNegative().isNotEqualTo(holder);
        assertThat(lock.release(handedOff)).isTrue();
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.hasWaiters()).isFalse();
    }

    @Test
    void cancelledAfterHandOff_releasesWithItsOwnStamp() {
        long[] now = {0};
        EventuallyFairLock lock = new EventuallyFairLock(10, () -> now[0], 0);
        int holder = lock.tryAcquire();
        Acquisition waiter = new Acquisition(lock);
        assertThat(waiter.pollAcquire(new TestWaker().context())).isEqualTo(EventuallyFairLock.PENDING);
        now[0] = 10;
        assertThat(lock.release(holder)).isTrue(); // handed to the waiter, which is cancelled before reporting it
        waiter.cancelAcquire();
        assertThat(lock.isLocked()).as("the cancelled waiter released what it was handed").isFalse();
        int next = lock.tryAcquire();
        assertThat(next).isNotNegative();
        assertThat(lock.release(holder)).isFalse();
        assertThat(lock.isLocked()).isTrue();
    }
}
