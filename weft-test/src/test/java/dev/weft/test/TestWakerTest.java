package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Futures;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Oneshot;
import dev.weft.time.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestWakerTest {

    @Test
    void example() throws Exception {
        // @start region=example
        TestWaker waker = new TestWaker();
        Oneshot.Channel<String> ch = Oneshot.channel();
        waker.pollPending(ch.receiver()); // registers the waker
        waker.assertNotWoken();
        ch.sender().send("hi"); // wakes it
        waker.assertWakeCount(1);
        assertThat(waker.pollReady(ch.receiver())).isEqualTo("hi");
        // @end
    }

    @Test
    void takeWakeCount_returnsTheCount_andResets() {
        TestWaker waker = new TestWaker();
        waker.wake();
        waker.wake();
        assertThat(waker.takeWakeCount()).isEqualTo(2);
        assertThat(waker.isWoken()).isFalse();
        waker.wake();
        waker.reset();
        waker.assertNotWoken();
    }

    @Test
    void assertions_onMismatch_failWithTheCounts() {
        TestWaker waker = new TestWaker();
        assertThatThrownBy(waker::assertWoken).isInstanceOf(AssertionError.class).hasMessageContaining("not");
        waker.wake();
        assertThatThrownBy(waker::assertNotWoken).hasMessageContaining("woken 1 time(s)");
        assertThatThrownBy(() -> waker.assertWakeCount(2)).hasMessage("wake count: 1 (expected: 2)");
    }

    @Test
    void pollReady_onPending_fails_andPollPending_onReady_fails() {
        TestWaker waker = new TestWaker();
        assertThatThrownBy(() -> waker.pollReady(Futures.pending())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("pending");
        assertThatThrownBy(() -> waker.pollPending(Futures.ready(3))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ready");
    }

    @Test
    void forbidWakes_wakeAfterCancel_isReportedWithTheWakersStack() {
        TestWaker waker = new TestWaker();
        AtomicWaker leakyRegistration = new AtomicWaker(); // a future that forgets to release its waker on cancel
        leakyRegistration.register(waker);
        waker.forbidWakes("cancel()");
        waker.assertNoForbiddenWake(); // nothing yet
        leakyRegistration.wake();
        assertThatThrownBy(waker::assertNoForbiddenWake).isInstanceOf(AssertionError.class)
                .hasMessageContaining("woken after cancel()")
                .satisfies(e -> assertThat(e.getStackTrace()).anySatisfy(
                        f -> assertThat(f.getMethodName()).isEqualTo(
                                "forbidWakes_wakeAfterCancel_isReportedWithTheWakersStack")));
    }

    @Test
    void forbidWakes_cancelledReceiver_isNeverWoken() {
        TestWaker waker = new TestWaker();
        Oneshot.Channel<String> ch = Oneshot.channel();
        waker.pollPending(ch.receiver());
        ch.receiver().cancel();
        waker.forbidWakes("the receiver was cancelled");
        ch.sender().send("late");
        waker.assertNoForbiddenWake();
    }

    @Test
    void awaitWake_wokenFromAnotherThread_returnsTrue() throws Exception {
        TestWaker waker = new TestWaker();
        Thread t = Thread.ofPlatform().start(waker::wake);
        assertThat(waker.awaitWake(Duration.ofMinutes(1))).isTrue();
        t.join();
        assertThat(waker.wakeCount()).isOne();
    }

    @Test
    void awaitWake_notWoken_returnsFalseAtTheTimeout() throws Exception {
        assertThat(new TestWaker().awaitWake(Duration.ZERO)).isFalse();
    }

    @Test
    void context_withBudget_rejectsNegative() {
        assertThatThrownBy(() -> new TestWaker().context(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget: -1 (expected: >= 0)");
        Context cx = new TestWaker().context(3);
        assertThat(cx.consumeBudget()).isTrue();
    }

    @WeftTest
    void contextOfHandle_carriesTheRuntime_soTimersUseItsClock(WeftRuntime rt) {
        TestWaker waker = new TestWaker();
        var sleep = Time.sleep(Duration.ofMillis(5));
        assertThat(sleep.poll(waker.context(rt.handle())).isPending()).isTrue();
        rt.blockOn(Time.advance(Duration.ofMillis(5)));
        waker.assertWakeCount(1);
        assertThat(sleep.poll(waker.context(rt.handle())).isReady()).isTrue();
    }
}
