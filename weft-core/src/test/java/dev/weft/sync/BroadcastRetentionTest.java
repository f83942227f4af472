package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testkit.TestWaker;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Broadcast keeps a message alive only while some receiver may still read it: once every receiver has read it,
 * lagged past it, or closed, the channel no longer references it (Tokio's per-slot remaining-readers count).
 */
@Timeout(60)
class BroadcastRetentionTest {
    private static final int BIG = 16 << 20;

    /** Waits (bounded) until the referent is collected, asking for a collection on each round. */
    private static boolean collected(WeakReference<?> ref) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return ref.get() == null;
    }

    private static WeakReference<byte[]> sendBig(Broadcast.Sender<byte[]> tx) {
        byte[] big = new byte[BIG];
        WeakReference<byte[]> ref = new WeakReference<>(big);
        assertThat(tx.send(big)).isEqualTo(new Broadcast.SendResult.Sent<>(2));
        return ref;
    }

    private static boolean receivedBig(Broadcast.TryRecv<byte[]> r) {
        return r instanceof Broadcast.TryRecv.Received<byte[]> m && m.value().length == BIG;
    }

    @Test
    void tryRecv_everyReceiverRead_releasesTheMessage() {
        Broadcast.Channel<byte[]> ch = Broadcast.channel(16);
        Broadcast.Receiver<byte[]> rx2 = ch.sender().subscribe();
        WeakReference<byte[]> ref = sendBig(ch.sender());
        assertThat(receivedBig(ch.receiver().tryRecv())).isTrue();
        assertThat(collected(ref)).as("still referenced by the channel before the second receiver read it")
                .isFalse();
        assertThat(receivedBig(rx2.tryRecv())).isTrue();
        assertThat(collected(ref)).as("released once every receiver read it").isTrue();
        // the channel keeps working over the released slot
        assertThat(ch.sender().send(new byte[1])).isEqualTo(new Broadcast.SendResult.Sent<>(2));
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Broadcast.TryRecv.Received.class);
    }

    @Test
    void recv_everyReceiverRead_releasesTheMessage() {
        Broadcast.Channel<byte[]> ch = Broadcast.channel(4);
        Broadcast.Receiver<byte[]> rx2 = ch.sender().subscribe();
        WeakReference<byte[]> ref = sendBig(ch.sender());
        TestWaker w = new TestWaker();
        assertThat(w.pollReady(ch.receiver().recv())).isInstanceOf(Broadcast.Recv.Message.class);
        assertThat(w.pollReady(rx2.recv())).isInstanceOf(Broadcast.Recv.Message.class);
        assertThat(collected(ref)).isTrue();
    }

    @Test
    void close_receiverThatHadNotRead_releasesTheMessage() {
        Broadcast.Channel<byte[]> ch = Broadcast.channel(16);
        Broadcast.Receiver<byte[]> rx2 = ch.sender().subscribe();
        WeakReference<byte[]> ref = sendBig(ch.sender());
        assertThat(receivedBig(ch.receiver().tryRecv())).isTrue();
        rx2.close();
        assertThat(collected(ref)).as("released when the last unread receiver closed").isTrue();
    }

    @Test
    void lagged_receiverPassedOver_releasesTheMessageAndReportsTheExactLag() {
        Broadcast.Channel<byte[]> ch = Broadcast.channel(2);
        Broadcast.Receiver<byte[]> rx2 = ch.sender().subscribe();
        WeakReference<byte[]> ref = sendBig(ch.sender());
        assertThat(receivedBig(ch.receiver().tryRecv())).isTrue();
        ch.sender().send(new byte[1]);
        ch.sender().send(new byte[1]); // overwrites the big message: rx2 lagged past it
        assertThat(collected(ref)).isTrue();
        assertThat(rx2.tryRecv()).isEqualTo(new Broadcast.TryRecv.Lagged<>(1));
        assertThat(rx2.tryRecv()).isInstanceOf(Broadcast.TryRecv.Received.class);
        assertThat(rx2.tryRecv()).isInstanceOf(Broadcast.TryRecv.Received.class);
        assertThat(rx2.tryRecv()).isInstanceOf(Broadcast.TryRecv.Empty.class);
    }

    @Test
    void resubscribe_atAnUnreadPosition_keepsTheMessageUntilBothRead() {
        Broadcast.Channel<byte[]> ch = Broadcast.channel(8);
        Broadcast.Receiver<byte[]> rx2 = ch.sender().subscribe();
        WeakReference<byte[]> ref = sendBig(ch.sender());
        Broadcast.Receiver<byte[]> rx3 = rx2.resubscribe();
        assertThat(receivedBig(ch.receiver().tryRecv())).isTrue();
        assertThat(receivedBig(rx2.tryRecv())).isTrue();
        assertThat(receivedBig(rx3.tryRecv())).as("the resubscribed receiver still sees it").isTrue();
        assertThat(collected(ref)).isTrue();
    }
}
