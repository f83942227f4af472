package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.runtime.Deadlock;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Barrier;
import dev.weft.sync.Mutex;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The seed's pitfall 6, "Holding Locks Across Await Points": release a lock before a long await.
 *
 * <pre>{@code
 * // Bad: lock held during await
 * async fn bad_example(mutex: &Mutex<Data>) {
 *     let guard = mutex.lock().await;
 *     long_operation().await;  // Lock held entire time!
 * }
 *
 * // Good: release lock before await
 * async fn good_example(mutex: &Mutex<Data>) {
 *     let data = {
 *         let guard = mutex.lock().await;
 *         guard.clone()  // Lock released here
 *     };
 *     long_operation(&data).await;
 * }
 * }</pre>
 *
 * <p>Rust releases the guard when its block ends; Java releases it at the end of the {@code try}-with-resources
 * block. To show the difference, each version runs beside another task that wants the same lock 100 ms in,
 * while {@code long_operation} (500 ms) is under way: with the bad version it waits until
 * {@code long_operation} has finished; with the good one it gets the lock at once.
 *
 * <p>Worse: when the long await is for <em>another lock</em>, and another task takes the two locks in the opposite
 * order, neither can go on, ever. The last part builds that deadlock on purpose on a runtime with
 * {@code WeftRuntime.Builder.detectDeadlocks}, prints the detector's report (the cycle, each task's stack and spawn
 * site), then aborts one task: its guard is closed as its async block unwinds, and the other task finishes.
 */
public final class PitfallLockAcrossAwait implements Example {

    /** The seed's {@code Data}; a record, so "clone" is just sharing the immutable value. */
    record Data(String name, int version) {}

    private final AtomicBoolean longOperationRunning = new AtomicBoolean();

    /** {@code async fn long_operation()}: 500 ms of work. */
    Future<Void> longOperation() {
        return Async.async(() -> {
            longOperationRunning.set(true);
            try {
                Time.sleep(Duration.ofMillis(500)).await();
            } finally {
                longOperationRunning.set(false);
            }
        });
    }

    /** {@code async fn long_operation(&data)}. */
    Future<Void> longOperation(Data data) {
        return longOperation();
    }

    /** Bad: lock held during await. */
    Future<Void> badExample(Mutex<Data> mutex) {
        return Async.async(() -> {
            try (Mutex.Guard<Data> guard = mutex.lock().await()) {
                longOperation().await(); // Lock held entire time!
            }
        });
    }

    /** Good: release lock before await. */
    Future<Void> goodExample(Mutex<Data> mutex) {
        return Async.async(() -> {
            Data data;
            try (Mutex.Guard<Data> guard = mutex.lock().await()) {
                data = guard.get(); // the clone
            } // Lock released here
            longOperation(data).await();
        });
    }

    /** Another task that wants the lock 100 ms in; reports whether long_operation was still running then. */
    Future<Boolean> otherTaskGotLockWhileRunning(Mutex<Data> mutex) {
        return Async.async(() -> {
            Time.sleep(Duration.ofMillis(100)).await();
            try (Mutex.Guard<Data> guard = mutex.lock().await()) {
                return longOperationRunning.get();
            }
        });
    }

    @Override
    public String name() {
        return "pitfall-lock-across-await";
    }

    @Override
    public String summary() {
        return "Pitfall 6: holding a lock across an await - other tasks wait; copy, release, then await";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Mutex<Data> mutex = new Mutex<>(new Data("config", 1));

            JoinHandle<Void> bad = Tasks.spawn(badExample(mutex));
            boolean meanwhile = Tasks.spawn(otherTaskGotLockWhileRunning(mutex)).await();
            bad.await();
            out.println("Bad:  lock held across long_operation().await - another task got the lock "
                    + (meanwhile ? "while long_operation was running" : "only after long_operation finished"));

            JoinHandle<Void> good = Tasks.spawn(goodExample(mutex));
            meanwhile = Tasks.spawn(otherTaskGotLockWhileRunning(mutex)).await();
            good.await();
            out.println("Good: lock released before long_operation(&data).await - another task got the lock "
                    + (meanwhile ? "while long_operation was running" : "only after long_operation finished"));
        });
        deadlock(out, clock);
    }

    /** Takes {@code first}, waits until the other task holds its first lock too, then takes {@code second}. */
    Future<Void> transfer(Mutex<Integer> first, Mutex<Integer> second, Barrier bothHoldOne) {
        return Async.run(() -> {
            try (Mutex.Guard<Integer> from = first.lock().await()) {
                bothHoldOne.waitAll().await(); // the other task holds its first lock now
                try (Mutex.Guard<Integer> to = second.lock().await()) { // held across this await: deadlock
                    to.set(to.get() + 1);
                    from.set(from.get() - 1);
                }
            }
        });
    }

    /** Worse: two tasks hold one lock each across an await of the other's, taken in opposite order. */
    void deadlock(PrintStream out, Clock clock) {
        LinkedBlockingQueue<Deadlock> found = new LinkedBlockingQueue<>();
        try (WeftRuntime rt = clock.runtime().name("pitfall-lock-order").detectDeadlocks(Duration.ofMillis(50))
                .captureSpawnSites(true).onDeadlock(found::add).build()) {
            rt.blockOn(Async.run(() -> {
                Mutex<Integer> accounts = new Mutex<>(100);
                Mutex<Integer> audit = new Mutex<>(0);
                Barrier bothHoldOne = new Barrier(2);
                JoinHandle<Void> first = Tasks.spawn("transfer accounts->audit", transfer(accounts, audit, bothHoldOne));
                JoinHandle<Void> second = Tasks.spawn("transfer audit->accounts", transfer(audit, accounts, bothHoldOne));
                Deadlock d = found.poll(30, TimeUnit.SECONDS); // the detector's report; also logged at WARNING
                if (d == null) {
                    out.println("Worse: no deadlock was reported within 30 s");
                    return;
                }
                out.println("Worse: each task holds one lock across an await of the other's lock - the detector"
                        + " reports:");
                out.print(d);
                first.abort(); // its async block unwinds: try-with-resources releases its lock
                first.outcome().await();
                second.await();
                out.println("Aborted " + first.id() + ": its lock was released and " + second.id() + " finished");
            }));
        }
    }

    public static void main(String[] args) {
        new PitfallLockAcrossAwait().run(System.out, Clock.REAL);
    }
}
