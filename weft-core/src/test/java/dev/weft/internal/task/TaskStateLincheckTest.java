package dev.weft.internal.task;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.ModelChecks;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks {@link Task}'s state word: a wake-up from the task's event source, spurious wake-ups, workers running
 * the task, {@code abort()} and the joiner registering its waker, in every interleaving Lincheck explores.
 *
 * <p>The task's future waits for a source that {@link #complete()} makes ready (the source stores its waker, then
 * re-checks, like every leaf future). A test scheduler counts the task's queue entries, and the workers run it
 * only when they take that entry. Checked on every step: the task is never queued twice (I2), never polled by two
 * threads at once (I1, I3), never polled after completing or after its cancel hook ran, its cancel hook runs at
 * most once, {@code onComplete} at most once (I6). Checked when quiescent ({@link #quiescent()}, after running
 * what is still queued): a ready source or an abort left the task complete (no lost wake-up, no lost abort), a
 * joiner that registered before completion was woken (I5), an aborted task that was not finished by its
 * future ended cancelled with its cancel hook run exactly once.
 *
 * <p><b>Mutation check</b> (done once, then reverted): {@code afterPending} cleared RUNNING without rescheduling
 * when NOTIFIED was set (the I3 requeue dropped, i.e. {@code if ((s & NOTIFIED) != 0) {...}} replaced by the
 * plain CAS of the else branch). The default model check failed in 5 s with "model check found: lost wake-up:
 * the source is ready but the task is neither queued nor complete: Task[1 notified cancel-requested]" (a wake()
 * or abort() that lands while the worker polls only sets a bit; the worker then left the task idle for ever).
 * The stress run did not catch it.
 */
@Tag("lincheck")
public class TaskStateLincheckTest {
    /** Counts queue entries (the run queue holds at most one entry for this task: I2). */
    final class TestScheduler implements TaskScheduler {
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger completions = new AtomicInteger();

        @Override
        public void schedule(Task<?> t) {
            if (queued.getAndIncrement() != 0) ModelChecks.violation("task queued twice (schedule)");
        }

        @Override
        public void reschedule(Task<?> t) {
            if (queued.getAndIncrement() != 0) ModelChecks.violation("task queued twice (reschedule)");
        }

        @Override
        public void onComplete(Task<?> t) {
            if (completions.incrementAndGet() != 1) ModelChecks.violation("onComplete called twice");
        }

        @Override
        public dev.weft.internal.context.Ambient ambient() {
            return null;
        }
    }

    /** The task's future: ready once the source is; stores its waker, then re-checks (the leaf protocol). */
    final class SourceFuture implements Future<Integer> {
        volatile boolean ready;
        volatile Waker waker;
        final AtomicInteger polling = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();
        volatile boolean done;

        @Override
        public Poll<Integer> poll(Context cx) {
            if (polling.getAndIncrement() != 0) ModelChecks.violation("polled by two threads at once");
            try {
                if (done) ModelChecks.violation("polled after it returned Ready");
                if (cancels.get() != 0) ModelChecks.violation("polled after cancel()");
                if (ready) {
                    done = true;
                    return Poll.ready(1);
                }
                waker = cx.waker();
                if (ready) {
                    done = true;
                    return Poll.ready(1);
                }
                return Poll.pending();
            } finally {
                polling.decrementAndGet();
            }
        }

        @Override
        public void cancel() {
            if (cancels.incrementAndGet() != 1) ModelChecks.violation("cancel hook ran twice");
            if (done) ModelChecks.violation("cancel hook ran after Ready");
        }
    }

    private final TestScheduler sched = new TestScheduler();
    private final SourceFuture future = new SourceFuture();
    private final Task<Integer> task = new Task<>(sched, future, 1);
    private volatile boolean aborted;
    private volatile TestWaker joinWaker;
    private volatile boolean joinSawComplete;

    public TaskStateLincheckTest() {
        sched.queued.set(1); // spawned: a new task is NOTIFIED and queued by its spawner
    }

    /** The event source becomes ready and wakes the waker the future stored. */
    @Operation(nonParallelGroup = "source")
    public void complete() {
        future.ready = true;
        Waker w = future.waker;
        if (w != null) w.wake();
    }

    /** A wake-up from elsewhere (a select sibling, a stale waker): must coalesce. */
    @Operation
    public void wake() {
        task.wake();
    }

    /** A worker takes the task's queue entry, if any, and runs it. */
    @Operation
    public void run() {
        int q = sched.queued.get();
        if (q > 0 && sched.queued.compareAndSet(q, q - 1)) task.run(new Context(task));
    }

    @Operation
    public void abort() {
        aborted = true;
        task.abort();
    }

    /** The JoinHandle's owner registers its waker (I5). */
    @Operation(nonParallelGroup = "joiner")
    public void join() {
        TestWaker w = TestWaker.forModelCheck();
        joinWaker = w;
        joinSawComplete = task.registerJoinWaker(w);
    }

    @Validate
    public void quiescent() {
        for (int i = 0; i < 4 && sched.queued.get() > 0; i++) { // the workers run what is still queued
            sched.queued.decrementAndGet();
            task.run(new Context(task));
        }
        if (sched.queued.get() != 0) ModelChecks.violation("task still queued after 4 runs: " + task);
        boolean complete = task.isComplete();
        if (future.ready && !complete) {
            ModelChecks.violation("lost wake-up: the source is ready but the task is neither queued nor complete: "
                    + task);
        }
        if (aborted && !complete) ModelChecks.violation("lost abort: aborted but not complete: " + task);
        if (sched.completions.get() != (complete ? 1 : 0)) {
            ModelChecks.violation("onComplete ran " + sched.completions.get() + " times, complete=" + complete);
        }
        TestWaker jw = joinWaker;
        if (complete && jw != null && !joinSawComplete && !jw.isWoken()) {
            ModelChecks.violation("lost join wake-up: joiner registered before completion and was not woken");
        }
        if (complete && aborted && !future.done) {
            if (!task.outcomeCancelled()) ModelChecks.violation("aborted task did not end cancelled: " + task);
            if (future.cancels.get() != 1) ModelChecks.violation("cancel hook ran " + future.cancels.get() + " times");
        }
        if (complete && future.done && task.outcomeCancelled()) {
            ModelChecks.violation("task finished by its future but reported cancelled");
        }
    }

    @Test
    void modelCheck() {
        ModelChecks.checked(() -> new ModelCheckingOptions().iterations(20).invocationsPerIteration(300)
                .threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1).check(getClass()));
    }

    @Test
    void stress() {
        ModelChecks.checked(() -> new StressOptions().iterations(10).invocationsPerIteration(500)
                .threads(3).actorsPerThread(3).check(getClass()));
    }

    @Test
    @Tag("long")
    void modelCheck_long() {
        ModelChecks.checked(() -> new ModelCheckingOptions().iterations(25).invocationsPerIteration(400)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1).check(getClass()));
    }
}
