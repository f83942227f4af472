package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NotifyTest {

    @Test
    void notifyOne_withoutWaiter_storesOnePermit() {
        Notify n = new Notify();
        n.notifyOne();
        n.notifyOne(); // permits do not add up
        TestWaker w = new TestWaker();
        assertThat(w.poll(n.notified()).isReady()).isTrue();
        assertThat(w.poll(n.notified()).isPending()).isTrue();
    }

    @Test
    void notifyOne_wakesOldestWaiter() {
        Notify n = new Notify();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Void> a = n.notified();
        Future<Void> b = n.notified();
        assertThat(wa.poll(a).isPending()).isTrue();
        assertThat(wb.poll(b).isPending()).isTrue();
        n.notifyOne();
        assertThat(wa.wakeCount()).isEqualTo(1);
        assertThat(wb.isWoken()).isFalse();
        assertThat(wa.poll(a).isReady()).isTrue();
        assertThat(wb.poll(b).isPending()).isTrue();
        n.notifyOne();
        assertThat(wb.poll(b).isReady()).isTrue();
        assertThat(n).hasToString("Notify[empty]");
    }

    @Test
    void notifyWaiters_completesEveryFutureCreatedBefore_evenUnpolled_storesNoPermit() {
        Notify n = new Notify();
        TestWaker w = new TestWaker();
        Future<Void> polled = n.notified();
        assertThat(w.poll(polled).isPending()).isTrue();
        Future<Void> unpolled = n.notified();
        n.notifyWaiters();
        Future<Void> after = n.notified();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(w.poll(polled).isReady()).isTrue();
        assertThat(w.poll(unpolled).isReady()).isTrue();
        assertThat(w.poll(after).isPending()).isTrue(); // created after the call; no permit was stored
        after.cancel();
        assertThat(n).hasToString("Notify[empty]");
    }

    @Test
    void notifyWaiters_keepsStoredPermit() {
        Notify n = new Notify();
        n.notifyOne();
        n.notifyWaiters();
        assertThat(n).hasToString("Notify[permit]");
        assertThat(new TestWaker().poll(n.notified()).isReady()).isTrue();
    }

    @Test
    void cancel_afterNotifyOne_forwardsToNextWaiter() {
        Notify n = new Notify();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Void> a = n.notified();
        Future<Void> b = n.notified();
        wa.poll(a);
        wb.poll(b);
        n.notifyOne();
        a.cancel(); // picked, never reported: the notification moves on
        assertThat(wb.wakeCount()).isEqualTo(1);
        assertThat(wb.poll(b).isReady()).isTrue();
    }

    @Test
    void cancel_afterNotifyOne_withoutOtherWaiter_storesPermit() {
        Notify n = new Notify();
        TestWaker w = new TestWaker();
        Future<Void> a = n.notified();
        w.poll(a);
        n.notifyOne();
        a.cancel();
        assertThat(n).hasToString("Notify[permit]");
        assertThat(w.poll(n.notified()).isReady()).isTrue();
    }

    @Test
    void cancel_whileWaiting_removesWaiter_notifyOneStoresPermit() {
        Notify n = new Notify();
        TestWaker w = new TestWaker();
        Future<Void> a = n.notified();
        w.poll(a);
        assertThat(n).hasToString("Notify[waiting]");
        a.cancel();
        assertThat(n).hasToString("Notify[empty]");
        n.notifyOne();
        assertThat(w.isWoken()).isFalse();
        assertThat(n).hasToString("Notify[permit]");
        Future<Void> b = n.notified();
        b.cancel(); // before first poll: does not consume the permit
        assertThat(n).hasToString("Notify[permit]");
    }

    @Test
    void cancel_afterNotifyWaiters_forwardsNothing() {
        Notify n = new Notify();
        TestWaker w = new TestWaker();
        Future<Void> a = n.notified();
        w.poll(a);
        n.notifyWaiters();
        a.cancel();
        assertThat(n).hasToString("Notify[empty]");
    }

    @Test
    void notified_consumesBudget() {
        Notify n = new Notify();
        n.notifyOne();
        TestWaker w = new TestWaker();
        Future<Void> f = n.notified();
        assertThat(f.poll(new Context(w, 0)).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(n).hasToString("Notify[permit]"); // not taken while out of budget
        Context cx = new Context(w, 1);
        assertThat(f.poll(cx).isReady()).isTrue();
        assertThat(cx.remainingBudget()).isZero();
    }

    @Test
    void notifyOne_fromAnotherThread_wakesAwaitingThread() throws Exception {
        Notify n = new Notify();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            n.notified().await();
            done.countDown();
        });
        n.notifyOne(); // either wakes the waiter or leaves a permit for it: never lost
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        t.join();
    }
}
