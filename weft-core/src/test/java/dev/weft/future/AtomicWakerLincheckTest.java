package dev.weft.future;

import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link AtomicWaker}'s no-lost-wake-up guarantee: a consumer that registers and then finds the
 * condition unset is always woken by a producer that sets the condition and then wakes.
 */
public class AtomicWakerLincheckTest {

    private final AtomicWaker slot = new AtomicWaker();
    private volatile boolean ready;
    private final AtomicInteger wakes = new AtomicInteger();
    private volatile boolean consumerMissed;
    private final Waker consumerWaker = wakes::incrementAndGet;

    /** The consumer side of a poll: register, then re-check. Only one thread registers (the contract). */
    @Operation(nonParallelGroup = "consumer")
    public boolean pollOnce() {
        slot.register(consumerWaker);
        boolean seen = ready;
        if (!seen) consumerMissed = true;
        return seen;
    }

    /** The producer side: set the condition, then wake. */
    @Operation
    public void complete() {
        ready = true;
        slot.wake();
    }

    @Operation
    public void spuriousWake() {
        slot.wake();
    }

    /** After every scenario: if the consumer ever missed the condition and a producer ran, it was woken. */
    @Validate
    public void noLostWakeUp() {
        if (consumerMissed && ready && wakes.get() == 0) {
            throw new AssertionError("lost wake-up: the consumer registered, saw no value, and was never woken");
        }
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(300).threads(3).actorsPerThread(2)
                .check(AtomicWakerLincheckTest.class);
    }

    @Test
    void stress() {
        new StressOptions().iterations(10).invocationsPerIteration(1_000).threads(3).actorsPerThread(2)
                .check(AtomicWakerLincheckTest.class);
    }

    @Test
    @Tag("long")
    void modelCheckLong() {
        new ModelCheckingOptions().iterations(40).invocationsPerIteration(500).threads(3).actorsPerThread(3)
                .check(AtomicWakerLincheckTest.class);
    }
}
