package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testkit.TestWaker;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One way to report "closed" across every channel (the rule in the package documentation): a record named
 * {@code Closed} wherever a result can hold it, a {@link ChannelClosedException} only where it cannot. And one
 * naming scheme for the factories.
 */
class ChannelClosedTest {

    @Test
    void closed_nonWaitingResults_areARecordNamedClosed_holdingTheValue() {
        var mpsc = Mpsc.<String>bounded(1);
        mpsc.receiver().close();
        assertThat(mpsc.sender().trySend("m")).isEqualTo(new Mpsc.TrySend.Closed<>("m"));

        var drained = Mpsc.<String>unbounded();
        drained.sender().close();
        assertThat(drained.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Closed<>());

        var oneshot = Oneshot.<String>channel();
        oneshot.receiver().close();
        assertThat(oneshot.sender().send("o")).isEqualTo(new Oneshot.SendResult.Closed<>("o"));
        var oneshot2 = Oneshot.<String>channel();
        oneshot2.sender().close();
        assertThat(oneshot2.receiver().tryRecv()).isEqualTo(new Oneshot.TryRecv.Closed<>());

        var broadcast = Broadcast.<String>channel(2);
        broadcast.receiver().close();
        assertThat(broadcast.sender().send("b")).isEqualTo(new Broadcast.SendResult.Closed<>("b"));
        var broadcast2 = Broadcast.<String>channel(2);
        broadcast2.sender().close();
        assertThat(broadcast2.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Closed<>());

        var watch = Watch.channel("w0");
        watch.receiver().close();
        assertThat(watch.sender().isClosed()).isTrue();
        assertThat(watch.sender().send("w")).isEqualTo(new Watch.SendResult.Closed<>("w"));
    }

    @Test
    void closed_waitingFuturesWhoseValueCanSayIt_completeNormally() {
        var mpsc = Mpsc.<String>bounded(1);
        mpsc.sender().close();
        assertThat(mpsc.receiver().recv().await()).isEqualTo(Optional.empty());

        var broadcast = Broadcast.<String>channel(2);
        broadcast.sender().close();
        assertThat(broadcast.receiver().recv().await()).isEqualTo(new Broadcast.Recv.Closed<>());

        var timed = Mpsc.<String>bounded(1);
        timed.receiver().close();
        assertThat(timed.sender().sendTimeout("t", Duration.ofSeconds(1)).await())
                .isEqualTo(new Mpsc.SendTimeout.Closed<>("t"));
    }

    @Test
    void closed_waitingFuturesWithoutRoomForIt_failWithOneExceptionType() {
        var mpsc = Mpsc.<String>bounded(1);
        mpsc.receiver().close();
        assertThatThrownBy(() -> mpsc.sender().send("s").await()).isInstanceOf(ChannelClosedException.class)
                .isInstanceOfSatisfying(SendException.class, e -> assertThat(e.value()).isEqualTo("s"));
        assertThatThrownBy(() -> mpsc.sender().reserve().await()).isInstanceOf(ChannelClosedException.class)
                .isInstanceOf(SendException.class);

        var oneshot = Oneshot.<String>channel();
        oneshot.sender().close();
        assertThatThrownBy(() -> oneshot.receiver().await()).isInstanceOf(ChannelClosedException.class)
                .isInstanceOf(RecvException.class);

        var watch = Watch.channel("w0");
        watch.sender().close();
        assertThatThrownBy(() -> watch.receiver().changed().await()).isInstanceOf(ChannelClosedException.class)
                .isInstanceOf(RecvException.class);
    }

    @Test
    void closed_oneCatchClause_coversEveryChannel() {
        int caught = 0;
        var mpsc = Mpsc.<Integer>bounded(1);
        mpsc.receiver().close();
        var oneshot = Oneshot.<Integer>channel();
        oneshot.sender().close();
        var watch = Watch.channel(0);
        watch.sender().close();
        for (Runnable op : new Runnable[] {
                () -> mpsc.sender().send(1).await(),
                () -> oneshot.receiver().await(),
                () -> watch.receiver().changed().await()}) {
            try {
                op.run();
            } catch (ChannelClosedException e) {
                caught++;
            }
        }
        assertThat(caught).isEqualTo(3);
    }

    @Test
    void recvCancelledWhilePending_thenClosed_aNewRecvReportsClosed() {
        var mpsc = Mpsc.<String>bounded(1);
        TestWaker w = new TestWaker();
        var pending = mpsc.receiver().recv();
        assertThat(w.poll(pending).isPending()).isTrue();
        pending.cancel();
        mpsc.sender().close();
        assertThat(mpsc.receiver().recv().await()).isEmpty();
    }

    @Test
    @SuppressWarnings("deprecation")
    void factories_areNamedChannel_andTheOldNamesForward() {
        var b = Broadcast.<Integer>channel(4);
        b.sender().send(1);
        assertThat(b.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>(1));
        var old = Broadcast.<Integer>withCapacity(4);
        old.sender().send(2);
        assertThat(old.receiver().tryRecv()).isEqualTo(new Broadcast.TryRecv.Received<>(2));
        assertThat(Watch.channel("a").receiver().borrow()).isEqualTo("a");
        assertThat(Watch.of("b").receiver().borrow()).isEqualTo("b");
        assertThatThrownBy(() -> Watch.channel(null)).isInstanceOf(NullPointerException.class).hasMessage("initial");
    }

    @Test
    void capacityZero_pointsGoAndKotlinUsersToTheRendezvousAlternative() {
        assertThatThrownBy(() -> Mpsc.bounded(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("capacity: 0 (expected: > 0)")
                .hasMessageContaining("rendezvous").hasMessageContaining("Mpsc.bounded(1)")
                .hasMessageContaining("Oneshot");
        assertThatThrownBy(() -> Broadcast.channel(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("capacity: 0 (expected: > 0)").hasMessageContaining("rendezvous");
        assertThatThrownBy(() -> Mpsc.bounded(-1)).hasMessage("capacity: -1 (expected: > 0)");
    }
}
