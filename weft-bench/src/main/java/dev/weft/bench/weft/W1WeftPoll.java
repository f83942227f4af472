package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Futures;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/** W1 weft-poll: exercises task spawn + JoinHandle completion of N ready futures, joined in order by one driver. */
public final class W1WeftPoll extends WeftRow {
    public W1WeftPoll() {
        super(Workload.W1, "weft-poll", "driver task spawns N Futures.ready(i) tasks, joins the handles in order");
    }

    @Override
    public Outcome run(long n) {
        int count = Math.toIntExact(n);
        long sum = onRuntime(Futures.lazy(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Long>[] handles = new JoinHandle[count];
            for (int i = 0; i < count; i++) handles[i] = Tasks.spawn(Futures.ready((long) i));
            return handles;
        }).then(handles -> new JoinInOrder<>(handles, Long::longValue)));
        return Outcome.of(sum);
    }
}
