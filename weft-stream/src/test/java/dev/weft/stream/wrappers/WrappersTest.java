package dev.weft.stream.wrappers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.runtime.WeftRuntime;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamPoll;
import dev.weft.sync.Broadcast;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Watch;
import dev.weft.task.Tasks;
import dev.weft.test.TestWaker;
import dev.weft.test.WeftTest;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tokio-stream wrappers over weft-core's channels and interval. */
class WrappersTest {

    private final TestWaker waker = new TestWaker();
    private final Context cx = new Context(waker);

    /** Polls {@code stream} by hand with a context that carries the polling runtime's ambient state. */
    private static <T> StreamPoll<T> pollOnRuntime(Stream<T> stream, Waker w) {
        Context.Child child = new Context.Child();
        return Futures.<StreamPoll<T>>pollFn(c -> {
            try {
                return Poll.ready(stream.pollNext(child.enter(c, w)));
            } finally {
                child.exit(c);
            }
        }).await();
    }

    /** Waits for {@code stream}'s next element with many short timeouts, each of which cancels a {@code next()}. */
    private static <T> Optional<T> nextThroughTimeouts(Stream<T> stream, AtomicInteger timedOut) {
        for (;;) {
            try {
                return Time.timeout(Duration.ofMillis(7), stream.next()).await();
            } catch (TimeoutElapsedException e) {
                timedOut.incrementAndGet();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // ReceiverStream

    @Test
    void receiverStream_yieldsMessagesInOrder_thenEndsWhenSendersClose() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(4);
        ReceiverStream<Integer> s = new ReceiverStream<>(ch.receiver());
        ch.sender().trySend(1);
        ch.sender().trySend(2);
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item(1));
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item(2));
        assertThat(s.pollNext(cx).isPending()).isTrue();
        ch.sender().trySend(3);
        assertThat(waker.wakeCount()).isEqualTo(1);
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item(3));
        ch.sender().close();
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(s.pollNext(cx).isEnd()).isTrue(); // fused
        s.cancel(); // no-op after End
    }

    @Test
    void receiverStream_cancel_closesTheReceiver() {
        Mpsc.Channel<String> ch = Mpsc.bounded(4);
        ReceiverStream<String> s = new ReceiverStream<>(ch.receiver());
        assertThat(s.pollNext(cx).isPending()).isTrue();
        s.cancel();
        assertThat(ch.sender().isClosed()).isTrue();
        assertThat(ch.sender().trySend("late")).isEqualTo(new Mpsc.TrySend.Closed<>("late"));
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        s.cancel(); // idempotent
    }

    @Test
    void receiverStream_close_stopsSendersButDrainsBuffered() {
        Mpsc.Channel<String> ch = Mpsc.bounded(4);
        ReceiverStream<String> s = new ReceiverStream<>(ch.receiver());
        ch.sender().trySend("a");
        s.close();
        assertThat(ch.sender().trySend("b")).isInstanceOf(Mpsc.TrySend.Closed.class);
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item("a"));
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void receiverStream_cancelledNextBetweenMessages_losesNothing() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
        ReceiverStream<Integer> s = new ReceiverStream<>(ch.receiver());
        Future<Optional<Integer>> next = s.next();
        assertThat(next.poll(cx).isPending()).isTrue();
        next.cancel(); // a select loser
        ch.sender().trySend(7);
        assertThat(s.next().poll(cx)).isEqualTo(Poll.ready(Optional.of(7)));
    }

    @WeftTest
    void receiverStream_onPausedRuntime_timeoutsBetweenMessagesLoseNothing(WeftRuntime rt) {
        AtomicInteger timedOut = new AtomicInteger();
        List<Integer> got = rt.blockOn(Async.async(() -> {
            Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
            Tasks.spawnAsync(() -> {
                for (int i = 0; i < 5; i++) {
                    Time.sleep(Duration.ofMillis(20)).await();
                    ch.sender().send(i).await();
                }
                ch.sender().close();
                return null;
            });
            ReceiverStream<Integer> s = new ReceiverStream<>(ch.receiver());
            List<Integer> out = new ArrayList<>();
            for (Optional<Integer> v = nextThroughTimeouts(s, timedOut); v.isPresent(); v = nextThroughTimeouts(s, timedOut)) {
                out.add(v.get());
            }
            return out;
        }));
        assertThat(got).containsExactly(0, 1, 2, 3, 4);
        assertThat(timedOut.get()).isGreaterThanOrEqualTo(5); // every gap of 20 ms outlasts a 7 ms timeout
    }

    @Test
    void receiverStream_rejectsNull() {
        assertThatThrownBy(() -> new ReceiverStream<>(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("receiver");
    }

    // ---------------------------------------------------------------------------------------------------------
    // BroadcastStream

    @Test
    void broadcastStream_reportsLagInBand_thenContinues_thenEnds() {
        Broadcast.Channel<Integer> ch = Broadcast.channel(2);
        BroadcastStream<Integer> s = new BroadcastStream<>(ch.receiver());
        for (int i = 0; i < 5; i++) ch.sender().send(i);
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item(new BroadcastItem.Lagged<Integer>(3)));
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item(new BroadcastItem.Message<>(3)));
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item(new BroadcastItem.Message<>(4)));
        assertThat(s.pollNext(cx).isPending()).isTrue();
        ch.sender().close();
        assertThat(waker.wakeCount()).isEqualTo(1);
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void broadcastStream_filterMapMessage_dropsLagNotices() {
        Broadcast.Channel<String> ch = Broadcast.channel(1);
        Stream<String> s = new BroadcastStream<>(ch.receiver()).filterMap(BroadcastItem::message);
        ch.sender().send("old");
        ch.sender().send("new");
        ch.sender().close();
        assertThat(s.collect().await()).containsExactly("new");
    }

    @Test
    void broadcastStream_cancel_unsubscribes() {
        Broadcast.Channel<String> ch = Broadcast.channel(4);
        BroadcastStream<String> s = new BroadcastStream<>(ch.receiver());
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(ch.sender().receiverCount()).isEqualTo(1);
        s.cancel();
        assertThat(ch.sender().receiverCount()).isZero();
        assertThat(ch.sender().send("x")).isEqualTo(new Broadcast.SendResult.Closed<>("x"));
        assertThat(waker.wakeCount()).isZero(); // the waiter was removed
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void broadcastStream_cancelledNextBetweenMessages_losesNothing() {
        Broadcast.Channel<Integer> ch = Broadcast.channel(4);
        BroadcastStream<Integer> s = new BroadcastStream<>(ch.receiver());
        Future<Optional<BroadcastItem<Integer>>> next = s.next();
        assertThat(next.poll(cx).isPending()).isTrue();
        next.cancel();
        ch.sender().send(9);
        assertThat(s.next().poll(cx)).isEqualTo(Poll.ready(Optional.of(new BroadcastItem.Message<>(9))));
    }

    @Test
    void broadcastItem_message_isPresentOnlyForMessages() {
        assertThat(new BroadcastItem.Message<>("m").message()).contains("m");
        assertThat(new BroadcastItem.Lagged<String>(2).message()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // WatchStream

    @Test
    void watchStream_yieldsCurrentThenLatestChange_thenEndsWhenSenderCloses() {
        Watch.Channel<String> ch = Watch.channel("v0");
        WatchStream<String> s = new WatchStream<>(ch.receiver());
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item("v0"));
        assertThat(s.pollNext(cx).isPending()).isTrue();
        ch.sender().send("v1");
        ch.sender().send("v2"); // v1 is skipped: a watch keeps only the latest
        assertThat(waker.wakeCount()).isGreaterThanOrEqualTo(1);
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item("v2"));
        assertThat(s.pollNext(cx).isPending()).isTrue();
        ch.sender().send("v3");
        ch.sender().close();
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item("v3")); // the last value is not lost to the close
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void watchStream_fromChanges_skipsTheSeenCurrentValue() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        WatchStream<Integer> s = WatchStream.fromChanges(ch.receiver());
        assertThat(s.pollNext(cx).isPending()).isTrue();
        ch.sender().send(1);
        assertThat(s.pollNext(cx)).isEqualTo(StreamPoll.item(1));
        ch.sender().close();
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void watchStream_cancel_closesTheReceiver() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        WatchStream<Integer> s = WatchStream.fromChanges(ch.receiver());
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(ch.sender().receiverCount()).isEqualTo(1);
        s.cancel();
        assertThat(ch.sender().receiverCount()).isZero();
        assertThat(ch.sender().send(1)).isEqualTo(new Watch.SendResult.Closed<>(1));
        assertThat(waker.wakeCount()).isZero();
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void watchStream_cancelledNextBetweenChanges_losesNothing() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        WatchStream<Integer> s = WatchStream.fromChanges(ch.receiver());
        Future<Optional<Integer>> next = s.next();
        assertThat(next.poll(cx).isPending()).isTrue();
        next.cancel();
        ch.sender().send(5);
        assertThat(s.next().poll(cx)).isEqualTo(Poll.ready(Optional.of(5)));
    }

    // ---------------------------------------------------------------------------------------------------------
    // IntervalStream

    @WeftTest
    void intervalStream_yieldsEachScheduledTick(WeftRuntime rt) {
        List<Duration> offsets = rt.blockOn(Async.async(() -> {
            MonotonicInstant start = Time.now().await();
            List<MonotonicInstant> ticks = new IntervalStream(Time.interval(Duration.ofSeconds(1))).take(3)
                    .collect().await();
            assertThat(Time.now().await()).isEqualTo(start.plus(Duration.ofSeconds(2)));
            return ticks.stream().map(t -> t.durationSince(start)).toList();
        }));
        assertThat(offsets).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @WeftTest
    void intervalStream_cancel_removesTheTimer_soNoWakeArrives(WeftRuntime rt) {
        int[] wakes = rt.blockOn(Async.async(() -> {
            TestWaker kept = new TestWaker();
            IntervalStream live = new IntervalStream(Time.interval(Duration.ofSeconds(1)));
            live.next().await(); // the first tick is at once
            assertThat(pollOnRuntime(live, kept).isPending()).isTrue();

            TestWaker dropped = new TestWaker();
            IntervalStream cancelled = new IntervalStream(Time.interval(Duration.ofSeconds(1)));
            cancelled.next().await();
            assertThat(pollOnRuntime(cancelled, dropped).isPending()).isTrue();
            cancelled.cancel();
            assertThat(cancelled.next().await()).isEmpty(); // ended by the cancel

            Time.advance(Duration.ofSeconds(3)).await();
            live.cancel();
            return new int[] {kept.wakeCount(), dropped.wakeCount()};
        }));
        assertThat(wakes[0]).isEqualTo(1); // control: a live interval's timer wakes its poller
        assertThat(wakes[1]).isZero();
    }

    @WeftTest
    void intervalStream_timeoutsBetweenTicksLoseNoTick(WeftRuntime rt) {
        AtomicInteger timedOut = new AtomicInteger();
        List<Duration> offsets = rt.blockOn(Async.async(() -> {
            MonotonicInstant start = Time.now().await();
            IntervalStream s = new IntervalStream(Time.interval(Duration.ofMillis(50)));
            List<Duration> out = new ArrayList<>();
            for (int i = 0; i < 4; i++) out.add(nextThroughTimeouts(s, timedOut).orElseThrow().durationSince(start));
            s.cancel();
            return out;
        }));
        assertThat(offsets).containsExactly(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(150));
        assertThat(timedOut.get()).isGreaterThanOrEqualTo(3 * 7); // 50 ms gaps, 7 ms timeouts
    }
}
