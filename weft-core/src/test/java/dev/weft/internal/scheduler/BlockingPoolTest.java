package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.runtime.WeftRuntime;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking pool: reuse of idle threads, the thread bound, and keep-alive retirement. */
@Timeout(60)
class BlockingPoolTest {
    @Test
    void spawnBlocking_sequentialAwaitedCalls_reuseAnIdleThread() throws InterruptedException {
        Set<String> names = ConcurrentHashMap.newKeySet();
        try (WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(2).build()) {
            BlockingPool pool = rt.blockOn(rt.spawn(dev.weft.future.Futures.lazy(
                    () -> Scheduler.current().blockingPool())));
            int maxThreads = 0;
            for (int i = 0; i < 2_000; i++) {
                rt.blockOn(rt.spawnBlocking(() -> names.add(Thread.currentThread().getName())));
                maxThreads = Math.max(maxThreads, rt.metrics().blockingThreads());
                // A job's result reaches the caller a moment before its thread is back among the idle ones (Tokio's
                // pool has the same window), so wait for that, on the pool's own condition, before the next call:
                // then every call must find the idle thread. Before the fix every call started a thread (dozens).
                assertThat(pool.awaitIdleAtLeast(1, Duration.ofSeconds(30))).as("call %d: the thread went idle", i).isTrue();
            }
            assertThat(maxThreads).isEqualTo(1);
        }
        assertThat(names).hasSize(1);
    }

    @Test
    void execute_whileAThreadIsIdle_handsTheJobToItInsteadOfStartingOne() throws InterruptedException {
        BlockingPool pool = new BlockingPool("t", 64, Duration.ofSeconds(30));
        try {
            for (int i = 0; i < 1_000; i++) {
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(done::countDown);
                done.await();
                assertThat(pool.awaitIdleAtLeast(1, Duration.ofSeconds(30))).isTrue(); // deterministic hand-off
            }
            assertThat(pool.threadsStarted()).isEqualTo(1);
            assertThat(pool.threadCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void execute_moreJobsThanMax_queuesBeyondMaxAndRunsThemAll() throws InterruptedException {
        BlockingPool pool = new BlockingPool("t", 2, Duration.ofSeconds(30));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(2);
            CountDownLatch finished = new CountDownLatch(6);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            for (int i = 0; i < 6; i++) {
                pool.execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    finished.countDown();
                });
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.threadCount()).isEqualTo(2);
            assertThat(pool.queuedJobs()).isEqualTo(4);
            release.countDown();
            assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(maxRunning.get()).isEqualTo(2);
            assertThat(pool.threadsStarted()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idleThreads_afterKeepAlive_retire() throws InterruptedException {
        BlockingPool pool = new BlockingPool("t", 4, Duration.ofMillis(20));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                pool.execute(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.threadCount()).isEqualTo(3);
            release.countDown();
            assertThat(pool.awaitThreadCountAtMost(0, Duration.ofSeconds(30))).isTrue();
            // A job after retirement starts a fresh thread.
            CountDownLatch again = new CountDownLatch(1);
            pool.execute(again::countDown);
            assertThat(again.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runtime_blockingKeepAlive_retiresIdleBlockingThreads() {
        try (WeftRuntime rt = WeftRuntime.builder().currentThread().blockingKeepAlive(Duration.ofMillis(20)).build()) {
            assertThat(rt.blockOn(rt.spawnBlocking(() -> 7))).isEqualTo(7);
            assertThat(rt.metrics().blockingThreads()).isEqualTo(1);
            // Bounded retry on the condition itself (no fixed sleep): the thread retires after its keep-alive.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (rt.metrics().blockingThreads() != 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            assertThat(rt.metrics().blockingThreads()).isZero();
        }
    }

    @Test
    void execute_afterShutdown_isRejected() {
        BlockingPool pool = new BlockingPool("t", 2, Duration.ofSeconds(1));
        pool.shutdownNow();
        assertThatThrownBy(() -> pool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
    }
}
