package dev.weft.internal.scheduler;

import dev.weft.future.Futures;
import dev.weft.internal.ModelChecks;
import dev.weft.internal.task.Task;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks {@link LocalQueue} (capacity 4) with its owner pushing past capacity, so the overflow path moves
 * half the queue and the new task into the {@link InjectQueue} (I4), while TWO stealers steal into queues of their
 * own and run what they stole (I2: at most one steal at a time; the other must back off), and the owner pops.
 *
 * <p>The overflow outcome depends on whether a steal is in flight, so results are not compared with a sequential
 * run (see {@link LocalQueueLincheckTest}, which checks linearizability without overflow). Instead every task is
 * accounted for: a task taken twice (by pops, steals, a stealer's own pops, or from the injection queue) is recorded
 * on the spot, and when quiescent ({@link #quiescent()}) the owner's queue and the injection queue are drained and
 * every pushed task must have been taken exactly once (no task lost, none duplicated).
 *
 * <p><b>Mutation check</b> (done once, then reverted): {@code stealInto2} did not back off when another steal was
 * in progress (I2's {@code if (srcSteal != srcReal) return 0} removed). The default model check failed (23 s) with
 * "model check found: task 3 taken twice".
 */
@Tag("lincheck")
public class LocalQueueStealersLincheckTest {
    private static final int MAX_TASKS = 16;

    private final InjectQueue inject = new InjectQueue();
    private final LocalQueue queue = new LocalQueue(4);
    private final LocalQueue stealer1 = new LocalQueue(4);
    private final LocalQueue stealer2 = new LocalQueue(4);
    private final AtomicInteger pushed = new AtomicInteger();
    private final AtomicIntegerArray taken = new AtomicIntegerArray(MAX_TASKS);

    public LocalQueueStealersLincheckTest() {
        for (int i = 0; i < 3; i++) { // indices pre-advanced so slots wrap
            queue.pushBack(newTask(), inject);
            take(queue.pop());
        }
    }

    private Task<?> newTask() {
        int id = pushed.getAndIncrement();
        return new Task<>(QueuesStressTest.DUMMY, Futures.ready(id), id);
    }

    private void take(Task<?> t) {
        if (t == null) return;
        if (taken.incrementAndGet((int) t.taskId()) != 1) ModelChecks.violation("task " + t.taskId() + " taken twice");
    }

    /** The owner pushes two tasks (the second overflows when the queue holds 3 or more). */
    @Operation(nonParallelGroup = "owner")
    public void push2() {
        queue.pushBack(newTask(), inject);
        queue.pushBack(newTask(), inject);
    }

    @Operation(nonParallelGroup = "owner")
    public void pop() {
        take(queue.pop());
    }

    /** The owner also takes from the injection queue (where overflow went). */
    @Operation(nonParallelGroup = "owner")
    public void popInject() {
        take(inject.pop());
    }

    @Operation(nonParallelGroup = "stealer1")
    public void steal1() {
        steal(stealer1);
    }

    @Operation(nonParallelGroup = "stealer2")
    public void steal2() {
        steal(stealer2);
    }

    private void steal(LocalQueue own) {
        take(queue.stealInto(own));
        Task<?> t;
        while ((t = own.pop()) != null) take(t);
    }

    @Validate
    public void quiescent() {
        Task<?> t;
        while ((t = queue.pop()) != null) take(t);
        while ((t = inject.pop()) != null) take(t);
        for (int i = 0; i < pushed.get(); i++) {
            if (taken.get(i) != 1) ModelChecks.violation("task " + i + " taken " + taken.get(i) + " times");
        }
    }

    private static <O extends org.jetbrains.lincheck.datastructures.Options<O, ?>> O scenarios(O o) {
        Class<?> c = LocalQueueStealersLincheckTest.class;
        return o.verifier(EpsilonVerifier.class)
                .addCustomScenario(ModelChecks.scenario(c, ModelChecks.ops("push2"), List.of(
                        ModelChecks.ops("push2", "push2"), ModelChecks.ops("steal1"), ModelChecks.ops("steal2")),
                        ModelChecks.ops()));
    }

    @Test
    void modelCheck() {
        ModelChecks.checked(() -> scenarios(new ModelCheckingOptions()).iterations(8).invocationsPerIteration(300)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1).check(getClass()));
    }

    @Test
    void stress() {
        ModelChecks.checked(() -> scenarios(new StressOptions()).iterations(3).invocationsPerIteration(300)
                .threads(3).actorsPerThread(3).check(getClass()));
    }

    @Test
    @Tag("long")
    void modelCheck_long() {
        ModelChecks.checked(() -> scenarios(new ModelCheckingOptions()).iterations(25).invocationsPerIteration(400)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(1).check(getClass()));
    }
}
