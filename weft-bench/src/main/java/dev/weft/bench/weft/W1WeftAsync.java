package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/** W1 weft-async: exercises spawning N async blocks (a virtual thread each) and awaiting their handles in order. */
public final class W1WeftAsync extends WeftRow {
    public W1WeftAsync() {
        super(Workload.W1, "weft-async", "async block spawns N Tasks.spawnAsync(() -> i), awaits the handles in order");
    }

    @Override
    public Outcome run(long n) {
        int count = Math.toIntExact(n);
        long sum = onRuntime(Async.async(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Long>[] handles = new JoinHandle[count];
            for (int i = 0; i < count; i++) {
                long v = i;
                handles[i] = Tasks.spawnAsync(() -> v);
            }
            long s = 0;
            for (JoinHandle<Long> h : handles) s += h.await();
            return s;
        }));
        return Outcome.of(sum);
    }
}
