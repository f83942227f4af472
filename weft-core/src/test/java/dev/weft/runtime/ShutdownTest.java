package dev.weft.runtime;

import static dev.weft.runtime.RuntimeTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.CancelledException;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Outcome;
import dev.weft.task.Tasks;
import dev.weft.task.TestFutures;
import dev.weft.task.TestFutures.Forever;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ShutdownTest {

    /** A never-completing future counting its cancel() calls (small: many thousands are spawned). */
    static final class Idle implements Future<Void> {
        static final AtomicInteger POLLED = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();
        boolean polled;

        @Override
        public Poll<Void> poll(Context cx) {
            if (!polled) {
                polled = true;
                POLLED.incrementAndGet();
            }
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    private static void shutdownWithIdleTasks(WeftRuntime rt, int n, boolean waitForFirstPolls) {
        Idle.POLLED.set(0);
        Idle[] fs = new Idle[n];
        for (int i = 0; i < n; i++) {
            fs[i] = new Idle();
            rt.spawn(fs[i]);
        }
        if (waitForFirstPolls) eventually(() -> Idle.POLLED.get() == n, n + " first polls");
        ShutdownReport report = rt.shutdown(Duration.ofSeconds(30));
        assertThat(report.cancelled()).isEqualTo(n);
        assertThat(report.unfinished()).isZero();
        assertThat(report.isClean()).isTrue();
        for (int i = 0; i < n; i++) {
            if (fs[i].cancels.get() != 1) {
                throw new AssertionError("task " + i + ": cancel() called " + fs[i].cancels.get() + " times");
            }
        }
        assertThat(rt.metrics().liveTasks()).isZero();
        Forever<Integer> late = new Forever<>();
        JoinHandle<Integer> h = rt.spawn(late);
        assertThat(h.isFinished()).isTrue();
        assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
        assertThat(late.cancels).hasValue(1);
        assertThat(late.polls).hasValue(0);
        assertThat(rt.shutdown(Duration.ofSeconds(1))).isEqualTo(new ShutdownReport(0, 0));
    }

    @Test
    void shutdown_with100kIdleTasks_cancelsEachExactlyOnce_multiThread() {
        shutdownWithIdleTasks(WeftRuntime.multiThread().workerThreads(2).build(), 100_000, true);
    }

    @Test
    void shutdown_withQueuedAndIdleTasks_multiThread() {
        // no waiting for first polls: some tasks are still queued (never polled) when shutdown starts
        shutdownWithIdleTasks(WeftRuntime.multiThread().workerThreads(2).build(), 20_000, false);
    }

    @Test
    void shutdown_withIdleAndNeverRunTasks_currentThread() {
        WeftRuntime rt = WeftRuntime.currentThread().build();
        Idle.POLLED.set(0);
        List<Idle> polled = new ArrayList<>();
        rt.blockOn(Futures.lazy(() -> {
            for (int i = 0; i < 1000; i++) {
                Idle f = new Idle();
                polled.add(f);
                Tasks.spawn(f);
            }
            return null;
        }).then(v -> Tasks.yieldNow()).then(v -> Tasks.spawn(Futures.ready(0))));
        assertThat(Idle.POLLED.get()).isEqualTo(1000);
        List<Idle> neverRun = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Idle f = new Idle();
            neverRun.add(f);
            rt.spawn(f); // queued; no blockOn will run it
        }
        ShutdownReport r = rt.shutdown(Duration.ofSeconds(10));
        assertThat(r).isEqualTo(new ShutdownReport(2000, 0));
        for (Idle f : polled) assertThat(f.cancels).hasValue(1);
        for (Idle f : neverRun) assertThat(f.cancels).hasValue(1);
        assertThat(rt.metrics().liveTasks()).isZero();
        assertThat(rt.spawn(Futures.ready(1)).isFinished()).isTrue();
    }

    @Test
    @Tag("long")
    void shutdown_with1MIdleTasks_multiThread_long() {
        shutdownWithIdleTasks(WeftRuntime.multiThread().workerThreads(4).build(), 1_000_000, true);
    }

    @Test
    void shutdown_interruptsAnAsyncBlockAwaitingForever_runsItsFinally_countsItCancelled() {
        WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build();
        Forever<String> awaited = new Forever<>();
        AtomicBoolean finallyRan = new AtomicBoolean();
        AtomicBoolean sawCancelled = new AtomicBoolean();
        JoinHandle<String> h = rt.spawn(Async.async(() -> {
            try {
                return awaited.await();
            } catch (CancelledException e) {
                sawCancelled.set(true);
                throw e;
            } finally {
                finallyRan.set(true);
            }
        }));
        CountDownLatch sleeping = new CountDownLatch(1);
        AtomicBoolean blockingInterrupted = new AtomicBoolean();
        rt.spawnBlocking(() -> {
            sleeping.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                blockingInterrupted.set(true);
            }
            return null;
        });
        TestFutures.awaitLatch(awaited.firstPoll, "the async block awaits");
        TestFutures.awaitLatch(sleeping, "the blocking body sleeps");
        ShutdownReport r = rt.shutdown(Duration.ofSeconds(10));
        assertThat(r).isEqualTo(new ShutdownReport(2, 0));
        assertThat(finallyRan).isTrue();
        assertThat(sawCancelled).isTrue();
        assertThat(blockingInterrupted).isTrue();
        assertThat(awaited.cancels).hasValue(1);
        assertThat(h.outcome().await()).isEqualTo(new Outcome.Cancelled<>());
        assertThat(rt.metrics().liveTasks()).isZero();
    }

    @Test
    void shutdown_asyncBlockIgnoringInterruption_isReportedUnfinished() {
        WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).build();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch bodyEnded = new CountDownLatch(1);
        rt.spawn(Async.async(() -> {
            running.countDown();
            try {
                while (release.getCount() > 0) Thread.onSpinWait(); // checks no interrupt
            } finally {
                bodyEnded.countDown();
            }
        }));
        rt.spawn(new Forever<>());
        TestFutures.awaitLatch(running, "the busy body");
        long t0 = System.nanoTime();
        ShutdownReport r = rt.shutdown(Duration.ofMillis(200));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        release.countDown();
        assertThat(r.cancelled()).isEqualTo(2);
        assertThat(r.unfinished()).isEqualTo(1);
        assertThat(r.isClean()).isFalse();
        assertThat(tookMs).as("an unfinished task makes shutdown wait its whole timeout").isGreaterThanOrEqualTo(200);
        TestFutures.awaitLatch(bodyEnded, "the body ends once released");
    }

    @Test
    void shutdown_ofAnIdleRuntime_isCleanAndQuick_bothFlavours() {
        for (WeftRuntime rt : List.of(WeftRuntime.multiThread().workerThreads(2).build(), WeftRuntime.currentThread().build())) {
            assertThat(rt.blockOn(rt.spawn(Futures.ready(1)))).isEqualTo(1);
            assertThat(rt.shutdown(Duration.ZERO)).isEqualTo(new ShutdownReport(0, 0));
            rt.close(); // idempotent
        }
    }
}
