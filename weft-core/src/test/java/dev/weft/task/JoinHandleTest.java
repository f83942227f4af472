package dev.weft.task;

import static dev.weft.task.TestFutures.awaitLatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Select;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.TestFutures.Forever;
import dev.weft.task.TestFutures.Settable;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class JoinHandleTest {

    /** A future whose first poll blocks on {@code release} (allowed in a test, to force an interleaving). */
    static final class BlockingPoll<T> implements Future<T> {
        final CountDownLatch inPoll = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();
        private final T readyValue; // null: stay pending

        BlockingPoll(T readyValue) {
            this.readyValue = readyValue;
        }

        @Override
        public Poll<T> poll(Context cx) {
            polls.incrementAndGet();
            inPoll.countDown();
            awaitLatch(release, "release");
            return readyValue == null ? Poll.pending() : Poll.ready(readyValue);
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    private static WeftRuntime multi(int workers) {
        return WeftRuntime.multiThread().workerThreads(workers).build();
    }

    @Test
    void await_returnsValue() {
        try (WeftRuntime rt = multi(2)) {
            JoinHandle<String> h = rt.spawn(Futures.ready("v"));
            assertThat(h.await()).isEqualTo("v");
            assertThat(h.isFinished()).isTrue();
        }
    }

    @Test
    void abort_beforeFirstPoll_currentThread_cancelsWithoutPolling() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Forever<String> f = new Forever<>();
            JoinHandle<String> h = rt.spawn(f); // queued: nothing runs until blockOn
            h.abort();
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Cancelled.class)
                    .hasMessageContaining(h.id().toString());
            assertThat(f.polls).hasValue(0);
            assertThat(f.cancels).hasValue(1);
        }
    }

    @Test
    void abort_beforeFirstPoll_multiThread_cancelsWithoutPolling() {
        try (WeftRuntime rt = multi(1)) {
            BlockingPoll<String> blocker = new BlockingPoll<>("done");
            JoinHandle<String> b = rt.spawn(blocker);
            awaitLatch(blocker.inPoll, "blocker polled");
            Forever<String> f = new Forever<>();
            JoinHandle<String> h = rt.spawn(f); // the only worker is busy: h stays queued
            h.abort();
            h.abort();
            blocker.release.countDown();
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            assertThat(f.polls).hasValue(0);
            assertThat(f.cancels).hasValue(1);
            assertThat(b.await()).isEqualTo("done");
        }
    }

    @Test
    void abort_duringPoll_cancelsAfterThePollReturnsPending() {
        try (WeftRuntime rt = multi(2)) {
            BlockingPoll<String> f = new BlockingPoll<>(null);
            JoinHandle<String> h = rt.spawn(f);
            awaitLatch(f.inPoll, "first poll");
            h.abort();
            assertThat(f.cancels).as("cancel() never runs while the future is being polled").hasValue(0);
            assertThat(h.isFinished()).isFalse();
            f.release.countDown();
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            assertThat(f.cancels).hasValue(1);
            assertThat(f.polls).hasValue(1);
        }
    }

    @Test
    void abort_duringPollThatCompletes_keepsTheValue() {
        try (WeftRuntime rt = multi(2)) {
            BlockingPoll<String> f = new BlockingPoll<>("value");
            JoinHandle<String> h = rt.spawn(f);
            awaitLatch(f.inPoll, "first poll");
            h.abort();
            f.release.countDown();
            assertThat(h.await()).isEqualTo("value");
            assertThat(f.cancels).as("a completed future is never cancelled").hasValue(0);
        }
    }

    @Test
    void abort_whileIdle_cancelsInPlaceOnTheCallingThread() {
        try (WeftRuntime rt = multi(2)) {
            Thread self = Thread.currentThread();
            AtomicReference<Thread> cancelThread = new AtomicReference<>();
            Forever<String> g = new Forever<>() {
                @Override
                public void cancel() {
                    cancelThread.set(Thread.currentThread());
                    super.cancel();
                }
            };
            JoinHandle<String> h2 = rt.spawn(g);
            awaitLatch(g.firstPoll, "first poll");
            // the poll may still be returning: wait until the task is idle (neither queued nor running)
            while (!h2.task().toString().contains("idle")) Thread.onSpinWait();
            h2.abort();
            assertThat(g.cancels).hasValue(1);
            assertThat(cancelThread.get()).isSameAs(self);
            assertThat(h2.isFinished()).isTrue();
            assertThatThrownBy(h2::await).isInstanceOf(JoinError.Cancelled.class);
        }
    }

    @Test
    void abort_afterCompletion_hasNoEffect() {
        try (WeftRuntime rt = multi(2)) {
            Settable<String> f = new Settable<>();
            JoinHandle<String> h = rt.spawn(f);
            f.complete("v");
            while (!h.isFinished()) Thread.onSpinWait();
            h.abort();
            h.abortHandle().abort();
            assertThat(h.await()).isEqualTo("v");
            assertThat(f.cancels).hasValue(0);
        }
    }

    @Test
    void abort_twice_isIdempotent() {
        try (WeftRuntime rt = multi(2)) {
            Forever<String> f = new Forever<>();
            JoinHandle<String> h = rt.spawn(f);
            awaitLatch(f.firstPoll, "first poll");
            h.abort();
            h.abort();
            h.abortHandle().abort();
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            h.abort();
            assertThat(f.cancels).hasValue(1);
        }
    }

    @Test
    void abort_concurrentFromManyThreads_cancelsExactlyOnce() throws Exception {
        int rounds = 300;
        int threads = 3;
        try (WeftRuntime rt = multi(2)) {
            for (int r = 0; r < rounds; r++) {
                Settable<Integer> f = new Settable<>();
                JoinHandle<Integer> h = rt.spawn(f);
                AbortHandle ah = h.abortHandle();
                CyclicBarrier start = new CyclicBarrier(threads + 1);
                Thread[] ts = new Thread[threads];
                for (int i = 0; i < threads; i++) {
                    ts[i] = Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        ah.abort();
                    });
                }
                start.await();
                if (r % 2 == 0) f.complete(r); // races the aborts and the first poll
                for (Thread t : ts) t.join();
                Outcome<Integer> o = h.outcome().await();
                if (o instanceof Outcome.Cancelled<Integer>) {
                    assertThat(f.cancels).as("round %d", r).hasValue(1);
                } else {
                    assertThat(o).isEqualTo(new Outcome.Success<>(r));
                    assertThat(f.cancels).as("round %d", r).hasValue(0);
                }
                assertThat(ah.isFinished()).isTrue();
            }
        }
    }

    /** Pending until cancelled; cancel() opens {@code cancelled}. */
    static final class CancelLatched<T> implements Future<T> {
        final CountDownLatch firstPoll = new CountDownLatch(1);
        final CountDownLatch cancelled = new CountDownLatch(1);
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public Poll<T> poll(Context cx) {
            firstPoll.countDown();
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
            cancelled.countDown();
        }
    }

    /** Waits (spinning on the condition, at most 10 s) until the task behind {@code ah} has finished. */
    static void awaitFinished(AbortHandle ah) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ah.isFinished()) {
            if (System.nanoTime() > deadline) throw new AssertionError("task did not finish within 10 s");
            Thread.onSpinWait();
        }
    }

    @Test
    void cancel_abortsTheTask_andGivesUpTheHandle() {
        try (WeftRuntime rt = multi(2)) {
            CancelLatched<String> f = new CancelLatched<>();
            JoinHandle<String> h = rt.spawn(f);
            AbortHandle ah = h.abortHandle();
            awaitLatch(f.firstPoll, "first poll");
            h.cancel();
            h.cancel(); // idempotent
            awaitLatch(f.cancelled, "the task's future cancelled");
            awaitFinished(ah);
            assertThat(f.cancels).hasValue(1);
            assertThatThrownBy(() -> h.poll(new Context(dev.weft.future.Waker.noop())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("after cancel() or detach()");
        }
    }

    @Test
    void cancel_ofAFinishedTask_changesNothing() {
        try (WeftRuntime rt = multi(2)) {
            JoinHandle<String> h = rt.spawn(Futures.ready("done"));
            assertThat(h.await()).isEqualTo("done");
            h.cancel(); // the task already finished: nothing to abort, the handle is just given up
            assertThat(rt.metrics().succeededTasks()).isEqualTo(1);
            assertThat(rt.metrics().cancelledTasks()).isZero();
        }
    }

    @Test
    void detach_letsTheTaskRunToCompletion() {
        try (WeftRuntime rt = multi(2)) {
            Settable<String> gate = new Settable<>();
            CountDownLatch sideEffect = new CountDownLatch(1);
            JoinHandle<String> h = rt.spawn(gate.map(v -> {
                sideEffect.countDown();
                return v;
            }));
            awaitLatch(gate.firstPoll, "first poll");
            h.detach();
            h.detach(); // idempotent
            h.cancel(); // after detach: the handle is already given up, nothing to stop
            gate.complete("x");
            awaitLatch(sideEffect, "the detached task's side effect");
            assertThat(gate.cancels).hasValue(0);
            assertThatThrownBy(() -> h.poll(new Context(dev.weft.future.Waker.noop())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("detach()");
        }
    }

    @Test
    void cancelOfPendingAwait_onPlainThread_abortsTheTask() throws Exception {
        try (WeftRuntime rt = multi(2)) {
            CancelLatched<String> f = new CancelLatched<>();
            JoinHandle<String> h = rt.spawn(f);
            AbortHandle ah = h.abortHandle();
            // await the handle on a thread that is then interrupted: await() cancels the handle, which aborts
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    h.await();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            awaitLatch(f.firstPoll, "first poll");
            t.interrupt();
            t.join();
            assertThat(thrown.get()).isInstanceOf(dev.weft.future.CancelledException.class);
            awaitLatch(f.cancelled, "the aborted task's future cancelled");
            awaitFinished(ah);
            assertThat(f.cancels).hasValue(1);
        }
    }

    @Test
    void handleLosingASelect_abortsTheTask() {
        try (WeftRuntime rt = multi(2)) {
            CancelLatched<String> f = new CancelLatched<>();
            JoinHandle<String> h = rt.spawn(f);
            AbortHandle ah = h.abortHandle();
            String won = rt.blockOn(Select.firstOf()
                    .on(h, v -> "task")
                    .on(Futures.ready("other"), v -> v));
            assertThat(won).isEqualTo("other");
            awaitLatch(f.cancelled, "the losing task's future cancelled");
            awaitFinished(ah);
        }
    }

    @Test
    void handleByRefLosingASelect_keepsTheTaskRunning_andCanBeAwaitedLater() {
        try (WeftRuntime rt = multi(2)) {
            Settable<String> gate = new Settable<>();
            JoinHandle<String> h = rt.spawn(gate);
            String won = rt.blockOn(Select.firstOf()
                    .on(Futures.byRef(h), v -> "task")
                    .on(Futures.ready("other"), v -> v));
            assertThat(won).isEqualTo("other");
            gate.complete("x");
            assertThat(h.await()).isEqualTo("x");
            assertThat(gate.cancels).hasValue(0);
        }
    }

    @Test
    void handleTimingOut_abortsTheTask() {
        try (WeftRuntime rt = multi(2)) {
            CancelLatched<String> f = new CancelLatched<>();
            JoinHandle<String> h = rt.spawn(f);
            AbortHandle ah = h.abortHandle();
            assertThatThrownBy(() -> rt.blockOn(Time.timeout(Duration.ofMillis(5), h)))
                    .isInstanceOf(TimeoutElapsedException.class);
            awaitLatch(f.cancelled, "the timed-out task's future cancelled");
            awaitFinished(ah);
        }
    }

    @Test
    void outcomeCancelled_abortsTheTask() {
        try (WeftRuntime rt = multi(2)) {
            CancelLatched<String> f = new CancelLatched<>();
            JoinHandle<String> h = rt.spawn(f);
            AbortHandle ah = h.abortHandle();
            Future<Outcome<String>> outcome = h.outcome();
            assertThat(outcome.poll(new Context(dev.weft.future.Waker.noop())).isPending()).isTrue();
            outcome.cancel();
            awaitLatch(f.cancelled, "the task's future cancelled");
            awaitFinished(ah);
        }
    }

    @Test
    void asyncTaskCancelledThroughItsHandle_isInterrupted_andItsFinallyRuns() {
        try (WeftRuntime rt = multi(2)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch unwound = new CountDownLatch(1);
            JoinHandle<Void> h = rt.spawnAsync(() -> {
                try {
                    started.countDown();
                    Futures.pending().await();
                } finally {
                    unwound.countDown();
                }
            });
            AbortHandle ah = h.abortHandle();
            awaitLatch(started, "body started");
            h.cancel();
            awaitLatch(unwound, "the body's finally");
            awaitFinished(ah);
        }
    }

    static final class BoomError extends Error {
        BoomError(String m) {
            super(m);
        }
    }

    @Test
    void failingTask_failsOnlyItself_andTheWorkerRunsLaterTasks() {
        try (WeftRuntime rt = multi(1)) {
            IllegalArgumentException cause = new IllegalArgumentException("boom");
            AtomicReference<Thread> failedOn = new AtomicReference<>();
            JoinHandle<String> bad = rt.spawn(cx -> {
                failedOn.set(Thread.currentThread());
                throw cause;
            });
            assertThatThrownBy(bad::await).isInstanceOfSatisfying(JoinError.Failed.class, e -> {
                assertThat(e.getCause()).isSameAs(cause);
                assertThat(e.id()).isEqualTo(bad.id());
                assertThat(e.isCancelled()).isFalse();
            });
            JoinHandle<Thread> later = rt.spawn(cx -> Poll.ready(Thread.currentThread()));
            assertThat(later.await()).isSameAs(failedOn.get());
        }
    }

    @Test
    void taskThrowingAnError_failsOnlyItself_andTheRuntimeSurvives() {
        try (WeftRuntime rt = multi(1)) {
            BoomError cause = new BoomError("custom error");
            AtomicReference<Thread> failedOn = new AtomicReference<>();
            JoinHandle<String> bad = rt.spawn(cx -> {
                failedOn.set(Thread.currentThread());
                throw cause;
            });
            assertThatThrownBy(bad::await).isInstanceOf(JoinError.Failed.class).hasCause(cause);
            assertThat(failedOn.get().isAlive()).isTrue();
            JoinHandle<Thread> later = rt.spawn(cx -> Poll.ready(Thread.currentThread()));
            assertThat(later.await()).isSameAs(failedOn.get());
            JoinHandle<String> anotherBad = rt.spawn(cx -> {
                throw new StackOverflowError("simulated");
            });
            assertThat(anotherBad.outcome().await()).isInstanceOf(Outcome.Failure.class);
            assertThat(rt.spawn(Futures.ready(7)).await()).isEqualTo(7);
        }
    }

    @Test
    void outcome_reportsSuccessFailureAndCancelled() {
        try (WeftRuntime rt = multi(2)) {
            assertThat(rt.spawn(Futures.ready("v")).outcome().await()).isEqualTo(new Outcome.Success<>("v"));
            RuntimeException boom = new RuntimeException("boom");
            Outcome<Object> failed = rt.spawn(cx -> {
                throw boom;
            }).outcome().await();
            assertThat(failed).isEqualTo(new Outcome.Failure<>(boom));
            Forever<String> f = new Forever<>();
            JoinHandle<String> h = rt.spawn(f);
            h.abort();
            assertThat(h.outcome().await()).isEqualTo(new Outcome.Cancelled<>());
        }
    }

    @Test
    void abortHandle_abortsAndReportsIdAndFinished() {
        try (WeftRuntime rt = multi(2)) {
            Forever<String> f = new Forever<>();
            JoinHandle<String> h = rt.spawn(f);
            AbortHandle ah = h.abortHandle();
            assertThat(ah.id()).isEqualTo(h.id());
            assertThat(ah.isFinished()).isFalse();
            Thread t = Thread.ofPlatform().start(ah::abort);
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            assertThat(ah.isFinished()).isTrue();
            assertThat(f.cancels).hasValue(1);
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void taskIds_areUniqueAndPrintable() {
        try (WeftRuntime rt = multi(1)) {
            JoinHandle<Integer> a = rt.spawn(Futures.ready(1));
            JoinHandle<Integer> b = rt.spawn(Futures.ready(2));
            assertThat(a.id()).isNotEqualTo(b.id());
            assertThat(a.id().toString()).isEqualTo("task-" + a.id().value());
        }
    }
}
