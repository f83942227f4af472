package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.internal.future.Contexts;
import dev.weft.time.PausedRuntime.TestTask;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutTest {
    private final PausedRuntime rt = new PausedRuntime();

    @AfterEach
    void closeRuntime() {
        rt.close();
    }

    /** A future completed by hand that counts its polls and cancels. */
    static final class Probe<T> implements Future<T> {
        final AtomicInteger cancels = new AtomicInteger();
        int polls;
        T value;
        RuntimeException failure;
        boolean ready;

        @Override
        public Poll<T> poll(Context cx) {
            polls++;
            if (failure != null) throw failure;
            return ready ? Poll.ready(value) : Poll.pending();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    }

    @Test
    void innerCompletesInTime_valueIsReturned_andTheTimerIsRemoved() {
        Probe<String> inner = new Probe<>();
        TestTask<String> t = rt.task(Time.timeout(Duration.ofSeconds(1), inner));
        assertThat(t.poll().isPending()).isTrue();
        assertThat(rt.timeDriver().entryCount()).isOne();
        rt.advance(Duration.ofMillis(999));
        inner.ready = true;
        inner.value = "ok";
        assertThat(t.poll().value()).isEqualTo("ok");
        assertThat(inner.cancels).hasValue(0);
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void deadlinePasses_innerIsCancelledExactlyOnce_andElapsedIsThrown() {
        Probe<String> inner = new Probe<>();
        MonotonicInstant start = rt.now();
        TestTask<String> t = rt.task(Time.timeout(Duration.ofMillis(50), inner));
        t.poll();
        rt.advance(Duration.ofMillis(49));
        assertThat(t.wakeCount()).isZero();
        rt.advance(Duration.ofMillis(1));
        assertThat(t.wakeCount()).isOne();
        t.poll();
        assertThat(t.failure()).isInstanceOf(TimeoutElapsedException.class)
                .hasMessageContaining("PT0.05S");
        TimeoutElapsedException e = (TimeoutElapsedException) t.failure();
        assertThat(e.deadline()).isEqualTo(start.plus(Duration.ofMillis(50)));
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(inner.cancels).hasValue(1);
        t.cancel(); // the owner cancelling afterwards must not cancel the inner future again
        assertThat(inner.cancels).hasValue(1);
        assertThat(rt.timeDriver().entryCount()).isZero();
        assertThatThrownBy(() -> t.future().poll(Contexts.create(() -> {}, Context.UNCONSTRAINED, rt.ambient())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after it completed");
    }

    @Test
    void innerReadyAtTheDeadline_wins() {
        Probe<Integer> inner = new Probe<>();
        TestTask<Integer> t = rt.task(Time.timeout(Duration.ofMillis(5), inner));
        t.poll();
        rt.advance(Duration.ofMillis(5));
        inner.ready = true;
        inner.value = 3;
        assertThat(t.poll().value()).isEqualTo(3);
        assertThat(inner.cancels).hasValue(0);
    }

    @Test
    void innerFails_failurePropagates_andTheTimerIsRemoved() {
        Probe<Integer> inner = new Probe<>();
        TestTask<Integer> t = rt.task(Time.timeout(Duration.ofMillis(5), inner));
        t.poll();
        inner.failure = new IllegalArgumentException("boom");
        t.poll();
        assertThat(t.failure()).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(inner.cancels).hasValue(0);
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void cancellingTheTimeout_cancelsInnerOnce_andRemovesTheTimer() {
        Probe<Integer> inner = new Probe<>();
        TestTask<Integer> t = rt.task(Time.timeout(Duration.ofSeconds(5), inner));
        t.poll();
        t.cancel();
        t.cancel();
        assertThat(inner.cancels).hasValue(1);
        assertThat(rt.timeDriver().entryCount()).isZero();
        rt.advance(Duration.ofSeconds(10));
        assertThat(t.wakeCount()).isZero();
    }

    @Test
    void timeoutAt_usesTheAbsoluteDeadline() {
        MonotonicInstant deadline = rt.now().plus(Duration.ofMillis(20));
        TestTask<Void> t = rt.task(Time.timeoutAt(deadline, Time.sleep(Duration.ofSeconds(1))));
        t.poll();
        rt.advance(Duration.ofMillis(20));
        t.poll();
        assertThat(t.failure()).isInstanceOf(TimeoutElapsedException.class);
        assertThat(((TimeoutElapsedException) t.failure()).timeout()).isNull();
        assertThat(rt.timeDriver().entryCount()).as("the inner sleep was cancelled too").isZero();
    }

    @Test
    void blockOn_timeoutAroundALongerSleep_elapsesAtTheTimeout() {
        MonotonicInstant start = rt.now();
        assertThatThrownBy(() -> rt.blockOn(Time.timeout(Duration.ofSeconds(1), Time.sleep(Duration.ofSeconds(5)))))
                .isInstanceOf(TimeoutElapsedException.class);
        assertThat(rt.now()).isEqualTo(start.plus(Duration.ofSeconds(1)));
        assertThat(rt.timeDriver().entryCount()).isZero();
        assertThat(rt.blockOn(Time.timeout(Duration.ofSeconds(1), Futures.ready("fast")))).isEqualTo("fast");
    }

    @Test
    void badArguments_failFast() {
        assertThatThrownBy(() -> Time.timeout(Duration.ofMillis(-1), Futures.ready(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Time.timeout(Duration.ofMillis(1), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("future");
        assertThatThrownBy(() -> Time.timeoutAt(null, Futures.ready(1))).isInstanceOf(NullPointerException.class);
    }
}
