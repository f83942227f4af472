package dev.weft.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChannelWaitersTest {
    private static final class Counting implements Waker {
        final AtomicInteger wakes = new AtomicInteger();

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }
    }

    @Test
    void wakeUpTo_notifiesOldestFirst_andOwesEachNotification() {
        ChannelWaiters list = new ChannelWaiters();
        ChannelWaiters.Node[] nodes = new ChannelWaiters.Node[3];
        Counting[] wakers = new Counting[3];
        for (int i = 0; i < 3; i++) {
            nodes[i] = new ChannelWaiters.Node();
            wakers[i] = new Counting();
            list.register(nodes[i], wakers[i]);
        }
        assertThat(list.wakeUpTo(2)).isEqualTo(2);
        assertThat(wakers[0].wakes.get()).isEqualTo(1);
        assertThat(wakers[1].wakes.get()).isEqualTo(1);
        assertThat(wakers[2].wakes.get()).isZero();
        assertThat(list.size()).isEqualTo(1);
        assertThat(nodes[0].isQueued()).isFalse();
        assertThat(list.remove(nodes[0])).as("notified, not yet consumed: owed (I2)").isTrue();
        assertThat(list.remove(nodes[0])).as("consumed once").isFalse();

        assertThat(list.wakeUpTo(5)).as("fewer wait than asked").isEqualTo(1);
        assertThat(wakers[2].wakes.get()).isEqualTo(1);
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.wakeUpTo(5)).isZero();
        assertThat(list.wakeUpTo(0)).isZero();
    }

    @Test
    void wakeUpTo_one_isWakeOne() {
        ChannelWaiters list = new ChannelWaiters();
        ChannelWaiters.Node a = new ChannelWaiters.Node();
        ChannelWaiters.Node b = new ChannelWaiters.Node();
        Counting wa = new Counting();
        Counting wb = new Counting();
        list.register(a, wa);
        list.register(b, wb);
        assertThat(list.wakeUpTo(1)).isEqualTo(1);
        assertThat(wa.wakes.get()).isEqualTo(1);
        assertThat(wb.wakes.get()).isZero();
        assertThat(list.remove(b)).as("still queued: removed without a notification").isFalse();
        assertThat(list.isEmpty()).isTrue();
    }
}
