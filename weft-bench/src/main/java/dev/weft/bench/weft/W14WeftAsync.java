package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;

/** W14 weft-async: exercises awaiting the LongStream pipeline's fold future from an async block. */
public final class W14WeftAsync extends WeftRow {
    public W14WeftAsync() {
        super(Workload.W14, "weft-async", "async block awaits LongStream.range(0, n).map.filter.map.sum()");
    }

    @Override
    public Outcome run(long n) {
        return Outcome.of(onRuntime(Async.async(() -> W14WeftPoll.pipeline(n).await())));
    }
}
