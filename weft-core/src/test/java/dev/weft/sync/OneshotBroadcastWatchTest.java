package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import org.junit.jupiter.api.Test;

class OneshotBroadcastWatchTest {

    // ---- Oneshot ----

    @Test
    void oneshot_send_wakesReceiverWithValue() {
        var ch = Oneshot.<String>channel();
        TestWaker w = new TestWaker();
        assertThat(w.poll(ch.receiver()).isPending()).isTrue();
        assertThat(ch.sender().send("v")).isInstanceOf(Oneshot.SendResult.Sent.class);
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(ch.receiver())).isEqualTo(Poll.ready("v"));
        assertThatThrownBy(() -> ch.sender().send("again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneshot_senderClosedWithoutSend_receiverFails() {
        var ch = Oneshot.<String>channel();
        TestWaker w = new TestWaker();
        assertThat(w.poll(ch.receiver()).isPending()).isTrue();
        ch.sender().close();
        assertThat(w.isWoken()).isTrue();
        assertThatThrownBy(ch.receiver()::await).isInstanceOf(RecvException.class);
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Oneshot.TryRecv.Closed.class);
    }

    @Test
    void oneshot_receiverCancelled_sendHandsValueBack_closedCompletes() {
        var ch = Oneshot.<String>channel();
        TestWaker w = new TestWaker();
        Future<Void> closed = ch.sender().closed();
        assertThat(w.poll(closed).isPending()).isTrue();
        assertThat(w.poll(ch.receiver()).isPending()).isTrue();
        ch.receiver().cancel();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(w.poll(closed).isReady()).isTrue();
        assertThat(ch.sender().isClosed()).isTrue();
        assertThat(ch.sender().send("x")).isEqualTo(new Oneshot.SendResult.Closed<>("x"));
    }

    @Test
    void oneshot_tryRecv_emptyThenReceived() {
        var ch = Oneshot.<Integer>channel();
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Oneshot.TryRecv.Empty.class);
        ch.sender().send(3);
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Oneshot.TryRecv.Received<>(3));
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Oneshot.TryRecv.Closed.class);
    }

    @Test
    void oneshot_acrossThreads() throws Exception {
        var ch = Oneshot.<Integer>channel();
        Thread t = Thread.ofPlatform().start(() -> ch.sender().send(42));
        assertThat(ch.receiver().await()).isEqualTo(42);
        t.join();
    }

    // ---- Broadcast ----

    @Test
    void broadcast_everyReceiverSeesEveryMessage() {
        var ch = Broadcast.<Integer>channel(4);
        var rx2 = ch.sender().subscribe();
        assertThat(ch.sender().receiverCount()).isEqualTo(2);
        assertThat(ch.sender().send(1)).isEqualTo(new Broadcast.SendResult.Sent<>(2));
        assertThat(ch.receiver().recv().await()).isEqualTo(new Broadcast.Recv.Message<>(1));
        assertThat(rx2.recv().await()).isEqualTo(new Broadcast.Recv.Message<>(1));
    }

    @Test
    void broadcast_slowReceiver_getsLaggedThenOldestRetained() {
        var ch = Broadcast.<Integer>channel(2);
        for (int i = 0; i < 5; i++) ch.sender().send(i);
        assertThat(ch.receiver().recv().await()).isEqualTo(new Broadcast.Recv.Lagged<>(3));
        assertThat(ch.receiver().recv().await()).isEqualTo(new Broadcast.Recv.Message<>(3));
        assertThat(ch.receiver().recv().await()).isEqualTo(new Broadcast.Recv.Message<>(4));
    }

    @Test
    void broadcast_lastSenderClosed_drainsThenClosed_andNoReceiversHandsBack() {
        var ch = Broadcast.<Integer>channel(4);
        var tx2 = ch.sender().clone();
        ch.sender().send(1);
        ch.sender().close();
        TestWaker w = new TestWaker();
        assertThat(w.poll(ch.receiver().recv())).isEqualTo(Poll.ready(new Broadcast.Recv.Message<>(1)));
        Future<Broadcast.Recv<Integer>> pending = ch.receiver().recv();
        assertThat(w.poll(pending).isPending()).isTrue();
        tx2.close();
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(pending).value()).isInstanceOf(Broadcast.Recv.Closed.class);
        ch.receiver().close();
        var ch2 = Broadcast.<Integer>channel(1);
        ch2.receiver().close();
        assertThat(ch2.sender().send(9)).isEqualTo(new Broadcast.SendResult.Closed<>(9));
    }

    @Test
    void broadcast_cancelledRecv_losesNothing() {
        var ch = Broadcast.<Integer>channel(4);
        TestWaker w = new TestWaker();
        Future<Broadcast.Recv<Integer>> r = ch.receiver().recv();
        assertThat(w.poll(r).isPending()).isTrue();
        ch.sender().send(7);
        assertThat(w.isWoken()).isTrue();
        r.cancel();
        assertThat(ch.receiver().recv().await()).isEqualTo(new Broadcast.Recv.Message<>(7));
    }

    // ---- Watch ----

    @Test
    void watch_changed_completesOnNewValue_andMarksSeen() {
        var ch = Watch.channel("a");
        var rx = ch.receiver();
        assertThat(rx.borrow()).isEqualTo("a");
        assertThat(rx.hasChanged()).isFalse();
        TestWaker w = new TestWaker();
        Future<Void> changed = rx.changed();
        assertThat(w.poll(changed).isPending()).isTrue();
        ch.sender().send("b");
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(changed).isReady()).isTrue();
        assertThat(rx.hasChanged()).isFalse();
        assertThat(rx.borrow()).isEqualTo("b");
        ch.sender().sendModify(s -> s + "c");
        assertThat(rx.hasChanged()).isTrue();
        assertThat(rx.borrowAndUpdate()).isEqualTo("bc");
        assertThat(rx.hasChanged()).isFalse();
    }

    @Test
    void watch_senderClosed_changedFailsAfterUnseenValue() {
        var ch = Watch.channel(1);
        var rx2 = ch.receiver().clone();
        ch.sender().send(2);
        ch.sender().close();
        assertThat(rx2.changed().await()).isNull();
        assertThatThrownBy(() -> rx2.changed().await()).isInstanceOf(RecvException.class);
        assertThatThrownBy(() -> ch.sender().send(3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void watch_noReceivers_sendHandsBack_sendReplaceStores() {
        var ch = Watch.channel(1);
        ch.receiver().close();
        assertThat(ch.sender().receiverCount()).isZero();
        assertThat(ch.sender().send(5)).isEqualTo(new Watch.SendResult.Closed<>(5));
        assertThat(ch.sender().sendReplace(6)).isEqualTo(1);
        var rx = ch.sender().subscribe();
        assertThat(rx.borrow()).isEqualTo(6);
        assertThat(rx.hasChanged()).isFalse();
    }

    @Test
    void watch_cancelledChanged_keepsValueUnseen() {
        var ch = Watch.channel(1);
        TestWaker w = new TestWaker();
        Future<Void> c = ch.receiver().changed();
        assertThat(w.poll(c).isPending()).isTrue();
        c.cancel();
        ch.sender().send(2);
        assertThat(w.isWoken()).isFalse();
        assertThat(ch.receiver().hasChanged()).isTrue();
    }
}
