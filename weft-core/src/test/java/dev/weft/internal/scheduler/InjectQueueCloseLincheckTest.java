package dev.weft.internal.scheduler;

import dev.weft.internal.task.Task;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks InjectQueue I3, "no task is stranded in a closed queue, and none is cancelled twice", against every
 * interleaving of pushes with the runtime's close-and-drain. The operations return nothing; the property is
 * checked by {@link #nothingStranded()} once all of them have finished: a closed queue holds no task, and every
 * task pushed was cancelled exactly once (by its pusher when refused, else by whoever popped it after the close).
 * A push that passed its first look at {@code closed} but linked its task after the closer's drain (the window
 * the second look closes) leaves that task in the queue, never cancelled.
 *
 * <p>(A first version observed the queue with a popping operation that could run while a late pusher was still
 * draining; it took that pusher's task and reported it as stranded. In the runtime nothing pops a closed queue
 * but the closer and the late pushers, so the property is checked at the end instead.)
 */
@Param(name = "v", gen = IntGen.class, conf = "1:5")
@Tag("lincheck")
public class InjectQueueCloseLincheckTest {
    private final InjectQueue queue = new InjectQueue();
    private final List<ClosedQueueRejectionTest.Pending> pushed = new CopyOnWriteArrayList<>();

    private Task<?> task(int id) {
        ClosedQueueRejectionTest.Pending f = new ClosedQueueRejectionTest.Pending();
        pushed.add(f);
        return new Task<>(ClosedQueueRejectionTest.SCHED, f, id);
    }

    @Operation
    public void push(@Param(name = "v") int v) {
        Task<?> t = task(v);
        if (!queue.push(t)) t.cancelRejected(); // the caller's duty on a refusal, as in the schedulers
    }

    @Operation
    public void pushBatch(@Param(name = "v") int v) {
        Task<?> a = task(v);
        Task<?> b = task(v + 10);
        a.queueNext = b;
        if (!queue.pushBatch(a, b, 2)) {
            a.queueNext = null;
            a.cancelRejected();
            b.cancelRejected();
        }
    }

    /** What MultiThreadScheduler's stop does once its workers are gone. */
    @Operation(nonParallelGroup = "closer")
    public void closeAndDrain() {
        queue.close();
        Task<?> t;
        while ((t = queue.pop()) != null) t.cancelRejected();
    }

    @Validate
    public void nothingStranded() {
        if (!queue.isClosed()) return; // an open queue may hold tasks: workers would take them
        if (queue.pop() != null) throw new AssertionError("a task stranded in the closed queue");
        for (ClosedQueueRejectionTest.Pending f : pushed) {
            if (f.cancels.get() != 1) {
                throw new AssertionError("a task pushed around the close was cancelled " + f.cancels.get()
                        + " times");
            }
        }
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions().iterations(8).invocationsPerIteration(300).threads(2).actorsPerThread(2)
                .actorsBefore(1).actorsAfter(1).check(getClass());
    }

    @Test
    @Tag("long")
    void modelCheck_long() {
        new ModelCheckingOptions().iterations(40).invocationsPerIteration(1_000).threads(3).actorsPerThread(2)
                .actorsBefore(1).actorsAfter(2).check(getClass());
    }
}
