package dev.weft.bench.jmh;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.stream.LongStream;
import dev.weft.stream.Streams;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W14's pipeline, {@code range(0, N).map(x * 2).filter(x % 3 == 0).map(x + 1)} summed, per element: the fused
 * {@link LongStream} loop polled as an executor would (a fresh budget of 128 per poll, so the loop yields every
 * 4,096 elements) and with an unconstrained budget, the boxed {@code Stream<Long>} on its fused push path,
 * sequential {@code java.util.stream.LongStream} as the reference, and a hand-written loop as the ceiling.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class StreamBenchmark {
    static final int N = 1_000_000;

    static <T> T drive(Future<T> f, int budget) {
        Waker w = Waker.noop();
        for (;;) {
            Poll<T> p = f.poll(new Context(w, budget));
            if (p instanceof Poll.Ready<T> r) return r.value();
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long weftLongStream_budget128() {
        return drive(LongStream.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum(),
                Context.DEFAULT_BUDGET);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long weftLongStream_unconstrained() {
        return drive(LongStream.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum(),
                Context.UNCONSTRAINED);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long weftBoxedStream_budget128() {
        return drive(Streams.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).fold(0L, Long::sum),
                Context.DEFAULT_BUDGET);
    }

    /** The ceiling: the same work as a hand-written loop. */
    @Benchmark
    @OperationsPerInvocation(N)
    public long handWrittenLoop() {
        long sum = 0;
        for (long x = 0; x < N; x++) {
            long y = x * 2;
            if (y % 3 == 0) sum += y + 1;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long jdkLongStream() {
        return java.util.stream.LongStream.range(0, N).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum();
    }
}
