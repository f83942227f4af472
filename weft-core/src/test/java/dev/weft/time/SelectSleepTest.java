package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Select;
import dev.weft.time.PausedRuntime.TestTask;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A {@link Sleep} as a {@link Select} branch: its wake-up is armed only when the select goes pending (the
 * deferred-wake-up protocol), so a sleep that loses to a ready branch never touches the timer wheel.
 */
class SelectSleepTest {
    private final PausedRuntime rt = new PausedRuntime();

    @AfterEach
    void closeRuntime() {
        rt.close();
    }

    /** Pending until {@link #complete}; counts polls and cancels. */
    static final class Gate implements Future<String> {
        String value;
        int polls;
        int cancels;
        Runnable onPoll = () -> {};

        void complete(String v) {
            value = v;
        }

        @Override
        public Poll<String> poll(Context cx) {
            polls++;
            onPoll.run();
            return value != null ? Poll.ready(value) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }

    @RepeatedTest(20) // the start branch is random
    void readyBranch_wins_andTheSleepNeverTouchesTheWheel() {
        for (int i = 0; i < 50; i++) {
            Sleep s = Time.sleep(Duration.ofSeconds(1));
            TestTask<String> t = rt.task(Select.<String>select()
                    .on(Futures.ready("msg"), v -> v)
                    .on(s, x -> "timeout"));
            assertThat(t.poll()).isEqualTo(Poll.ready("msg"));
            assertThat(rt.timeDriver().entryCount()).isZero();
            assertThat(s.isElapsed()).isFalse();
            assertThat(s.driver()).as("never polled: postponed behind the ready branch").isNull();
        }
    }

    @RepeatedTest(10)
    void sleepUntil_inTheFuture_losingToAReadyBranch_isNotRegistered() {
        for (int i = 0; i < 50; i++) {
            Sleep s = Time.sleepUntil(rt.now().plus(Duration.ofMillis(5)));
            TestTask<String> t = rt.task(Select.<String>select()
                    .on(s, x -> "timeout")
                    .on(Futures.ready("msg"), v -> v));
            assertThat(t.poll()).isEqualTo(Poll.ready("msg"));
            assertThat(rt.timeDriver().entryCount()).isZero();
        }
    }

    @RepeatedTest(10)
    void pendingSelect_armsTheSleep_whichFiresAtItsDeadline() {
        MonotonicInstant start = rt.now();
        Gate gate = new Gate();
        Sleep s = Time.sleep(Duration.ofMillis(10));
        TestTask<String> t = rt.task(Select.<String>select()
                .on(gate, v -> v)
                .on(s, x -> "timeout"));
        assertThat(t.poll().isPending()).isTrue();
        assertThat(s.deadline()).as("fixed at the select's first poll").isEqualTo(start.plus(Duration.ofMillis(10)));
        assertThat(rt.timeDriver().entryCount()).isOne();
        rt.advance(Duration.ofMillis(9));
        assertThat(t.wakeCount()).isZero();
        rt.advance(Duration.ofMillis(1));
        assertThat(t.wakeCount()).isOne();
        assertThat(t.poll()).isEqualTo(Poll.ready("timeout"));
        assertThat(gate.cancels).as("the loser is cancelled once").isOne();
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void pendingSelect_thenOtherBranchWins_cancelsTheArmedSleep() {
        Gate gate = new Gate();
        Sleep s = Time.sleep(Duration.ofMillis(10));
        TestTask<String> t = rt.task(Select.<String>select().on(gate, v -> v).on(s, x -> "timeout"));
        assertThat(t.poll().isPending()).isTrue();
        assertThat(rt.timeDriver().entryCount()).isOne();
        gate.complete("msg");
        assertThat(t.poll()).isEqualTo(Poll.ready("msg"));
        assertThat(rt.timeDriver().entryCount()).isZero();
        rt.advance(Duration.ofMillis(20));
        assertThat(t.wakeCount()).as("no wake-up from the cancelled sleep").isZero();
    }

    @Test
    void cancellingAPendingSelect_removesTheSleepsEntry() {
        Gate gate = new Gate();
        TestTask<String> t = rt.task(Select.<String>select()
                .on(gate, v -> v)
                .on(Time.sleep(Duration.ofMillis(10)), x -> "timeout"));
        assertThat(t.poll().isPending()).isTrue();
        assertThat(rt.timeDriver().entryCount()).isOne();
        t.cancel();
        assertThat(gate.cancels).isOne();
        assertThat(rt.timeDriver().entryCount()).isZero();
        rt.advance(Duration.ofMillis(20));
        assertThat(t.wakeCount()).isZero();
    }

    @Test
    void cancellingBeforeTheFirstPoll_registersNothing() {
        Sleep s = Time.sleep(Duration.ofMillis(10));
        Select<String> sel = Select.<String>select().on(new Gate(), v -> v).on(s, x -> "timeout");
        sel.cancel();
        assertThat(rt.timeDriver().entryCount()).isZero();
        assertThat(s.isElapsed()).isFalse();
    }

    @Test
    void deadlinePassingBetweenTheDeferredPollAndArming_wakesTheTaskAtOnce() {
        Sleep s = Time.sleepUntil(rt.now().plus(Duration.ofMillis(1)));
        Gate gate = new Gate(); // polled after the sleep (biased): moves time past the deadline and fires
        gate.onPoll = () -> rt.advance(Duration.ofMillis(5));
        TestTask<String> t = rt.task(Select.<String>select().biased()
                .on(s, x -> "timeout")
                .on(gate, v -> v));
        assertThat(t.poll().isPending()).isTrue();
        assertThat(t.wakeCount()).as("armed after its deadline: the task is woken at once").isOne();
        assertThat(s.isElapsed()).isTrue();
        gate.onPoll = () -> {};
        assertThat(t.poll()).isEqualTo(Poll.ready("timeout"));
        assertThat(gate.cancels).isOne();
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void sleepAlreadyDue_competesFairlyAtTheFirstPoll() {
        int sleepWins = 0;
        for (int i = 0; i < 200; i++) {
            TestTask<String> t = rt.task(Select.<String>select()
                    .on(Futures.ready("msg"), v -> v)
                    .on(Time.sleep(Duration.ZERO), x -> "timeout"));
            if ("timeout".equals(t.poll().value())) sleepWins++;
            assertThat(rt.timeDriver().entryCount()).isZero();
        }
        assertThat(sleepWins).as("a due sleep is not postponed: it wins when polled first").isBetween(40, 160);
    }

    @Test
    void selectLoop_withAFreshSleepPerMessage_leavesNoEntries_andTimesOutWhenIdle() {
        long[] sum = {0};
        int[] messages = {3};
        Gate gate = new Gate();
        for (int i = 0; ; i++) {
            if (messages[0] > 0) {
                gate = new Gate();
                gate.complete("m");
                messages[0]--;
            } else {
                gate = new Gate();
            }
            Sleep s = Time.sleep(Duration.ofSeconds(1));
            TestTask<Boolean> t = rt.task(Select.<Boolean>select()
                    .on(gate, v -> {
                        sum[0]++;
                        return true;
                    })
                    .on(s, x -> false));
            if (t.poll().isReady()) {
                assertThat(rt.timeDriver().entryCount()).isZero();
                continue;
            }
            assertThat(rt.timeDriver().entryCount()).isOne();
            rt.advance(Duration.ofSeconds(1));
            assertThat(t.wakeCount()).isOne();
            assertThat(t.poll()).isEqualTo(Poll.ready(false));
            assertThat(i).isEqualTo(3);
            break;
        }
        assertThat(sum[0]).isEqualTo(3);
        assertThat(rt.timeDriver().entryCount()).isZero();
    }
}
