package dev.weft.bench.jmh;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.WeftRuntime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What waking a task from another task costs: two tasks on a 2-worker runtime pass a turn back and forth
 * {@value #ROUNDS} times through a volatile flag and one {@link AtomicWaker} each (register, re-check, wake),
 * so every hand-off is a cross-task wake-up (the LIFO slot when both run on one worker, a remote wake
 * otherwise). Reported per hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WakeBenchmark {
    static final int ROUNDS = 1000;

    WeftRuntime rt;

    @Setup
    public void setup() {
        rt = WeftRuntime.builder().workerThreads(2).build();
    }

    @TearDown
    public void tearDown() {
        rt.close();
    }

    /** The shared turn: whose move it is, and where each side waits. */
    static final class Court {
        volatile int turn; // 0 or 1
        final AtomicWaker[] wakers = {new AtomicWaker(), new AtomicWaker()};
    }

    /** Side {@code me}: waits for its turn, hands it over, ROUNDS times. */
    static final class Player implements Future<Integer> {
        private final Court court;
        private final int me;
        private int played;

        Player(Court court, int me) {
            this.court = court;
            this.me = me;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            while (played < ROUNDS) {
                if (court.turn != me) {
                    court.wakers[me].register(cx.waker());
                    if (court.turn != me) return Poll.pending(); // re-checked after registering
                }
                played++;
                court.turn = 1 - me;
                court.wakers[1 - me].wake();
            }
            return Poll.ready(played);
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public int pingPong() {
        Court court = new Court();
        return rt.blockOn(rt.spawn(Futures.lazy(() -> court).then(c -> {
            var b = dev.weft.task.Tasks.spawn(new Player(c, 1));
            return Futures.join(new Player(c, 0), b).map(j -> j.first() + j.second());
        })));
    }
}
