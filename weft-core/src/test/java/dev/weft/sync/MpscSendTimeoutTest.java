package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.internal.future.Contexts;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.testkit.TestWaker;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Mpsc.Sender#sendTimeout}: each outcome, cancellation, the budget, and the race at the deadline. */
class MpscSendTimeoutTest {

    private static final Duration MS_50 = Duration.ofMillis(50);

    private static WeftRuntime paused() {
        return WeftRuntime.currentThread().startPaused(true).build();
    }

    @Test
    void sendTimeout_withRoom_isSentAtTheFirstPoll_underAnyExecutor() {
        Mpsc.Channel<String> ch = Mpsc.bounded(1);
        TestWaker w = new TestWaker();
        assertThat(w.pollReady(ch.sender().sendTimeout("a", MS_50))).isEqualTo(new Mpsc.SendTimeout.Sent<>());
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>("a"));
    }

    @Test
    void sendTimeout_unbounded_isSentAtOnce() {
        Mpsc.Channel<String> ch = Mpsc.unbounded();
        assertThat(new TestWaker().pollReady(ch.sender().sendTimeout("a", Duration.ZERO)))
                .isEqualTo(new Mpsc.SendTimeout.Sent<>());
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>("a"));
    }

    @Test
    void sendTimeout_receiverClosed_handsTheValueBackAsClosed() {
        Mpsc.Channel<String> ch = Mpsc.bounded(1);
        ch.receiver().close();
        assertThat(new TestWaker().pollReady(ch.sender().sendTimeout("a", MS_50)))
                .isEqualTo(new Mpsc.SendTimeout.Closed<>("a"));
    }

    @Test
    void sendTimeout_receiverClosedWhileWaiting_handsTheValueBackAsClosed() {
        try (WeftRuntime rt = paused()) {
            Mpsc.Channel<String> ch = Mpsc.bounded(1);
            ch.sender().trySend("full");
            Mpsc.SendTimeout<String> r = rt.blockOn(Async.async(() -> {
                JoinHandle<Void> closer = Tasks.spawn(Time.sleep(Duration.ofMillis(10)).map(v -> {
                    ch.receiver().close();
                    return null;
                }));
                Mpsc.SendTimeout<String> out = ch.sender().sendTimeout("b", MS_50).await();
                closer.await();
                return out;
            }));
            assertThat(r).isEqualTo(new Mpsc.SendTimeout.Closed<>("b"));
        }
    }

    @Test
    void sendTimeout_staysFull_elapsesAfterTheTimeout_withTheValueBack_andLeavesNoWaiter() {
        try (WeftRuntime rt = paused()) {
            Mpsc.Channel<String> ch = Mpsc.bounded(1);
            ch.sender().trySend("full");
            Duration[] waited = new Duration[1];
            Mpsc.SendTimeout<String> r = rt.blockOn(Async.async(() -> {
                var start = Time.now().await();
                Mpsc.SendTimeout<String> out = ch.sender().sendTimeout("late", MS_50).await();
                waited[0] = Time.now().await().durationSince(start);
                return out;
            }));
            assertThat(r).isEqualTo(new Mpsc.SendTimeout.Elapsed<>("late"));
            assertThat(waited[0]).isEqualTo(MS_50);
            MpscChan<?> chan = chanOf(ch);
            assertThat(!chan.hasSendWaiters()).isTrue();
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>("full"));
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Empty<>()); // "late" was not sent
        }
    }

    @Test
    void sendTimeout_slotFreedBeforeTheDeadline_isSent() {
        try (WeftRuntime rt = paused()) {
            Mpsc.Channel<String> ch = Mpsc.bounded(1);
            ch.sender().trySend("first");
            Mpsc.SendTimeout<String> r = rt.blockOn(Async.async(() -> {
                JoinHandle<Optional<String>> rx = Tasks.spawn(
                        Time.sleep(Duration.ofMillis(20)).then(v -> ch.receiver().recv()));
                Mpsc.SendTimeout<String> out = ch.sender().sendTimeout("second", MS_50).await();
                assertThat(rx.await()).contains("first");
                return out;
            }));
            assertThat(r).isEqualTo(new Mpsc.SendTimeout.Sent<>());
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>("second"));
        }
    }

    @Test
    void sendTimeout_slotFreedExactlyAtTheDeadline_isEitherSentOrHandedBack_neverBoth() {
        for (int i = 0; i < 50; i++) {
            try (WeftRuntime rt = paused()) {
                Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
                ch.sender().trySend(-1);
                int value = i;
                Mpsc.SendTimeout<Integer> r = rt.blockOn(Async.async(() -> {
                    JoinHandle<Optional<Integer>> rx = Tasks.spawn(
                            Time.sleep(MS_50).then(v -> ch.receiver().recv()));
                    Mpsc.SendTimeout<Integer> out = ch.sender().sendTimeout(value, MS_50).await();
                    assertThat(rx.await()).contains(-1);
                    return out;
                }));
                Mpsc.TryRecv<Integer> left = ch.receiver().tryRecv();
                if (r instanceof Mpsc.SendTimeout.Sent) {
                    assertThat(left).isEqualTo(new Mpsc.TryRecv.Received<>(value));
                } else {
                    assertThat(r).isEqualTo(new Mpsc.SendTimeout.Elapsed<>(value));
                    assertThat(left).isEqualTo(new Mpsc.TryRecv.Empty<>());
                }
            }
        }
    }

    @Test
    void sendTimeout_budgetSpent_zeroTimeout_withRoom_yieldsThenSends_neverElapses() {
        try (WeftRuntime rt = paused()) {
            Mpsc.Channel<String> ch = Mpsc.bounded(1);
            TestWaker w = new TestWaker();
            Future<Mpsc.SendTimeout<String>> f = ch.sender().sendTimeout("a", Duration.ZERO);
            Poll<Mpsc.SendTimeout<String>> first = rt.blockOn(Futures.pollFn(
                    cx -> Poll.ready(f.poll(Contexts.create(w, 0, Contexts.ambient(cx))))));
            assertThat(first.isPending()).isTrue(); // the budget is spent: yield, do not report Elapsed
            assertThat(w.isWoken()).isTrue();
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Empty<>());

            Poll<Mpsc.SendTimeout<String>> second = rt.blockOn(Futures.pollFn(
                    cx -> Poll.ready(f.poll(Contexts.create(w, 4, Contexts.ambient(cx))))));
            assertThat(second.value()).isEqualTo(new Mpsc.SendTimeout.Sent<>());
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>("a"));
        }
    }

    @Test
    void sendTimeout_cancelledWhileWaiting_sendsNothing_andPassesItsWakeUpOn() {
        try (WeftRuntime rt = paused()) {
            Mpsc.Channel<String> ch = Mpsc.bounded(1);
            ch.sender().trySend("full");
            TestWaker wa = new TestWaker();
            TestWaker wb = new TestWaker();
            Future<Mpsc.SendTimeout<String>> a = ch.sender().sendTimeout("a", MS_50);
            Future<Void> b = ch.sender().send("b");
            rt.blockOn(Futures.pollFn(cx -> {
                Context child = Contexts.create(wa, Context.UNCONSTRAINED, Contexts.ambient(cx));
                assertThat(a.poll(child).isPending()).isTrue();
                return Poll.ready(null);
            }));
            assertThat(wb.poll(b).isPending()).isTrue();

            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>("full")); // wakes a (first)
            assertThat(wa.isWoken()).isTrue();
            assertThat(wb.isWoken()).isFalse();
            a.cancel();
            assertThat(wb.isWoken()).isTrue(); // a's wake-up passed on to b

            assertThat(wb.poll(b).isReady()).isTrue();
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>("b"));
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Empty<>());
            assertThat(!chanOf(ch).hasSendWaiters()).isTrue();
        }
    }

    @Test
    void sendTimeout_badArguments_failFast() {
        Mpsc.Channel<String> ch = Mpsc.bounded(1);
        assertThatThrownBy(() -> ch.sender().sendTimeout("a", Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout: PT-0.001S");
        assertThatThrownBy(() -> ch.sender().sendTimeout(null, MS_50)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ch.sender().sendTimeout("a", null)).isInstanceOf(NullPointerException.class);
        Mpsc.Sender<String> tx = ch.sender().clone();
        tx.close();
        assertThatThrownBy(() -> tx.sendTimeout("a", MS_50)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendTimeout_polledAfterCompletion_failsFast() {
        Mpsc.Channel<String> ch = Mpsc.bounded(1);
        TestWaker w = new TestWaker();
        Future<Mpsc.SendTimeout<String>> f = ch.sender().sendTimeout("a", MS_50);
        w.pollReady(f);
        assertThatThrownBy(() -> w.poll(f)).isInstanceOf(IllegalStateException.class);
    }

    private static MpscChan<?> chanOf(Mpsc.Channel<?> ch) {
        return ch.sender().chan();
    }
}
