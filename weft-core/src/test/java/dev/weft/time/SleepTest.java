package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.time.TimerEntry;
import dev.weft.time.PausedRuntime.TestTask;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SleepTest {
    private final PausedRuntime rt = new PausedRuntime();

    @AfterEach
    void closeRuntime() {
        rt.close();
    }

    @Test
    void sleep_completesAtItsDeadline_notBefore() {
        MonotonicInstant start = rt.now();
        TestTask<Void> t = rt.task(Time.sleep(Duration.ofMillis(100)));
        assertThat(t.poll().isPending()).isTrue();
        Sleep s = (Sleep) t.future();
        assertThat(s.deadline()).isEqualTo(start.plus(Duration.ofMillis(100)));
        rt.advance(Duration.ofMillis(99));
        assertThat(t.wakeCount()).isZero();
        assertThat(s.isElapsed()).isFalse();
        assertThat(t.poll().isPending()).isTrue();
        rt.advance(Duration.ofMillis(1));
        assertThat(t.wakeCount()).isOne();
        assertThat(s.isElapsed()).isTrue();
        assertThat(t.poll().isReady()).isTrue();
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void sleep_deadlineIsFixedAtFirstPoll() {
        Sleep s = Time.sleep(Duration.ofSeconds(1));
        assertThatThrownBy(s::deadline).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fixed at its first poll");
        rt.advance(Duration.ofSeconds(5));
        MonotonicInstant firstPoll = rt.now();
        rt.task(s).poll();
        assertThat(s.deadline()).isEqualTo(firstPoll.plus(Duration.ofSeconds(1)));
    }

    @Test
    void sleepUntil_pastDeadline_isReadyAtFirstPoll() {
        rt.advance(Duration.ofMillis(10));
        TestTask<Void> t = rt.task(Time.sleepUntil(rt.now().minus(Duration.ofMillis(5))));
        assertThat(t.poll().isReady()).isTrue();
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void sleep_zero_isReadyAtOnceOnATickBoundary() {
        assertThat(rt.task(Time.sleep(Duration.ZERO)).poll().isReady()).isTrue();
    }

    @Test
    void reset_reusesTheEntry_whilePending_andAfterCompletion() {
        MonotonicInstant t0 = rt.now();
        Sleep s = Time.sleepUntil(t0.plus(Duration.ofSeconds(10)));
        TimerEntry entry = s.entry();
        TestTask<Void> t = rt.task(s);
        assertThat(t.poll().isPending()).isTrue();
        s.reset(t0.plus(Duration.ofMillis(20))); // earlier, while pending: wakes at the new deadline
        assertThat(rt.timeDriver().entryCount()).isOne();
        rt.advance(Duration.ofMillis(20));
        assertThat(t.wakeCount()).isOne();
        assertThat(t.poll().isReady()).isTrue();
        s.reset(t0.plus(Duration.ofMillis(50))); // after completion: usable again
        assertThat(s.isElapsed()).isFalse();
        assertThat(t.poll().isPending()).isTrue();
        rt.advance(Duration.ofMillis(30));
        assertThat(t.poll().isReady()).isTrue();
        s.reset(rt.now().minus(Duration.ofMillis(1))); // to the past: fires at once and wakes
        assertThat(s.isElapsed()).isTrue();
        assertThat(s.entry()).isSameAs(entry);
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void reset_beforeFirstPoll_justMovesTheDeadline() {
        Sleep s = Time.sleep(Duration.ofSeconds(1));
        MonotonicInstant target = rt.now().plus(Duration.ofMillis(3));
        s.reset(target);
        assertThat(s.deadline()).isEqualTo(target);
        assertThat(rt.timeDriver().entryCount()).isZero();
        TestTask<Void> t = rt.task(s);
        t.poll();
        rt.advance(Duration.ofMillis(3));
        assertThat(t.poll().isReady()).isTrue();
    }

    @Test
    void cancel_removesTheEntry_andNoWakeUpFollows() {
        TestTask<Void> t = rt.task(Time.sleep(Duration.ofMillis(5)));
        t.poll();
        assertThat(rt.timeDriver().entryCount()).isOne();
        t.cancel();
        assertThat(rt.timeDriver().entryCount()).isZero();
        t.cancel(); // idempotent
        rt.advance(Duration.ofSeconds(1));
        assertThat(t.wakeCount()).isZero();
        Sleep never = Time.sleep(Duration.ofMillis(5));
        never.cancel(); // cancel before any poll releases nothing and does not throw
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    /** The seed's select loop makes and drops a 1 s sleep per iteration: this must leak nothing. */
    @Test
    void millionSleeps_registeredAndCancelled_leaveNoEntry() {
        Context cx = Contexts.create(Waker.noop(), Context.UNCONSTRAINED, rt.ambient());
        for (int i = 0; i < 1_000_000; i++) {
            Sleep s = Time.sleep(Duration.ofSeconds(1));
            if (!s.poll(cx).isPending()) throw new AssertionError("sleep " + i + " completed early");
            s.cancel();
        }
        assertThat(rt.timeDriver().entryCount()).isZero();
        rt.advance(Duration.ofSeconds(2));
        assertThat(rt.timeDriver().processExpired()).isZero();
    }

    @Test
    void completion_consumesTheBudget() {
        TestTask<Void> t = rt.task(Time.sleep(Duration.ofMillis(1)), 0);
        t.poll();
        rt.advance(Duration.ofMillis(1));
        int wakesBefore = t.wakeCount();
        assertThat(t.pollWithBudget(0).isPending()).as("budget spent: yield").isTrue();
        assertThat(t.wakeCount()).as("the budget check woke the task").isEqualTo(wakesBefore + 1);
        Context cx = Contexts.create(Waker.noop(), 5, rt.ambient());
        Sleep s = Time.sleep(Duration.ZERO);
        assertThat(s.poll(cx).isReady()).isTrue();
        assertThat(cx.remainingBudget()).isEqualTo(4);
        assertThat(t.pollWithBudget(1).isReady()).isTrue();
    }

    @Test
    void polledOutsideARuntime_failsWithHowToFix() {
        Context plain = new Context(Waker.noop());
        assertThatThrownBy(() -> Time.sleep(Duration.ofMillis(1)).poll(plain))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("polled outside a Weft runtime")
                .hasMessageContaining("WeftRuntime.blockOn")
                .hasMessageContaining("Every Weft runtime has timers")
                .hasMessageNotContaining("without timers")
                .hasMessageNotContaining("time enabled");
        assertThatThrownBy(() -> Time.sleep(Duration.ofMillis(1)).await())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badArguments_failFast() {
        assertThatThrownBy(() -> Time.sleep(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration: PT-0.001S (expected: >= 0)");
        assertThatThrownBy(() -> Time.sleep(null)).isInstanceOf(NullPointerException.class).hasMessage("duration");
        assertThatThrownBy(() -> Time.sleepUntil(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Time.sleep(Duration.ofSeconds(1)).reset(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void hugeDurations_saturate_andNeverFire() {
        TestTask<Void> t = rt.task(Time.sleep(Duration.ofDays(365L * 1000)));
        assertThat(t.poll().isPending()).isTrue();
        rt.advance(Duration.ofDays(365L * 3));
        assertThat(t.poll().isPending()).isTrue();
        t.cancel();
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void insideAnAsyncBlock_findsTheRuntimeThroughTheAmbient() {
        MonotonicInstant start = rt.now();
        Future<MonotonicInstant> block = Async.async(() -> {
            Time.sleep(Duration.ofSeconds(5)).await();
            return Time.now().await();
        });
        MonotonicInstant woke = rt.blockOn(block);
        assertThat(woke).isEqualTo(start.plus(Duration.ofSeconds(5)));
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void blockOn_autoAdvances_throughComposedSleeps() {
        MonotonicInstant start = rt.now();
        Future<Integer> f = Time.sleep(Duration.ofMillis(300))
                .then(v -> Time.sleep(Duration.ofSeconds(2)))
                .then(v -> Futures.ready(7));
        assertThat(rt.blockOn(f)).isEqualTo(7);
        assertThat(rt.now()).isEqualTo(start.plus(Duration.ofMillis(2300)));
    }

    @Test
    void now_pause_resume_advance_actOnThePollingRuntime() {
        MonotonicInstant t0 = rt.blockOn(Time.now());
        assertThat(Time.now(Contexts.create(Waker.noop(), Context.UNCONSTRAINED, rt.ambient()))).isEqualTo(t0);
        TestTask<Void> sleeper = rt.task(Time.sleep(Duration.ofMillis(40)));
        sleeper.poll();
        TestTask<Void> adv = rt.task(Time.advance(Duration.ofMillis(40)));
        assertThat(adv.poll().isPending()).as("advance yields once").isTrue();
        assertThat(adv.wakeCount()).isOne();
        assertThat(sleeper.wakeCount()).as("the due timer fired during advance").isOne();
        assertThat(adv.poll().isReady()).isTrue();
        assertThat(rt.now()).isEqualTo(t0.plus(Duration.ofMillis(40)));
        TestTask<Void> pauseAgain = rt.task(Time.pause());
        pauseAgain.poll();
        assertThat(pauseAgain.failure()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already paused");
        assertThat(rt.task(Time.resume()).poll().isReady()).isTrue();
        assertThat(rt.clock().isPaused()).isFalse();
        TestTask<Void> advRunning = rt.task(Time.advance(Duration.ofMillis(1)));
        advRunning.poll();
        assertThat(advRunning.failure()).hasMessageContaining("not paused");
        assertThat(rt.task(Time.pause()).poll().isReady()).isTrue();
        assertThat(rt.clock().isPaused()).isTrue();
    }

    @Test
    void pause_onAMultiThreadRuntime_fails() {
        try (dev.weft.runtime.WeftRuntime mt = dev.weft.runtime.WeftRuntime.multiThread().workerThreads(1).build()) {
            Future<Void> pause = Time.pause();
            Context cx = mt.handle().newContext(Waker.noop(), Context.UNCONSTRAINED);
            assertThatThrownBy(() -> pause.poll(cx)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("requires the current-thread runtime");
        }
    }

    @Test
    void monotonicInstant_arithmeticSaturates() {
        MonotonicInstant a = new MonotonicInstant(1_000);
        assertThat(a.plus(Duration.ofNanos(5)).nanos()).isEqualTo(1_005);
        assertThat(a.plus(Duration.ofDays(365L * 10_000))).isEqualTo(MonotonicInstant.FAR_FUTURE);
        assertThat(a.minus(Duration.ofNanos(10)).nanos()).isEqualTo(990);
        assertThat(a.durationSince(new MonotonicInstant(400))).isEqualTo(Duration.ofNanos(600));
        assertThat(new MonotonicInstant(400).durationSince(a)).isEqualTo(Duration.ZERO);
        assertThat(a.isBefore(MonotonicInstant.FAR_FUTURE)).isTrue();
        assertThat(a.isAfter(new MonotonicInstant(0))).isTrue();
        assertThat(a.compareTo(new MonotonicInstant(1_000))).isZero();
    }

    @Test
    void pollAfterReady_staysReady() {
        Sleep s = Time.sleep(Duration.ZERO);
        Context cx = Contexts.create(Waker.noop(), Context.UNCONSTRAINED, rt.ambient());
        assertThat(s.poll(cx)).isEqualTo(Poll.ready(null));
        assertThat(s.poll(cx).isReady()).isTrue();
    }
}
