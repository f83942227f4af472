package dev.weft.sync;

/**
 * {@link MutexLincheckScenario} with a bound of 2 ticks on a clock that ticks on every read: some releases wake
 * the oldest waiter to compete, others hand the lock to it directly, and cancellation meets both.
 */
public class MutexHandoffLincheckTest extends MutexLincheckScenario {
    public MutexHandoffLincheckTest() {
        super(2, ticking());
    }
}
