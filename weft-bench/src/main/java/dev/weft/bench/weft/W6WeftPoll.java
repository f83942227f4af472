package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Futures;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.time.Duration;

/** W6 weft-poll: exercises the timer wheel: N spawned Sleep tasks (real clock), joined in order. */
public final class W6WeftPoll extends WeftRow {
    public W6WeftPoll() {
        super(Workload.W6, "weft-poll", "driver spawns N Time.sleep(ms) tasks (real timers), joins them in order");
    }

    @Override
    public Outcome run(long n) {
        int count = Math.toIntExact(n);
        long completed = onRuntime(Futures.lazy(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Long>[] handles = new JoinHandle[count];
            for (int i = 0; i < count; i++) {
                long ms = (long) i * 7919 % 1000;
                handles[i] = Tasks.spawn(Time.sleep(Duration.ofMillis(ms)).map(v -> 1L));
            }
            return handles;
        }).then(handles -> new JoinInOrder<>(handles, Long::longValue)));
        return Outcome.of(completed);
    }
}
