package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The idle-worker bookkeeping ({@link Idle}) must return to "nobody searching" whenever the runtime goes quiet.
 *
 * <p>Timers make the worker that holds the driver wake by itself, while other workers are woken by notifications:
 * the two paths race to take a parked worker off the sleepers list. A worker that loses that race and does not
 * count itself as searching leaves {@code searching} one too high for ever; with two workers nobody may search
 * again and no notification is ever sent, so a task woken from outside the runtime waits for ever (the benchmark
 * stalls of W7 and W11 that led to this test). Each round checks both symptoms: every task finishes (a lost
 * wake-up times out) and, once every worker is parked, the searching count is zero.
 */
class IdleAccountingStressTest {

    /** Sleeps {@code hops} times for 0-1 ms, then completes. */
    static final class Sleeper implements Future<Void> {
        private final CountDownLatch done;
        private int hops;
        private Sleep sleep;

        Sleeper(CountDownLatch done, int hops) {
            this.done = done;
            this.hops = hops;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (sleep == null) {
                    if (hops-- == 0) {
                        done.countDown();
                        return Poll.ready(null);
                    }
                    sleep = Time.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(1_000_000)));
                }
                if (sleep.poll(cx).isPending()) return Poll.pending();
                sleep = null;
            }
        }

        @Override
        public void cancel() {
            if (sleep != null) sleep.cancel();
        }
    }

    static void run(int workers, int rounds, int tasksPerRound) throws Exception {
        MultiThreadScheduler s = new MultiThreadScheduler("idle-stress", workers, i -> "idle-stress-" + i,
                Function.identity(), 256, false, 4, Duration.ofSeconds(1));
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch done = new CountDownLatch(tasksPerRound);
                for (int i = 0; i < tasksPerRound; i++) s.spawn(new Sleeper(done, 4));
                assertThat(done.await(30, TimeUnit.SECONDS))
                        .as("round %d: %d of %d tasks never finished (lost wake-up); searching=%d unparked=%d",
                                round, done.getCount(), tasksPerRound, s.idle.numSearching(), s.idle.numUnparked())
                        .isTrue();
                awaitAllParked(s, round);
                assertThat(s.idle.numSearching())
                        .as("round %d: searching workers once every worker parked", round)
                        .isZero();
            }
        } finally {
            assertThat(s.shutdown(Duration.ofSeconds(10)).unfinished()).isZero();
        }
    }

    /** Waits on the condition itself: every worker has parked (the spin-before-park phase is short). */
    private static void awaitAllParked(MultiThreadScheduler s, int round) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.idle.numUnparked() != 0) {
            assertThat(System.nanoTime() - deadline)
                    .as("round %d: workers never all parked (unparked=%d, searching=%d)", round,
                            s.idle.numUnparked(), s.idle.numSearching())
                    .isNegative();
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @CsvSource({"2", "3"})
    void searchingCountReturnsToZero_whenTimersAndNotificationsRace(int workers) throws Exception {
        run(workers, 150, 200);
    }

    @ParameterizedTest(name = "workers={0}")
    @CsvSource({"2", "4"})
    @Tag("long")
    void searchingCountReturnsToZero_long(int workers) throws Exception {
        run(workers, 2_000, 400);
    }
}
