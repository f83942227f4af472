package dev.weft.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The task state machine, driven by hand with a recording scheduler. */
class TaskTest {

    static final class Recorder implements TaskScheduler {
        final List<String> events = new ArrayList<>();
        final List<Task<?>> queue = new ArrayList<>();

        @Override
        public synchronized void schedule(Task<?> task) {
            events.add("schedule");
            queue.add(task);
        }

        @Override
        public synchronized void reschedule(Task<?> task) {
            events.add("reschedule");
            queue.add(task);
        }

        @Override
        public synchronized void onComplete(Task<?> task) {
            events.add("complete");
        }

        @Override
        public synchronized void onUnobservedFailure(Task<?> task, Throwable failure) {
            events.add("unobserved:" + failure.getMessage());
        }

        @Override
        public dev.weft.internal.context.Ambient ambient() {
            return null;
        }
    }

    /** Pending until {@code ready}; optionally wakes its own task during the poll; counts polls and cancels. */
    static final class Scripted implements Future<String> {
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();
        volatile String ready;
        boolean selfWake;
        Runnable duringPoll = () -> {};

        @Override
        public Poll<String> poll(Context cx) {
            polls.incrementAndGet();
            duringPoll.run();
            if (selfWake) cx.waker().wake();
            return ready == null ? Poll.pending() : Poll.ready(ready);
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    static void run(Task<?> t) {
        t.run(new Context(t, Context.DEFAULT_BUDGET));
    }

    @Test
    void newTask_isNotified_andRunsToIdle_thenWakeSchedulesOnce() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        Task<String> t = new Task<>(r, f, 1);
        assertThat(t.stateAcquire()).isEqualTo(Task.NOTIFIED);
        run(t);
        assertThat(t.stateAcquire()).isZero();
        t.wake();
        t.wake(); // coalesces
        t.wake();
        assertThat(r.events).containsExactly("schedule");
        run(t);
        assertThat(f.polls).hasValue(2);
    }

    @Test
    void wakeDuringPoll_requeuesOnceAfterPending_neverPollsConcurrently() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        f.selfWake = true;
        Task<String> t = new Task<>(r, f, 2);
        run(t);
        assertThat(r.events).containsExactly("reschedule");
        assertThat(t.stateAcquire()).isEqualTo(Task.NOTIFIED);
        f.selfWake = false;
        f.ready = "v";
        run(t);
        assertThat(t.isComplete()).isTrue();
        assertThat(t.value()).isEqualTo("v");
        assertThat(r.events).containsExactly("reschedule", "complete");
        t.wake(); // after completion: no-op
        run(t); // not ours to run: no-op
        assertThat(f.polls).hasValue(2);
        assertThat(r.events).containsExactly("reschedule", "complete");
    }

    @Test
    void abortIdle_cancelsInPlace_exactlyOnce() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        Task<String> t = new Task<>(r, f, 3);
        run(t);
        t.abort();
        t.abort();
        assertThat(f.cancels).hasValue(1);
        assertThat(t.isComplete()).isTrue();
        assertThat(t.outcomeCancelled()).isTrue();
        assertThat(r.events).containsExactly("complete");
        t.wake();
        assertThat(r.events).containsExactly("complete");
    }

    @Test
    void abortQueued_isCarriedOutByTheRunner_withoutPolling() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        Task<String> t = new Task<>(r, f, 4);
        t.abort();
        assertThat(f.cancels).hasValue(0);
        assertThat(t.stateAcquire() & Task.CANCELLED).isNotZero();
        run(t);
        assertThat(f.polls).hasValue(0);
        assertThat(f.cancels).hasValue(1);
        assertThat(t.outcomeCancelled()).isTrue();
    }

    @Test
    void abortDuringPoll_cancelsWhenThePollReturnsPending() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        Task<String> t = new Task<>(r, f, 5);
        f.duringPoll = () -> {
            t.abort();
            assertThat(f.cancels).hasValue(0);
        };
        run(t);
        assertThat(f.cancels).hasValue(1);
        assertThat(t.outcomeCancelled()).isTrue();
        assertThat(r.events).containsExactly("complete");
    }

    @Test
    void abortDuringPollThatCompletes_keepsTheValue() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        f.ready = "v";
        Task<String> t = new Task<>(r, f, 6);
        f.duringPoll = t::abort;
        run(t);
        assertThat(f.cancels).hasValue(0);
        assertThat(t.outcomeCancelled()).isFalse();
        assertThat(t.value()).isEqualTo("v");
        t.abort();
        assertThat(t.outcomeCancelled()).isFalse();
    }

    @Test
    void throwingPoll_failsTheTask_andIsReportedOnce() {
        Recorder r = new Recorder();
        Error boom = new Error("boom");
        Task<String> t = new Task<>(r, cx -> {
            throw boom;
        }, 7);
        run(t);
        assertThat(t.isComplete()).isTrue();
        assertThat(t.outcomeCancelled()).isFalse();
        assertThat(t.takeFailure()).isSameAs(boom);
        assertThat(r.events).containsExactly("complete", "unobserved:boom"); // I8: nobody had registered interest
    }

    /** Pending until {@code fail} is set, then throws {@code failure}. */
    static final class FailLater implements Future<String> {
        volatile RuntimeException failure;

        @Override
        public Poll<String> poll(Context cx) {
            RuntimeException f = failure;
            if (f != null) throw f;
            return Poll.pending();
        }
    }

    @Test
    void failure_joinWakerRegisteredAtCompletion_isNotReported_joinerTakesIt() {
        Recorder r = new Recorder();
        FailLater f = new FailLater();
        Task<String> t = new Task<>(r, f, 20);
        run(t);
        AtomicInteger joinWakes = new AtomicInteger();
        assertThat(t.registerJoinWaker(joinWakes::incrementAndGet)).isFalse();
        f.failure = new IllegalStateException("seen");
        t.wake();
        run(t);
        assertThat(joinWakes).hasValue(1);
        assertThat(t.takeFailure()).hasMessage("seen");
        t.detachHandle(); // taken already: nothing to report
        assertThat(r.events).doesNotContain("unobserved:seen");
    }

    @Test
    void failure_joinerWokenButDetachesBeforeTakingIt_isReportedOnceOnDetach() {
        Recorder r = new Recorder();
        FailLater f = new FailLater();
        Task<String> t = new Task<>(r, f, 21);
        run(t);
        t.registerJoinWaker(() -> {});
        f.failure = new IllegalStateException("dropped");
        t.wake();
        run(t);
        assertThat(r.events).doesNotContain("unobserved:dropped");
        t.detachHandle();
        t.detachHandle();
        assertThat(r.events).containsOnlyOnce("unobserved:dropped");
    }

    @Test
    void failure_reportedBecauseNobodyWaited_canStillBeTakenLater_andIsNotReportedAgain() {
        Recorder r = new Recorder();
        Task<String> t = new Task<>(r, cx -> {
            throw new IllegalStateException("late");
        }, 22);
        run(t);
        assertThat(r.events).containsOnlyOnce("unobserved:late");
        assertThat(t.takeFailure()).hasMessage("late");
        t.detachHandle();
        assertThat(r.events).containsOnlyOnce("unobserved:late");
    }

    @Test
    void cancelledTask_isNotAFailure_nothingReported() {
        Recorder r = new Recorder();
        Task<String> t = new Task<>(r, new Scripted(), 23);
        run(t);
        t.abort();
        assertThat(t.outcomeCancelled()).isTrue();
        assertThat(r.events).noneMatch(e -> e.startsWith("unobserved"));
    }

    @Test
    void joinWakerThatThrows_isContained_theTaskStillCompletes() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        Task<String> t = new Task<>(r, f, 24);
        run(t);
        t.registerJoinWaker(() -> {
            throw new AssertionError("join waker threw");
        });
        f.ready = "v";
        t.wake();
        run(t); // must not throw
        assertThat(t.isComplete()).isTrue();
        assertThat(t.value()).isEqualTo("v");
    }

    @Test
    void cancelThatThrows_isLogged_andTheTaskStillEndsCancelled() {
        Recorder r = new Recorder();
        Task<String> t = new Task<>(r, new Future<String>() {
            @Override
            public Poll<String> poll(Context cx) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                throw new IllegalStateException("bad cancel");
            }
        }, 8);
        run(t);
        t.abort();
        assertThat(t.outcomeCancelled()).isTrue();
        assertThat(r.events).containsExactly("complete");
    }

    @Test
    void joinWaker_isWokenOnCompletion_andRegisterAfterCompletionReturnsTrue() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        Task<String> t = new Task<>(r, f, 9);
        AtomicInteger woken = new AtomicInteger();
        Waker w = woken::incrementAndGet;
        assertThat(t.registerJoinWaker(w)).isFalse();
        run(t);
        assertThat(woken).hasValue(0);
        f.ready = "done";
        t.wake();
        run(t);
        assertThat(woken).hasValue(1);
        assertThat(t.registerJoinWaker(w)).isTrue();
        assertThat(woken).hasValue(1);
    }

    @Test
    void detach_dropsTheJoinWaker() {
        Recorder r = new Recorder();
        Scripted f = new Scripted();
        Task<String> t = new Task<>(r, f, 10);
        AtomicInteger woken = new AtomicInteger();
        t.registerJoinWaker(woken::incrementAndGet);
        t.detachHandle();
        f.ready = "x";
        run(t);
        assertThat(t.isComplete()).isTrue();
        assertThat(woken).hasValue(0);
    }

    @Test
    void concurrentWakes_scheduleAtMostOncePerIdlePeriod() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicInteger schedules = new AtomicInteger();
            TaskScheduler s = new TaskScheduler() {
                @Override
                public void schedule(Task<?> task) {
                    schedules.incrementAndGet();
                }

                @Override
                public void reschedule(Task<?> task) {
                    schedules.incrementAndGet();
                }

                @Override
                public void onComplete(Task<?> task) {}

                @Override
                public dev.weft.internal.context.Ambient ambient() {
                    return null;
                }
            };
            Task<String> t = new Task<>(s, new Scripted(), 11);
            run(t);
            Thread[] ts = new Thread[3];
            for (int i = 0; i < ts.length; i++) ts[i] = Thread.ofPlatform().start(t::wake);
            for (Thread th : ts) th.join();
            assertThat(schedules).hasValue(1);
        }
    }

    // ---------------------------------------------------------------- I12: the flags are bits of the state word

    /** Runs {@code a} and {@code b} on two threads released together, {@code rounds} times, each round fresh. */
    private static void race(int rounds, java.util.function.IntFunction<Runnable[]> round) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < rounds; i++) {
                Runnable[] ab = round.apply(i);
                java.util.concurrent.CyclicBarrier gate = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Future<?> fa = pool.submit(() -> {
                    gate.await();
                    ab[0].run();
                    return null;
                });
                java.util.concurrent.Future<?> fb = pool.submit(() -> {
                    gate.await();
                    ab[1].run();
                    return null;
                });
                fa.get(30, java.util.concurrent.TimeUnit.SECONDS);
                fb.get(30, java.util.concurrent.TimeUnit.SECONDS);
                ab[2].run(); // the round's checks
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void detachRacingAnAbortThatCompletesTheTask_losesNeitherTheFlagNorTheOutcome() throws Exception {
        // a flag written with a plain store, or a finish that rebuilt the word without the flags, loses one side
        race(5_000, i -> {
            Recorder r = new Recorder();
            Task<String> t = new Task<>(r, new Scripted(), i);
            run(t); // idle: an abort cancels it in place, on the aborting thread, and completes it
            return new Runnable[] {t::detachHandle, t::abort, () -> {
                assertThat(t.isDetached()).as("round %d: the detached flag", i).isTrue();
                assertThat(t.isComplete()).as("round %d: completed by the abort", i).isTrue();
                assertThat(t.outcomeCancelled()).as("round %d: cancelled", i).isTrue();
            }};
        });
    }

    @Test
    void detachRacingAFailingPoll_reportsTheFailureExactlyOnce() throws Exception {
        // the completer reports when it finds no join waker; the detacher when it finds the task failed; the
        // FAILURE_HANDLED bit lets exactly one of them report (a lost or doubled report fails the count)
        race(5_000, i -> {
            Recorder r = new Recorder();
            FailLater f = new FailLater();
            Task<String> t = new Task<>(r, f, i);
            run(t);
            t.registerJoinWaker(() -> {});
            f.failure = new IllegalStateException("race");
            t.wake();
            return new Runnable[] {() -> run(t), t::detachHandle, () -> {
                assertThat(t.isComplete()).isTrue();
                assertThat(t.isDetached()).isTrue();
                synchronized (r) {
                    assertThat(r.events).as("round %d", i).containsOnlyOnce("unobserved:race");
                }
            }};
        });
    }
}
