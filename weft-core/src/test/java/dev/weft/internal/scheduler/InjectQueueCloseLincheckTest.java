package dev.weft.internal.scheduler;

import dev.weft.future.Futures;
import dev.weft.internal.task.Task;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks InjectQueue I3, "no task is stranded in a closed queue", against every interleaving of pushes with
 * the runtime's close-and-drain. Pushes and the close return nothing, so the one observable result is
 * {@link #leftover()}: how many tasks are still queued. The specification ({@link Spec}) says a closed queue holds
 * none: whatever was pushed before the close was drained, and a push after it was refused. A push that passed its
 * first look at {@code closed} but linked its task after the closer's drain (the window the second look closes)
 * shows up as a leftover of 1 where the specification says 0. The two consuming operations share one thread
 * (a non-parallel group): each pops until empty, which is atomic against pushes but not against another such
 * loop taking half of the same tasks.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:5")
@Tag("lincheck")
public class InjectQueueCloseLincheckTest {
    private final InjectQueue queue = new InjectQueue();

    @Operation
    public void push(@Param(name = "v") int v) {
        Task<?> t = new Task<>(QueuesStressTest.DUMMY, Futures.ready(v), v);
        if (!queue.push(t)) t.cancelRejected(); // the caller's duty on a refusal, as in the schedulers
    }

    @Operation
    public void pushBatch(@Param(name = "v") int v) {
        Task<?> a = new Task<>(QueuesStressTest.DUMMY, Futures.ready(v), v);
        Task<?> b = new Task<>(QueuesStressTest.DUMMY, Futures.ready(v + 10), v + 10);
        a.queueNext = b;
        if (!queue.pushBatch(a, b, 2)) {
            a.queueNext = null;
            a.cancelRejected();
            b.cancelRejected();
        }
    }

    /** What MultiThreadScheduler's stop does once its workers are gone. */
    @Operation(nonParallelGroup = "consumer")
    public void closeAndDrain() {
        queue.close();
        Task<?> t;
        while ((t = queue.pop()) != null) t.cancelRejected();
    }

    @Operation(nonParallelGroup = "consumer")
    public int leftover() {
        int n = 0;
        while (queue.pop() != null) n++;
        return n;
    }

    /** The specification: a closed queue refuses pushes and holds nothing. */
    public static final class Spec {
        private boolean closed;
        private int queued;

        public void push(int v) {
            if (!closed) queued++;
        }

        public void pushBatch(int v) {
            if (!closed) queued += 2;
        }

        public void closeAndDrain() {
            closed = true;
            queued = 0;
        }

        public int leftover() {
            int n = queued;
            queued = 0;
            return n;
        }
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions().iterations(8).invocationsPerIteration(300).threads(2).actorsPerThread(2)
                .actorsBefore(1).actorsAfter(1).sequentialSpecification(Spec.class).check(getClass());
    }

    @Test
    @Tag("long")
    void modelCheck_long() {
        new ModelCheckingOptions().iterations(40).invocationsPerIteration(1_000).threads(3).actorsPerThread(2)
                .actorsBefore(1).actorsAfter(2).sequentialSpecification(Spec.class).check(getClass());
    }
}
