package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.stream.LongStream;

/** W14 weft-poll: exercises weft-stream's push-based LongStream pipeline (range.map.filter.map.sum) in one task. */
public final class W14WeftPoll extends WeftRow {
    public W14WeftPoll() {
        super(Workload.W14, "weft-poll", "LongStream.range(0, n).map(x*2).filter(x%3==0).map(x+1).sum(), one task");
    }

    @Override
    public Outcome run(long n) {
        return Outcome.of(onRuntime(pipeline(n)));
    }

    /** The lazy pipeline's fold future (shared with the async row). */
    static dev.weft.future.Future<Long> pipeline(long n) {
        return LongStream.range(0, n).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum();
    }
}
