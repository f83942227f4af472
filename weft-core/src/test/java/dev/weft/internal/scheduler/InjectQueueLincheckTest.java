package dev.weft.internal.scheduler;

import dev.weft.future.Futures;
import dev.weft.internal.task.Task;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks InjectQueue: lock-free pushes (one task, or a linked batch of two) from two producers against
 * pops (one, or a batch of up to three) from two consumers. The sequential specification is {@link Fifo}, a plain
 * FIFO of the tasks' ids (InjectQueue I1: tasks leave in the order their pushes took effect). Every push links fresh
 * Task objects (a task is queued at most once at a time, as in the runtime); their ids carry the values.
 * {@code len()} is left out: it may count a push whose CAS has not landed (I2), which is its contract, not a
 * linearizable size. The close race (I3) is covered by QueuesStressTest.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:9")
@Tag("lincheck")
public class InjectQueueLincheckTest {
    private final InjectQueue queue = new InjectQueue();

    private static Task<?> task(int id) {
        return new Task<>(QueuesStressTest.DUMMY, Futures.ready(id), id);
    }

    @Operation
    public boolean push(@Param(name = "v") int v) {
        return queue.push(task(v));
    }

    @Operation
    public boolean pushBatch(@Param(name = "v") int v) {
        Task<?> a = task(v);
        Task<?> b = task(v + 10);
        a.queueNext = b;
        return queue.pushBatch(a, b, 2);
    }

    @Operation
    public Long pop() {
        Task<?> t = queue.pop();
        return t == null ? null : t.taskId();
    }

    @Operation
    public List<Long> popBatch() {
        List<Long> out = new ArrayList<>();
        for (Task<?> t = queue.popBatch(3); t != null; t = t.queueNext) out.add(t.taskId());
        return out;
    }

    /** The specification: what the queue must look like from outside, run one operation at a time. */
    public static final class Fifo {
        private final java.util.ArrayDeque<Long> ids = new java.util.ArrayDeque<>();

        public boolean push(int v) {
            ids.addLast((long) v);
            return true;
        }

        public boolean pushBatch(int v) {
            ids.addLast((long) v);
            ids.addLast((long) v + 10);
            return true;
        }

        public Long pop() {
            return ids.pollFirst();
        }

        public List<Long> popBatch() {
            List<Long> out = new ArrayList<>();
            while (out.size() < 3 && !ids.isEmpty()) out.add(ids.pollFirst());
            return out;
        }
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions().iterations(4).invocationsPerIteration(300).threads(3).actorsPerThread(2)
                .actorsBefore(2).actorsAfter(2).sequentialSpecification(Fifo.class).check(getClass());
    }

    @Test
    @Tag("long")
    void modelCheck_long() {
        new ModelCheckingOptions().iterations(30).invocationsPerIteration(1_000).threads(3).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(2).sequentialSpecification(Fifo.class).check(getClass());
    }
}
