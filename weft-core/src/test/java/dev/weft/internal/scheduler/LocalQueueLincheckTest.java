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
 * Model checks LocalQueue (capacity 4, indices pre-advanced so slots wrap) with the owner's push/pop against a
 * stealer's stealInto: the owner's operations form one non-parallel group (single producer), steals another.
 * The sequential specification is the queue itself run sequentially. Pushes are skipped (return false) while
 * the owner sees 2 or more queued tasks, so the overflow path (whose outcome depends on whether a steal is in
 * flight, and is covered by QueuesStressTest) is never taken.
 */
@Param(name = "v", gen = IntGen.class, conf = "0:7")
@Tag("lincheck")
public class LocalQueueLincheckTest {
    private static final Task<?>[] TASKS = new Task<?>[8];

    static {
        for (int i = 0; i < TASKS.length; i++) TASKS[i] = new Task<>(QueuesStressTest.DUMMY, Futures.ready(i), i);
    }

    private final InjectQueue inject = new InjectQueue();
    private final LocalQueue queue = new LocalQueue(4);
    private final LocalQueue stealerQueue = new LocalQueue(4);

    public LocalQueueLincheckTest() {
        for (int i = 0; i < 3; i++) {
            queue.pushBack(TASKS[0], inject);
            queue.pop();
        }
    }

    @Operation(nonParallelGroup = "owner")
    public boolean push(@Param(name = "v") int v) {
        if (queue.len() >= 2) return false;
        queue.pushBack(TASKS[v], inject);
        return true;
    }

    @Operation(nonParallelGroup = "owner")
    public Long pop() {
        Task<?> t = queue.pop();
        return t == null ? null : t.taskId();
    }

    @Operation(nonParallelGroup = "stealer")
    public List<Long> steal() {
        List<Long> out = new ArrayList<>();
        Task<?> t = queue.stealInto(stealerQueue);
        Task<?> m;
        while ((m = stealerQueue.pop()) != null) out.add(m.taskId());
        if (t != null) out.add(t.taskId());
        return out;
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions().iterations(3).invocationsPerIteration(300).threads(2).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(1).check(getClass());
    }

    @Test
    @Tag("long")
    void modelCheck_long() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(500).threads(2).actorsPerThread(3)
                .actorsBefore(2).actorsAfter(1).check(getClass());
    }
}
