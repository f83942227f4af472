package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** {@link Broadcast.Receiver#tryRecv()} and {@link Watch.Sender#closed()}. */
class BroadcastWatchExtrasTest {

    // ---- Broadcast.Receiver.tryRecv ----

    @Test
    void broadcastTryRecv_empty_thenReceived_thenEmpty() {
        Broadcast.Channel<String> ch = Broadcast.channel(2);
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Empty<>());
        ch.sender().send("a");
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>("a"));
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Empty<>());
    }

    @Test
    void broadcastTryRecv_lagged_reportsSkippedOnce_thenOldestRetained() {
        Broadcast.Channel<Integer> ch = Broadcast.channel(2);
        for (int i = 0; i < 5; i++) ch.sender().send(i);
        Broadcast.Receiver<Integer> rx = ch.receiver();
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Lagged<>(3));
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>(3));
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>(4));
        assertThat(rx.tryRecv()).isEqualTo(new Broadcast.TryRecv.Empty<>());
    }

    @Test
    void broadcastTryRecv_senderClosed_drainsThenClosed() {
        Broadcast.Channel<String> ch = Broadcast.channel(2);
        ch.sender().send("last");
        ch.sender().close();
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>("last"));
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Closed<>());
    }

    @Test
    void broadcastTryRecv_andRecv_shareOnePosition() {
        Broadcast.Channel<String> ch = Broadcast.channel(4);
        ch.sender().send("a");
        ch.sender().send("b");
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>("a"));
        assertThat(new TestWaker().pollReady(ch.receiver().recv())).isEqualTo(new Broadcast.Recv.Message<>("b"));
    }

    @Test
    void broadcastTryRecv_onClosedReceiver_failsFast() {
        Broadcast.Channel<String> ch = Broadcast.channel(2);
        ch.receiver().close();
        assertThatThrownBy(() -> ch.receiver().tryRecv()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed Broadcast.Receiver");
    }

    // ---- Watch.Sender.closed ----

    @Test
    void watchClosed_completesWhenTheLastReceiverCloses_notBefore() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        Watch.Receiver<Integer> second = ch.receiver().clone();
        TestWaker w = new TestWaker();
        Future<Void> closed = ch.sender().closed();

        assertThat(w.poll(closed).isPending()).isTrue();
        assertThat(ch.sender().isClosed()).isFalse();
        ch.receiver().close();
        assertThat(w.isWoken()).isFalse();
        assertThat(w.poll(closed).isPending()).isTrue();

        second.close();
        assertThat(w.isWoken()).isTrue();
        assertThat(ch.sender().isClosed()).isTrue();
        assertThat(w.poll(closed).isReady()).isTrue();
    }

    @Test
    void watchClosed_withNoReceiver_isReadyAtOnce() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        ch.receiver().close();
        assertThat(new TestWaker().poll(ch.sender().closed()).isReady()).isTrue();
    }

    @Test
    void watchClosed_cancelled_isNotWokenAndLeavesNoWaiter() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        TestWaker w = new TestWaker();
        Future<Void> closed = ch.sender().closed();
        assertThat(w.poll(closed).isPending()).isTrue();
        closed.cancel();
        ch.receiver().close();
        assertThat(w.isWoken()).isFalse();
        assertThat(ch.sender().isClosed()).isTrue();
    }

    @Test
    void watchClosed_subscribeKeepsItPending() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        Watch.Receiver<Integer> late = ch.sender().subscribe();
        TestWaker w = new TestWaker();
        Future<Void> closed = ch.sender().closed();
        ch.receiver().close();
        assertThat(w.poll(closed).isPending()).isTrue();
        late.close();
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(closed).isReady()).isTrue();
    }

    @RepeatedTest(20)
    void watchClosed_racingWithTheLastClose_neverLosesTheWakeUp() throws Exception {
        Watch.Channel<Integer> ch = Watch.channel(0);
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().daemon().start(() -> {
            ch.sender().closed().await();
            done.countDown();
        });
        Thread closer = Thread.ofPlatform().start(() -> ch.receiver().close());
        closer.join();
        assertThat(done.await(5, TimeUnit.SECONDS)).as("closed() woken").isTrue(); // a lost wake-up fails here
        waiter.join();
        assertThat(ch.sender().receiverCount()).isZero();
    }
}
