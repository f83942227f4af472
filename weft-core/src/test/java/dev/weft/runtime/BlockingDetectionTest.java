package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocking detection (WeftRuntime.Builder.detectBlocking) and compensation (compensateBlocking). Most blocking polls
 * here block until the report about them arrives (a latch the handler counts down, capped at 10 s), so the test
 * neither waits for time nor depends on the machine's speed; the one with {@code Thread.sleep(2000)} is the
 * issue's own case.
 */
@Timeout(60)
class BlockingDetectionTest {

    /** Collects reports and lets a blocking poll wait for the one about it. */
    static final class Reports {
        final BlockingQueue<BlockingReport> queue = new LinkedBlockingQueue<>();
        final List<BlockingReport> all = new CopyOnWriteArrayList<>();

        void accept(BlockingReport r) {
            all.add(r);
            queue.add(r);
        }

        BlockingReport next() throws InterruptedException {
            BlockingReport r = queue.poll(20, TimeUnit.SECONDS);
            assertThat(r).as("a blocking report").isNotNull();
            return r;
        }

        /**
         * Called inside a poll: blocks the polling thread (the thing under test) until the report about this very
         * poll arrives, at most 10 s; returns it, or null when none came.
         */
        BlockingReport awaitInPoll() {
            try {
                return queue.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Blocks the polling thread (the thing under test) until {@code released} opens, at most 10 s. */
    static void blockUntil(CountDownLatch released) {
        try {
            released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> frames(BlockingReport r) {
        return r.stack().stream().map(e -> e.getClassName() + "." + e.getMethodName()).toList();
    }

    @Test
    void sleepInPoll_multiThread_reportedOnceWithTaskThreadAndStack() throws Exception {
        Reports reports = new Reports();
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).name("blk-sleep")
                .detectBlocking(Duration.ofMillis(50)).blockingHandler(reports::accept).build()) {
            JoinHandle<String> sleeper = rt.spawn(Futures.lazy(() -> {
                try {
                    Thread.sleep(2000); // the blocking call under test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "slept";
            }));
            BlockingReport r = reports.next();
            assertThat(sleeper.isFinished()).as("reported while the poll still runs").isFalse();
            assertThat(r.runtime()).isEqualTo("blk-sleep");
            assertThat(r.task()).contains(sleeper.id());
            assertThat(r.thread()).startsWith("blk-sleep-worker-");
            assertThat(r.where()).startsWith("worker ");
            assertThat(r.blockedFor()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
            assertThat(r.threshold()).isEqualTo(Duration.ofMillis(50));
            assertThat(r.compensated()).isFalse();
            assertThat(r.spawnSite()).isEmpty();
            assertThat(frames(r)).anyMatch(f -> f.startsWith("java.lang.Thread.sleep"));
            assertThat(frames(r)).anyMatch(f -> f.startsWith(BlockingDetectionTest.class.getName()));
            assertThat(r.toString()).contains("Blocked worker ", "blk-sleep", sleeper.id().toString(),
                    "threshold 50 ms", "spawnBlocking", "Stack of " + r.thread(), "\tat java.base/java.lang.Thread.sleep");
            assertThat(rt.blockOn(sleeper)).isEqualTo("slept");
            // the episode lasted ~2 s, about 160 samples at 12.5 ms: still one report
            assertThat(reports.all).hasSize(1);
        }
    }

    @Test
    void blockingPoll_currentThread_reportsTheTaskAndTheMainFuture() throws Exception {
        Reports reports = new Reports();
        try (WeftRuntime rt = WeftRuntime.currentThread().name("blk-ct").detectBlocking(Duration.ofMillis(20))
                .blockingHandler(reports::accept).build()) {
            JoinHandle<BlockingReport> task = rt.spawn(Futures.lazy(reports::awaitInPoll));
            BlockingReport r = rt.blockOn(task);
            assertThat(r).as("report").isNotNull();
            assertThat(r.task()).contains(task.id());
            assertThat(r.where()).isEqualTo("the thread");
            assertThat(r.thread()).isEqualTo(Thread.currentThread().getName());
            assertThat(frames(r)).anyMatch(f -> f.endsWith(".awaitInPoll"));

            // the future passed to blockOn is polled on this thread too
            BlockingReport main = rt.blockOn(Futures.lazy(reports::awaitInPoll));
            assertThat(main).as("report").isNotNull();
            assertThat(main.task()).isEmpty();
            assertThat(main.toString()).contains("the future passed to blockOn");
            assertThat(reports.all).hasSize(2);
        }
    }

    @Test
    void longLoopInPoll_reportedWithTheLoopInTheStack() throws Exception {
        Reports reports = new Reports();
        AtomicBoolean reported = new AtomicBoolean();
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).detectBlocking(Duration.ofMillis(20))
                .blockingHandler(r -> {
                    reports.accept(r);
                    reported.set(true);
                }).build()) {
            JoinHandle<Long> spinner = rt.spawn(Futures.lazy(spinUntilReported(reported)));
            assertThat(rt.blockOn(spinner)).isPositive();
            BlockingReport r = reports.next();
            assertThat(r.task()).contains(spinner.id());
            assertThat(frames(r)).anyMatch(f -> f.contains("spinUntilReported"));
        }
    }

    /** A computation that never yields: counts until the report arrives (at most 10 s). */
    static java.util.function.Supplier<Long> spinUntilReported(AtomicBoolean reported) {
        return () -> {
            long n = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!reported.get() && System.nanoTime() < deadline) n++;
            return n;
        };
    }

    @Test
    void platformLockWaitInPoll_reportedWithTheLockInTheStack() throws Exception {
        Reports reports = new Reports();
        ReentrantLock lock = new ReentrantLock();
        lock.lock(); // held by this thread, as by a task that awaits while holding it
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).detectBlocking(Duration.ofMillis(20))
                .blockingHandler(reports::accept).build()) {
            JoinHandle<String> waiter = rt.spawn(Futures.lazy(() -> {
                lock.lock(); // blocks the worker until the holder lets go
                try {
                    return "locked";
                } finally {
                    lock.unlock();
                }
            }));
            BlockingReport r;
            try {
                r = reports.next();
            } finally {
                lock.unlock();
            }
            assertThat(rt.blockOn(waiter)).isEqualTo("locked");
            assertThat(r.task()).contains(waiter.id());
            assertThat(frames(r)).anyMatch(f -> f.startsWith(ReentrantLock.class.getName() + ".lock"));
        }
    }

    @Test
    void pollsUnderTheThreshold_neverReported_onlyTheLongOneIs() throws Exception {
        Reports reports = new Reports();
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).detectBlocking(Duration.ofMillis(300))
                .blockingHandler(reports::accept).build()) {
            // 20 polls of 10 ms each (200 ms of blocking in all, none of them near 300 ms), many quick ones between
            List<JoinHandle<Integer>> shortOnes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int k = i;
                shortOnes.add(rt.spawn(Futures.lazy(() -> {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return k;
                })));
                for (int j = 0; j < 50; j++) shortOnes.add(rt.spawn(Futures.lazy(() -> k)));
            }
            for (JoinHandle<Integer> h : shortOnes) rt.blockOn(h);
            // a sentinel past the threshold: once it is reported, the watchdog has sampled everything before it
            JoinHandle<BlockingReport> sentinel = rt.spawn(Futures.lazy(reports::awaitInPoll));
            BlockingReport r = rt.blockOn(sentinel);
            assertThat(r).as("report").isNotNull();
            assertThat(r.task()).contains(sentinel.id());
            assertThat(reports.all).hasSize(1);
        }
    }

    @Test
    void twoEpisodes_reportedOnceEach() throws Exception {
        Reports reports = new Reports();
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).detectBlocking(Duration.ofMillis(20))
                .blockingHandler(reports::accept).build()) {
            for (int episode = 1; episode <= 2; episode++) {
                JoinHandle<BlockingReport> blocker = rt.spawn(Futures.lazy(reports::awaitInPoll));
                BlockingReport r = rt.blockOn(blocker);
                assertThat(r).as("report").isNotNull();
                assertThat(r.task()).contains(blocker.id());
                assertThat(reports.all).hasSize(episode);
            }
        }
    }

    @Test
    void compensateBlocking_otherTasksKeepRunningWhileTheSleeperSleeps() throws Exception {
        Reports reports = new Reports();
        int queued = 20;
        int outside = 50;
        AtomicBoolean sleeping = new AtomicBoolean();
        List<JoinHandle<Long>> queuedBehind = new CopyOnWriteArrayList<>();
        AtomicInteger doneWhileSleeping = new AtomicInteger();
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).name("blk-comp")
                .detectBlocking(Duration.ofMillis(20)).compensateBlocking(true).blockingHandler(reports::accept)
                .build()) {
            JoinHandle<String> sleeper = rt.spawn(Futures.lazy(() -> {
                // tasks spawned here go to this worker's LIFO slot and local queue: only the spare can run them
                for (int i = 0; i < queued; i++) {
                    long spawned = System.nanoTime();
                    queuedBehind.add(Tasks.spawn(Time.sleep(Duration.ofMillis(1)).map(v -> {
                        if (sleeping.get()) doneWhileSleeping.incrementAndGet();
                        return System.nanoTime() - spawned;
                    })));
                }
                sleeping.set(true);
                try {
                    Thread.sleep(2000); // the blocking call under test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sleeping.set(false);
                return "slept";
            }));
            BlockingReport r = reports.next();
            assertThat(r.compensated()).isTrue();
            assertThat(r.toString()).contains("Compensating: spare thread blk-comp-spare-0");
            // tasks spawned from outside while the only worker is blocked: injection queue, then the spare
            List<JoinHandle<Long>> fromOutside = new ArrayList<>();
            for (int i = 0; i < outside; i++) {
                long spawned = System.nanoTime();
                fromOutside.add(rt.spawn(Futures.lazy(() -> {
                    if (sleeping.get()) doneWhileSleeping.incrementAndGet();
                    return System.nanoTime() - spawned;
                })));
            }
            long[] latencies = new long[queued + outside];
            int k = 0;
            for (JoinHandle<Long> h : queuedBehind) latencies[k++] = rt.blockOn(h);
            for (JoinHandle<Long> h : fromOutside) latencies[k++] = rt.blockOn(h);
            boolean stillSleeping = sleeping.get();
            assertThat(rt.blockOn(sleeper)).isEqualTo("slept");
            assertThat(stillSleeping).as("every other task finished while the sleeper still slept").isTrue();
            // the spare retired: a worker drives timers again (SpareWorker I7), checked without relying on a timer
            for (int i = 0; i < 3; i++) {
                rt.spawn(Time.sleep(Duration.ofMillis(5))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertThat(doneWhileSleeping).hasValue(queued + outside);
            java.util.Arrays.sort(latencies);
            // informational only (no timing assertion in unit tests; see BlockingCompensationLatencyTest, long)
            System.out.printf("compensation: %d tasks ran during a 2 s block; latency ms p50 %.1f max %.1f"
                    + " (queued-behind tasks include the detection delay)%n", latencies.length,
                    latencies[latencies.length / 2] / 1e6, latencies[latencies.length - 1] / 1e6);
            assertThat(reports.all).hasSize(1);
        }
    }

    @Test
    void defaultHandler_logsTheReportAtWarning() throws Exception {
        Logger jul = Logger.getLogger("dev.weft.runtime");
        CountDownLatch logged = new CountDownLatch(1);
        BlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("'blk-log'")) {
                    records.add(r);
                    logged.countDown();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(h);
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).name("blk-log")
                .detectBlocking(Duration.ofMillis(20)).build()) {
            JoinHandle<Integer> blocker = rt.spawn(Futures.lazy(() -> {
                blockUntil(logged);
                return 0;
            }));
            rt.blockOn(blocker);
            LogRecord r = records.poll(10, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(r.getMessage()).contains("Blocked worker 0 of runtime 'blk-log'", blocker.id().toString(),
                    "Stack of blk-log-worker-0");
        } finally {
            jul.removeHandler(h);
        }
    }

    @Test
    void throwingHandler_isLogged_laterEpisodesStillReported() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BlockingQueue<Integer> seen = new LinkedBlockingQueue<>();
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).detectBlocking(Duration.ofMillis(20))
                .blockingHandler(r -> {
                    seen.add(calls.incrementAndGet());
                    throw new IllegalStateException("handler bug");
                }).build()) {
            for (int episode = 1; episode <= 2; episode++) {
                CountDownLatch released = new CountDownLatch(1);
                JoinHandle<Integer> blocker = rt.spawn(Futures.lazy(() -> {
                    blockUntil(released);
                    return 0;
                }));
                assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo(episode);
                released.countDown();
                rt.blockOn(blocker);
            }
        }
    }

    @Test
    void blockedPoll_recordsAJfrEvent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blocked.jfr");
        Reports reports = new Reports();
        long id;
        try (Recording rec = new Recording()) {
            rec.enable("dev.weft.BlockedWorker");
            rec.start();
            try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).name("blk-jfr")
                    .detectBlocking(Duration.ofMillis(20)).blockingHandler(reports::accept).build()) {
                JoinHandle<BlockingReport> blocker = rt.spawn(Futures.lazy(reports::awaitInPoll));
                id = blocker.id().value();
                assertThat(rt.blockOn(blocker)).as("report").isNotNull();
            }
            rec.stop();
            rec.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.weft.BlockedWorker"))
                .filter(e -> "blk-jfr".equals(e.getString("runtime"))).toList();
        assertThat(events).hasSize(1);
        RecordedEvent e = events.get(0);
        assertThat(e.getLong("taskId")).isEqualTo(id);
        assertThat(e.getString("where")).isEqualTo("worker 0");
        assertThat(e.getString("threadName")).isEqualTo("blk-jfr-worker-0");
        assertThat(e.getDuration("blockedFor")).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(e.getString("stack")).contains("awaitInPoll");
        assertThat(e.getBoolean("compensated")).isFalse();
    }

    @Test
    void watchdogThread_onByDefault_offWhenDisabled_goneAfterClose() {
        try (WeftRuntime on = WeftRuntime.multiThread().workerThreads(1).name("blk-on").build()) {
            assertThat(threadNamed("blk-on-blocking-watchdog")).isTrue();
            on.close();
            assertThat(threadNamed("blk-on-blocking-watchdog")).isFalse();
        }
        try (WeftRuntime off = WeftRuntime.multiThread().workerThreads(1).name("blk-off").detectBlocking(false).build()) {
            assertThat(off.blockOn(off.spawn(Futures.lazy(() -> 1)))).isEqualTo(1);
            assertThat(threadNamed("blk-off-blocking-watchdog")).isFalse();
        }
        try (WeftRuntime ct = WeftRuntime.currentThread().name("blk-ct-on").build()) {
            assertThat(threadNamed("blk-ct-on-blocking-watchdog")).isTrue();
        }
    }

    static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void builder_misuse_failsFastWithTheValue() {
        assertThatThrownBy(() -> WeftRuntime.builder().detectBlocking(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threshold: PT0S (expected: >= 1 ms)");
        assertThatThrownBy(() -> WeftRuntime.builder().detectBlocking(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: >= 1 ms");
        assertThatThrownBy(() -> WeftRuntime.builder().detectBlocking((Duration) null))
                .isInstanceOf(NullPointerException.class).hasMessage("threshold");
        assertThatThrownBy(() -> WeftRuntime.builder().blockingHandler(null))
                .isInstanceOf(NullPointerException.class).hasMessage("handler");
        assertThatThrownBy(() -> WeftRuntime.currentThread().compensateBlocking(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("multi-thread flavour");
        assertThatThrownBy(() -> WeftRuntime.multiThread().detectBlocking(false).compensateBlocking(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("detectBlocking(false)");
    }
}
