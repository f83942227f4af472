package dev.weft.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testkit.TestWaker;
import org.junit.jupiter.api.Test;

class ChannelWaitersTest {
    @Test
    void wakeUpTo_notifiesOldestFirst_andOwesEachNotification() {
        ChannelWaiters list = new ChannelWaiters();
        ChannelWaiters.Node[] nodes = new ChannelWaiters.Node[3];
        TestWaker[] wakers = new TestWaker[3];
        for (int i = 0; i < 3; i++) {
            nodes[i] = new ChannelWaiters.Node();
            wakers[i] = new TestWaker();
            list.register(nodes[i], wakers[i]);
        }
        assertThat(list.wakeUpTo(2)).isEqualTo(2);
        assertThat(wakers[0].wakeCount()).isEqualTo(1);
        assertThat(wakers[1].wakeCount()).isEqualTo(1);
        assertThat(wakers[2].wakeCount()).isZero();
        assertThat(list.size()).isEqualTo(1);
        assertThat(nodes[0].isQueued()).isFalse();
        assertThat(list.remove(nodes[0])).as("notified, not yet consumed: owed (I2)").isTrue();
        assertThat(list.remove(nodes[0])).as("consumed once").isFalse();

        assertThat(list.wakeUpTo(5)).as("fewer wait than asked").isEqualTo(1);
        assertThat(wakers[2].wakeCount()).isEqualTo(1);
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.wakeUpTo(5)).isZero();
        assertThat(list.wakeUpTo(0)).isZero();
    }

    @Test
    void wakeUpTo_one_isWakeOne() {
        ChannelWaiters list = new ChannelWaiters();
        ChannelWaiters.Node a = new ChannelWaiters.Node();
        ChannelWaiters.Node b = new ChannelWaiters.Node();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        list.register(a, wa);
        list.register(b, wb);
        assertThat(list.wakeUpTo(1)).isEqualTo(1);
        assertThat(wa.wakeCount()).isEqualTo(1);
        assertThat(wb.wakeCount()).isZero();
        assertThat(list.remove(b)).as("still queued: removed without a notification").isFalse();
        assertThat(list.isEmpty()).isTrue();
    }
}
