package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.time.Duration;

/** W6 weft-async: exercises N async blocks each parked in Time.sleep(ms).await() on the real timer wheel. */
public final class W6WeftAsync extends WeftRow {
    public W6WeftAsync() {
        super(Workload.W6, "weft-async", "N Tasks.spawnAsync(() -> Time.sleep(ms).await()), awaited in order");
    }

    @Override
    public Outcome run(long n) {
        int count = Math.toIntExact(n);
        long completed = onRuntime(Async.async(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Long>[] handles = new JoinHandle[count];
            for (int i = 0; i < count; i++) {
                Duration d = Duration.ofMillis((long) i * 7919 % 1000);
                handles[i] = Tasks.spawnAsync(() -> {
                    Time.sleep(d).await();
                    return 1L;
                });
            }
            long done = 0;
            for (JoinHandle<Long> h : handles) done += h.await();
            return done;
        }));
        return Outcome.of(completed);
    }
}
