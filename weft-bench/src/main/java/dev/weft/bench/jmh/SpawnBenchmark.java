package dev.weft.bench.jmh;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.util.ArrayList;
import java.util.List;
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
 * What spawning and joining a task costs: a driver task on a 2-worker runtime spawns {@value #BATCH} tasks of a
 * ready future and joins their handles in order (W1's inner loop). Reported per spawned task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpawnBenchmark {
    static final int BATCH = 1000;
    static final Integer ONE = 1;

    WeftRuntime rt;

    @Setup
    public void setup() {
        rt = WeftRuntime.builder().workerThreads(2).build();
    }

    @TearDown
    public void tearDown() {
        rt.close();
    }

    /** Spawns BATCH ready tasks from a task (worker-local queue) and joins them in order. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int spawnJoin_fromTask() {
        Future<List<Integer>> driver = Futures.lazy(() -> {
            List<JoinHandle<Integer>> handles = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) handles.add(Tasks.spawn(Futures.ready(ONE)));
            return handles;
        }).then(Futures::joinAll);
        return rt.blockOn(rt.spawn(driver)).size();
    }
}
