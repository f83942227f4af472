package dev.weft.bench.jmh;

import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.time.Duration;
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
 * What a timer costs when it never fires (W13's per-message sleep): create a {@link Sleep}, poll it once (which
 * registers it in the runtime's timing wheel) and cancel it (which removes it), {@value #BATCH} times inside one
 * {@code blockOn} of a current-thread runtime, so the sleeps see the runtime's time driver. Also the variant that
 * reuses one sleep with {@link Sleep#reset}. Reported per sleep.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimerBenchmark {
    static final int BATCH = 1000;
    static final Duration DELAY = Duration.ofSeconds(1);

    WeftRuntime rt;

    @Setup
    public void setup() {
        rt = WeftRuntime.currentThread().build();
    }

    @TearDown
    public void tearDown() {
        rt.close();
    }

    /** New sleep, register (first poll), cancel. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int freshSleep_registerCancel() {
        return rt.blockOn(Futures.pollFn(cx -> {
            int pending = 0;
            for (int i = 0; i < BATCH; i++) {
                Sleep s = Time.sleep(DELAY);
                if (s.poll(cx).isPending()) pending++;
                s.cancel();
            }
            return Poll.ready(pending);
        }));
    }

    /** One sleep re-armed with reset(now + 1 s) and polled: the allocation-free variant. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int reusedSleep_resetPoll() {
        return rt.blockOn(Futures.pollFn(cx -> {
            int pending = 0;
            Sleep s = Time.sleep(DELAY);
            for (int i = 0; i < BATCH; i++) {
                s.reset(Time.now(cx).plus(DELAY));
                if (s.poll(cx).isPending()) pending++;
            }
            s.cancel();
            return Poll.ready(pending);
        }));
    }
}
