package dev.weft.sync;

/** {@link MutexLincheckScenario} with a bound that is never reached: barging and woken retries only. */
public class MutexLincheckTest extends MutexLincheckScenario {
    public MutexLincheckTest() {
        super(Long.MAX_VALUE / 4, () -> 0L);
    }
}
