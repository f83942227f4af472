package dev.weft.bench.jmh;

import dev.weft.future.Context;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Select;
import dev.weft.future.Waker;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a two-branch {@link Select} costs when it completes at its first poll: build it, poll it, run the winning
 * handler and cancel the loser. Branches are a ready and a pending future (random start: half the time the
 * pending one is polled first), or two ready futures, and the same pair {@code biased()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SelectBenchmark {
    static final Integer A = 1;
    static final Integer B = 2;

    Context cx;

    @Setup
    public void setup() {
        cx = new Context(Waker.noop());
    }

    static int value(Poll<Integer> p) {
        if (p instanceof Poll.Ready<Integer> r) return r.value();
        throw new AssertionError("select stayed pending");
    }

    @Benchmark
    public int readyAndPending() {
        return value(Select.<Integer>select()
                .on(Futures.<Integer>pending(), v -> v)
                .on(Futures.ready(A), v -> v + 1)
                .poll(cx));
    }

    @Benchmark
    public int readyAndPending_biased() {
        return value(Select.<Integer>select().biased()
                .on(Futures.ready(A), v -> v + 1)
                .on(Futures.<Integer>pending(), v -> v)
                .poll(cx));
    }

    @Benchmark
    public int twoReady() {
        return value(Select.<Integer>select()
                .on(Futures.ready(A), v -> v)
                .on(Futures.ready(B), v -> v)
                .poll(cx));
    }
}
