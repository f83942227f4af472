package dev.weft.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.CancelledException;
import dev.weft.future.Futures;
import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link Tasks#spawnAsync}: thread-backed tasks that no worker polls. */
class SpawnAsyncTest {

    @Test
    void spawnAsync_runsWithoutWorkerPolls_andSeesTheRuntime() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build()) {
            long pollsBefore = rt.metrics().polls();
            int v = rt.blockOn(rt.handle().spawnAsync(() -> Tasks.spawnAsync(() -> 41).await() + 1));
            assertThat(v).isEqualTo(42);
            assertThat(rt.metrics().polls()).isEqualTo(pollsBefore); // nothing went through a worker
        }
    }

    @Test
    void abort_interruptsTheBody_andReportsCancelledAfterFinallyRan() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build()) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean finallyRan = new AtomicBoolean();
            JoinHandle<Void> h = rt.handle().spawnAsync(() -> {
                try {
                    started.countDown();
                    Futures.pending().await();
                    return null;
                } finally {
                    finallyRan.set(true);
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            h.abort();
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Cancelled.class);
            assertThat(finallyRan).isTrue(); // Cancelled is reported only after the body unwound
        }
    }

    /**
     * abort() racing the thread's start: the abort either finds the thread published and interrupts it, or the
     * starting thread sees the abort before running the body. A lost race leaves the body blocked for ever and
     * the join times out.
     */
    @Test
    void abort_racingTheStart_alwaysStopsTheBody() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build()) {
            for (int i = 0; i < 2_000; i++) {
                JoinHandle<Integer> h = rt.handle().spawnAsync(() -> {
                    new CountDownLatch(1).await(); // only an interrupt ends this
                    return 1;
                });
                h.abort();
                int round = i;
                assertThatThrownBy(() -> rt.blockOn(Time.timeout(Duration.ofSeconds(10), h)))
                        .as("round %d", round)
                        .isInstanceOf(JoinError.Cancelled.class);
            }
            assertThat(rt.metrics().liveTasks()).isZero();
        }
    }

    @Test
    void failure_isReportedAsFailed() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            JoinHandle<Object> h = rt.handle().spawnAsync(() -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shutdown_cancelsRunningBodies_andSpawnAfterwardsIsBornCancelled() {
        WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build();
        JoinHandle<Void> sleeper = rt.handle().spawnAsync(() -> {
            Time.sleep(Duration.ofHours(1)).await();
            return null;
        });
        var report = rt.shutdown(Duration.ofSeconds(10));
        assertThat(report.unfinished()).isZero();
        assertThat(sleeper.isFinished()).isTrue();
        JoinHandle<Integer> late = rt.handle().spawnAsync(() -> 1);
        assertThat(late.isFinished()).isTrue();
        assertThatThrownBy(() -> Futures.ready(0).then(x -> late).await()).isInstanceOf(JoinError.Cancelled.class);
    }

    @Test
    void pausedClock_sleepsInsideSpawnAsync_autoAdvance() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            long slept = rt.blockOn(Futures.lazy(() -> Tasks.spawnAsync(() -> {
                Time.sleep(Duration.ofMinutes(5)).await();
                return 5L;
            })).then(h -> h));
            assertThat(slept).isEqualTo(5L);
        }
    }

    @Test
    void cancelledException_insideBodyWithoutAbort_isAFailure() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            JoinHandle<Object> h = rt.handle().spawnAsync(() -> {
                throw new CancelledException("not an abort");
            });
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class);
        }
    }
}
