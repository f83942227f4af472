package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.internal.scheduler.Scheduler;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer driver wired into both runtime flavours. */
class RuntimeTimeTest {

    @Test
    void pausedCurrentThread_sleepsAutoAdvanceInstantly() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            long wallStart = System.nanoTime();
            Duration slept = rt.blockOn(Async.async(() -> {
                MonotonicInstant t0 = Time.now().await();
                Time.sleep(Duration.ofHours(1)).await();
                return Time.now().await().durationSince(t0);
            }));
            assertThat(slept).isEqualTo(Duration.ofHours(1));
            assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void pausedCurrentThread_manyTasksWakeInDeadlineOrder() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            List<Integer> order = rt.blockOn(Async.async(() -> {
                List<Integer> seen = new ArrayList<>();
                List<JoinHandle<Void>> hs = new ArrayList<>();
                for (int i = 5; i >= 1; i--) {
                    int n = i;
                    hs.add(Tasks.spawn(Time.sleep(Duration.ofMillis(10L * n)).map(v -> {
                        seen.add(n);
                        return null;
                    })));
                }
                Futures.joinAll(hs).await();
                return seen;
            }));
            assertThat(order).containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    void pausedClock_doesNotJumpWhileAnAsyncBlockIsBusy() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            for (int round = 0; round < 20; round++) {
                List<String> events = rt.blockOn(Async.async(() -> {
                    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
                    MonotonicInstant start = Time.now().await();
                    JoinHandle<Void> other = Tasks.spawn(Time.sleep(Duration.ofMillis(15)).map(v -> {
                        log.add("poll-task woke");
                        return null;
                    }));
                    Time.sleep(Duration.ofMillis(10)).await();
                    long spin = 0;
                    for (int i = 0; i < 2_000_000; i++) spin += i; // real work while the clock is paused
                    log.add("async block at +" + Time.now().await().durationSince(start).toMillis() + "ms (" + (spin > 0) + ")");
                    other.await();
                    return log;
                }));
                assertThat(events).containsExactly("async block at +10ms (true)", "poll-task woke");
            }
        }
    }

    /**
     * "Never early" is a guarantee of the timer (a deadline is rounded up to the next wheel tick and the clock is
     * monotonic), so it is asserted on the real clock. How late a real sleep fires depends on the machine's load,
     * not on the code, so no bound is asserted here (lateness is measured by the benchmark harness); a timer that
     * never fires fails through the timeout.
     */
    @Test
    @Timeout(60)
    void multiThread_realSleep_neverEarly() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build()) {
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                rt.blockOn(Time.sleep(Duration.ofMillis(5)));
                assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(5).toNanos());
            }
        }
    }

    @Test
    void timeout_onRuntime_cancelsInnerAndFails() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            assertThatThrownBy(() -> rt.blockOn(Time.timeout(Duration.ofSeconds(2), Time.sleep(Duration.ofSeconds(5)))))
                    .isInstanceOf(TimeoutElapsedException.class);
            assertThat(Scheduler.current()).isNull();
        }
    }

    @Test
    void startPaused_onMultiThread_isRejected() {
        assertThatThrownBy(() -> WeftRuntime.builder().startPaused(true).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("current-thread");
    }

    @Test
    void millionSleepsCreatedAndCancelled_leaveNoEntries() {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            int entries = rt.blockOn(Async.async(() -> {
                for (int i = 0; i < 1_000_000; i++) {
                    Sleep s = Time.sleep(Duration.ofSeconds(1));
                    // one poll registers the entry, cancel removes it (the seed's select loop does this per message)
                    dev.weft.future.Futures.pollFn(cx -> {
                        s.poll(cx);
                        return dev.weft.future.Poll.ready(null);
                    }).await();
                    s.cancel();
                }
                return Scheduler.current().timeDriver().entryCount();
            }));
            assertThat(entries).isZero();
        }
    }
}
