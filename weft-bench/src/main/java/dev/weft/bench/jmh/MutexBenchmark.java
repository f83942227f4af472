package dev.weft.bench.jmh;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Mutex;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The async Mutex's micro paths, next to {@code ReentrantLock}: the uncontended lock/unlock pair (one thread,
 * {@code lock()} polled once, guard closed); two platform threads hammering one mutex (a thread whose poll is
 * Pending parks until its waker unparks it, then polls again), which exercises barging, the spin before queueing and
 * the woken waiter's retry; and W9's shape on a 2-worker runtime (1,000 tasks x 100 increments), reported per
 * lock operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class MutexBenchmark {
    static final int TASKS = 1_000;
    static final int INCREMENTS = 100;

    final Mutex<long[]> mutex = Mutex.of(new long[1]);
    final ReentrantLock jdkLock = new ReentrantLock();
    final long[] jdkCounter = new long[1];
    WeftRuntime rt;

    /** A waker that unparks the polling thread (a spinning waiter starves a preempted holder on a loaded machine). */
    static final class ParkWaker implements Waker {
        final Thread owner = Thread.currentThread();
        volatile boolean woken;

        @Override
        public void wake() {
            woken = true;
            LockSupport.unpark(owner);
        }
    }

    /** Per-thread polling context, made on the benchmark thread. */
    @State(Scope.Thread)
    public static class Poller {
        ParkWaker waker;
        Context cx;

        @Setup
        public void setup() {
            waker = new ParkWaker();
            cx = new Context(waker);
        }

        <T> T await(Future<T> f) {
            for (;;) {
                Poll<T> p = f.poll(cx);
                if (p.isReady()) return p.value();
                while (!waker.woken) LockSupport.park(this);
                waker.woken = false;
            }
        }
    }

    @Setup
    public void setup() {
        rt = WeftRuntime.builder().workerThreads(2).build();
    }

    @TearDown
    public void tearDown() {
        rt.close();
    }

    @Benchmark
    @Threads(1)
    public long uncontended_weftMutex(Poller p) {
        try (Mutex.Guard<long[]> g = p.await(mutex.lock())) {
            return ++g.get()[0];
        }
    }

    @Benchmark
    @Threads(1)
    public long uncontended_reentrantLock() {
        jdkLock.lock();
        try {
            return ++jdkCounter[0];
        } finally {
            jdkLock.unlock();
        }
    }

    @Benchmark
    @Threads(2)
    public long twoThreads_weftMutex(Poller p) {
        try (Mutex.Guard<long[]> g = p.await(mutex.lock())) {
            return ++g.get()[0];
        }
    }

    @Benchmark
    @Threads(2)
    public long twoThreads_reentrantLock() {
        jdkLock.lock();
        try {
            return ++jdkCounter[0];
        } finally {
            jdkLock.unlock();
        }
    }

    /** W9's shape, smaller: TASKS tasks on the 2-worker runtime each lock, increment, unlock INCREMENTS times. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(TASKS * INCREMENTS)
    public long w9Shape_tasksOnRuntime() {
        Mutex<long[]> m = Mutex.of(new long[1]);
        rt.blockOn(dev.weft.future.Futures.lazy(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Void>[] hs = new JoinHandle[TASKS];
            for (int t = 0; t < TASKS; t++) hs[t] = Tasks.spawn(new Incrementer(m));
            return hs;
        }).then(hs -> dev.weft.future.Futures.joinAll(java.util.Arrays.asList(hs))));
        long v = m.tryLock().orElseThrow().get()[0];
        if (v != (long) TASKS * INCREMENTS) throw new AssertionError("lost increments: " + v);
        return v;
    }

    /** A hand-written task: INCREMENTS x (lock() future, ++, unlock). */
    static final class Incrementer implements Future<Void> {
        private final Mutex<long[]> mutex;
        private Future<Mutex.Guard<long[]>> locking;
        private int done;

        Incrementer(Mutex<long[]> mutex) {
            this.mutex = mutex;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (done < INCREMENTS) {
                if (locking == null) locking = mutex.lock();
                Poll<Mutex.Guard<long[]>> p = locking.poll(cx);
                if (p.isPending()) return Poll.pending();
                locking = null;
                try (Mutex.Guard<long[]> g = p.value()) {
                    g.get()[0]++;
                }
                done++;
            }
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            if (locking != null) locking.cancel();
        }
    }
}
