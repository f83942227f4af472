package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A waker that throws (an {@code Error} included) never fails the sender, releaser or notifier whose operation
 * woke it, and never stops the other waiters from being woken: every primitive family wakes through SafeWake,
 * which logs the throwable (System.Logger "dev.weft.sync") and carries on.
 */
class ThrowingWakerTest {
    /** A waker whose wake() throws an Error (the harshest case) and counts its calls. */
    private final TestWaker bad = TestWaker.throwing(() -> new StackOverflowError("test: a waker that throws"));
    private final TestWaker good = new TestWaker();

    private <T> void pending(Future<T> f, Context cx) {
        assertThat(f.poll(cx).isPending()).isTrue();
    }

    @Test
    void mpscUnbounded_trySend_receiverWakerThrows_sendSucceedsAndValueIsReceived() {
        Mpsc.Channel<Integer> ch = Mpsc.unbounded();
        Future<Optional<Integer>> recv = ch.receiver().recv();
        pending(recv, bad.context());
        assertThat(ch.sender().trySend(1)).isInstanceOf(Mpsc.TrySend.Sent.class);
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.pollReady(recv)).contains(1);
    }

    @Test
    void mpscBounded_send_receiverWakerThrows_sendCompletesAndValueIsReceived() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
        Future<Optional<Integer>> recv = ch.receiver().recv();
        pending(recv, bad.context());
        assertThat(good.pollReady(ch.sender().send(1))).isNull();
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.pollReady(recv)).contains(1);
        assertThat(ch.receiver().length()).isZero();
    }

    @Test
    void mpscBounded_recvMany_waitingSenderWakerThrows_otherWaitingSenderStillWoken() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
        ch.sender().trySend(1);
        ch.sender().trySend(2);
        Future<Void> first = ch.sender().send(3);
        Future<Void> second = ch.sender().send(4);
        pending(first, bad.context());
        pending(second, good.context());
        List<Integer> buf = new ArrayList<>();
        assertThat(good.pollReady(ch.receiver().recvMany(buf, 2))).isEqualTo(2); // frees 2 slots, wakes both
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.isWoken()).isTrue();
        assertThat(good.pollReady(second)).isNull();
    }

    @Test
    void mpsc_receiverClose_closedFutureWakerThrows_closeReturnsAndOthersWoken() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
        Future<Void> c1 = ch.sender().closed();
        Future<Void> c2 = ch.sender().closed();
        pending(c1, bad.context());
        pending(c2, good.context());
        assertThatCode(() -> ch.receiver().close()).doesNotThrowAnyException();
        assertThat(good.isWoken()).isTrue();
    }

    @Test
    void oneshot_send_receiverWakerThrows_sendSucceedsAndValueIsReceived() {
        Oneshot.Channel<String> ch = Oneshot.channel();
        pending(ch.receiver(), bad.context());
        assertThat(ch.sender().send("v")).isInstanceOf(Oneshot.SendResult.Sent.class);
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.pollReady(ch.receiver())).isEqualTo("v");
    }

    @Test
    void oneshot_receiverClose_senderClosedWakerThrows_closeReturns() {
        Oneshot.Channel<String> ch = Oneshot.channel();
        pending(ch.sender().closed(), bad.context());
        assertThatCode(() -> ch.receiver().close()).doesNotThrowAnyException();
        assertThat(bad.wakeCount()).isEqualTo(1);
    }

    @Test
    void broadcast_send_oneReceiverWakerThrows_sendSucceedsAndOtherReceiverWoken() {
        Broadcast.Channel<Integer> ch = Broadcast.channel(4);
        Broadcast.Receiver<Integer> rx2 = ch.sender().subscribe();
        Future<Broadcast.Recv<Integer>> r1 = ch.receiver().recv();
        Future<Broadcast.Recv<Integer>> r2 = rx2.recv();
        pending(r1, bad.context());
        pending(r2, good.context());
        assertThat(ch.sender().send(9)).isEqualTo(new Broadcast.SendResult.Sent<>(2));
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.isWoken()).isTrue();
        assertThat(good.pollReady(r1)).isEqualTo(new Broadcast.Recv.Message<>(9));
        assertThat(good.pollReady(r2)).isEqualTo(new Broadcast.Recv.Message<>(9));
    }

    @Test
    void watch_send_oneReceiverWakerThrows_sendSucceedsAndOtherReceiverWoken() {
        Watch.Channel<Integer> ch = Watch.channel(0);
        Watch.Receiver<Integer> rx2 = ch.sender().subscribe();
        Future<Void> c1 = ch.receiver().changed();
        Future<Void> c2 = rx2.changed();
        pending(c1, bad.context());
        pending(c2, good.context());
        assertThatCode(() -> ch.sender().send(1)).doesNotThrowAnyException();
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.isWoken()).isTrue();
        assertThat(rx2.borrowAndUpdate()).isEqualTo(1);
    }

    @Test
    void notify_notifyWaiters_oneWakerThrows_returnsAndOthersWoken() {
        Notify n = new Notify();
        Future<Void> a = n.notified();
        Future<Void> b = n.notified();
        pending(a, bad.context());
        pending(b, good.context());
        assertThatCode(n::notifyWaiters).doesNotThrowAnyException();
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.isWoken()).isTrue();
        assertThat(good.pollReady(b)).isNull();
    }

    @Test
    void notify_notifyOne_wakerThrows_returnsAndTheNotificationIsDelivered() {
        Notify n = new Notify();
        Future<Void> a = n.notified();
        pending(a, bad.context());
        assertThatCode(n::notifyOne).doesNotThrowAnyException();
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.pollReady(a)).isNull();
    }

    @Test
    void semaphore_release_oneWaiterWakerThrows_releaseReturnsAndOthersWoken() {
        Semaphore s = new Semaphore(2);
        Semaphore.Permit held = ((Semaphore.TryAcquire.Acquired) s.tryAcquire(2)).permit();
        Future<Semaphore.Permit> a = s.acquire();
        Future<Semaphore.Permit> b = s.acquire();
        pending(a, bad.context());
        pending(b, good.context());
        assertThatCode(held::close).doesNotThrowAnyException();
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.isWoken()).isTrue();
        good.pollReady(b).close();
        good.pollReady(a).close();
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @Test
    void mutex_unlock_waiterWakerThrows_unlockReturnsAndNextWaiterGetsTheLock() {
        Mutex<Integer> m = new Mutex<>(0);
        Mutex.Guard<Integer> g = m.tryLock().orElseThrow();
        Future<Mutex.Guard<Integer>> a = m.lock();
        pending(a, bad.context());
        Future<Mutex.Guard<Integer>> b = m.lock();
        pending(b, good.context());
        assertThatCode(g::close).doesNotThrowAnyException(); // wakes a, whose waker throws
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThatCode(() -> good.pollReady(a).close()).doesNotThrowAnyException(); // a was woken: its unlock wakes b
        assertThat(good.isWoken()).isTrue();
        good.pollReady(b).close();
    }

    @Test
    void rwLock_writeUnlock_oneReaderWakerThrows_unlockReturnsAndOtherReaderWoken() {
        RwLock<Integer> l = new RwLock<>(0);
        RwLock.WriteGuard<Integer> w = l.tryWrite().orElseThrow();
        Future<RwLock.ReadGuard<Integer>> a = l.read();
        Future<RwLock.ReadGuard<Integer>> b = l.read();
        pending(a, bad.context());
        pending(b, good.context());
        assertThatCode(w::close).doesNotThrowAnyException();
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.isWoken()).isTrue();
        good.pollReady(a).close();
        good.pollReady(b).close();
    }

    @Test
    void barrier_lastArrival_oneWaiterWakerThrows_leaderReturnsAndOthersWoken() {
        Barrier barrier = new Barrier(3);
        Future<BarrierWaitResult> a = barrier.waitAll();
        Future<BarrierWaitResult> b = barrier.waitAll();
        pending(a, bad.context());
        pending(b, good.context());
        Poll<BarrierWaitResult> last = barrier.waitAll().poll(new TestWaker().context());
        assertThat(last.isReady()).isTrue();
        assertThat(bad.wakeCount()).isEqualTo(1);
        assertThat(good.isWoken()).isTrue();
    }

    @Test
    void onceCell_set_waiterWakerThrows_setReturnsAndOtherWaiterWoken() {
        OnceCell<Integer> cell = new OnceCell<>();
        Future<Integer> initializer = cell.getOrInit(() -> new Future<Integer>() {
            @Override
            public Poll<Integer> poll(Context cx) {
                return Poll.pending(); // initialisation in progress for the whole test
            }
        });
        pending(initializer, new TestWaker().context());
        Future<Integer> a = cell.getOrInit(() -> dev.weft.future.Futures.ready(1));
        Future<Integer> b = cell.getOrInit(() -> dev.weft.future.Futures.ready(2));
        pending(a, bad.context());
        pending(b, good.context());
        assertThatCode(initializer::cancel).doesNotThrowAnyException(); // hands initialisation to a waiter
        assertThat(bad.wakeCount() + (good.isWoken() ? 1 : 0)).isGreaterThanOrEqualTo(1);
        Integer v = good.pollReady(a);
        assertThat(v).isEqualTo(1);
        assertThat(good.pollReady(b)).isEqualTo(1);
    }
}
