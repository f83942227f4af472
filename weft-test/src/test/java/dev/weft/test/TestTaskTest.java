package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestTaskTest {

    /** A future completed by {@link #complete}, recording cancel() calls. */
    static final class Gate implements Future<String> {
        final AtomicWaker waker = new AtomicWaker();
        volatile String value;
        int cancels;

        @Override
        public Poll<String> poll(Context cx) {
            if (value != null) return Poll.ready(value);
            waker.register(cx.waker());
            return value != null ? Poll.ready(value) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancels++;
        }

        void complete(String v) {
            value = v;
            waker.wake();
        }
    }

    @Test
    void example() {
        // @start region=example
        Gate gate = new Gate();
        TestTask<String> task = TestTask.of(gate);
        task.pollPending(); // registers the waker
        assertThat(task.isWoken()).isFalse();
        gate.complete("done"); // wakes the registered waker
        assertThat(task.isWoken()).isTrue();
        assertThat(task.pollReady()).isEqualTo("done");
        // @end
    }

    @WeftTest
    void within_pausedRuntime_timerFiresWhenTheClockIsAdvanced(WeftRuntime rt) {
        // @start region=within
        TestTask<Void> sleep = TestTask.within(rt.handle(), Time.sleep(Duration.ofSeconds(10)));
        sleep.pollPending(); // registers the timer with the runtime's paused clock
        rt.blockOn(Time.advance(Duration.ofSeconds(9)));
        assertThat(sleep.isWoken()).isFalse();
        rt.blockOn(Time.advance(Duration.ofSeconds(1)));
        assertThat(sleep.isWoken()).isTrue();
        sleep.pollReady();
        // @end
    }

    @WeftTest
    void within_cancelledWhilePending_releasesTheTimer_andNeverWakes(WeftRuntime rt) {
        TestTask<Void> sleep = TestTask.within(rt.handle(), Time.sleep(Duration.ofSeconds(10)));
        sleep.pollPending();
        sleep.cancel();
        sleep.waker().forbidWakes("the sleep was cancelled");
        rt.blockOn(Time.advance(Duration.ofSeconds(20)));
        sleep.waker().assertNoForbiddenWake();
        assertThat(sleep.wakeCount()).isZero();
    }

    @Test
    void within_nullRuntime_throwsNamingTheParameter() {
        assertThatThrownBy(() -> TestTask.within(null, Futures.ready(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("runtime");
    }

    @Test
    void poll_afterCompletion_throws() {
        TestTask<Integer> task = TestTask.of(Futures.ready(1));
        assertThat(task.pollReady()).isEqualTo(1);
        assertThatThrownBy(task::poll).isInstanceOf(IllegalStateException.class).hasMessageContaining("completed");
    }

    @Test
    void cancel_callsCancelOnce_andForbidsPolling() {
        Gate gate = new Gate();
        TestTask<String> task = TestTask.of(gate);
        task.pollPending();
        task.cancel();
        task.cancel();
        assertThat(gate.cancels).isEqualTo(1);
        assertThatThrownBy(task::poll).isInstanceOf(IllegalStateException.class).hasMessageContaining("cancel");
    }

    @Test
    void pollReady_onPendingFuture_fails() {
        TestTask<Object> task = TestTask.of(Futures.pending());
        assertThatThrownBy(task::pollReady).isInstanceOf(AssertionError.class).hasMessageContaining("pending");
        assertThat(task.pollCount()).isEqualTo(1);
    }

    @Test
    void withBudget_limitsConsumption() {
        TestTask<Integer> task = TestTask.withBudget(cx -> {
            int n = 0;
            while (cx.consumeBudget()) n++;
            return Poll.ready(n);
        }, 5);
        assertThat(task.pollReady()).isEqualTo(5);
        assertThat(task.wakeCount()).isEqualTo(1); // exhausting the budget wakes the task
    }
}
