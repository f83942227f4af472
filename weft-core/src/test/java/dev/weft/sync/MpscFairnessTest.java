package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A bounded mpsc channel serves waiting senders first-come, first-served, as Tokio's (its bounded channel sits on
 * the fair batch semaphore): while a sender waits, a slot freed by the receiver is handed to the oldest waiter,
 * and a sender that never waited ({@code trySend}, a fresh {@code send}/{@code reserve}) cannot take it.
 */
class MpscFairnessTest {
    @Test
    void trySend_whileASenderWaits_cannotTakeTheFreedSlot() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
        TestWaker w = new TestWaker();
        assertThat(ch.sender().trySend(0)).isInstanceOf(Mpsc.TrySend.Sent.class);
        Future<Void> waiting = ch.sender().send(1);
        assertThat(w.poll(waiting).isPending()).isTrue();
        for (int round = 0; round < 1_000; round++) {
            assertThat(ch.receiver().tryRecv()).isInstanceOf(Mpsc.TryRecv.Received.class); // frees the slot
            assertThat(w.isWoken()).isTrue();
            w.reset();
            // A sender that never waited must not overtake the waiting one.
            assertThat(ch.sender().trySend(-1)).as("round %d", round).isInstanceOf(Mpsc.TrySend.Full.class);
            Future<Void> fresh = ch.sender().send(-2);
            TestWaker fw = new TestWaker();
            assertThat(fw.poll(fresh).isPending()).as("round %d", round).isTrue();
            assertThat(w.pollReady(waiting)).isNull(); // the waiter got the slot
            waiting = fresh; // the fresh send is now the oldest waiter
            w = fw;
        }
    }

    @Test
    void send_severalWaiters_completeInArrivalOrder() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(2);
        ch.sender().trySend(0);
        ch.sender().trySend(0);
        List<Future<Void>> sends = new ArrayList<>();
        List<TestWaker> wakers = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Future<Void> f = ch.sender().send(i);
            TestWaker w = new TestWaker();
            assertThat(w.poll(f).isPending()).isTrue();
            sends.add(f);
            wakers.add(w);
        }
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Mpsc.TryRecv<Integer> r = ch.receiver().tryRecv();
            received.add(((Mpsc.TryRecv.Received<Integer>) r).value());
            assertThat(ch.sender().trySend(-1)).isInstanceOf(Mpsc.TrySend.Full.class);
            // Only the oldest still-waiting sender was given the slot; later ones stay pending.
            for (int j = i + 1; j < 5; j++) assertThat(wakers.get(j).poll(sends.get(j)).isPending()).isTrue();
            assertThat(wakers.get(i).pollReady(sends.get(i))).isNull();
        }
        while (ch.receiver().tryRecv() instanceof Mpsc.TryRecv.Received<Integer> r) received.add(r.value());
        assertThat(received).containsExactly(0, 0, 1, 2, 3, 4, 5);
    }

    @Test
    void send_waiterGivenTheSlotThenCancelled_passesItToTheNextWaiter() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
        ch.sender().trySend(0);
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Void> a = ch.sender().send(1);
        Future<Void> b = ch.sender().send(2);
        assertThat(wa.poll(a).isPending()).isTrue();
        assertThat(wb.poll(b).isPending()).isTrue();
        ch.receiver().tryRecv(); // the slot goes to a
        a.cancel(); // a never sends: its slot passes to b
        assertThat(wb.isWoken()).isTrue();
        assertThat(ch.sender().trySend(-1)).isInstanceOf(Mpsc.TrySend.Full.class);
        assertThat(wb.pollReady(b)).isNull();
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(2));
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Mpsc.TryRecv.Empty.class);
        assertThat(ch.sender().capacity()).isEqualTo(1);
    }

    @Test
    void reserve_whileASenderWaits_queuesBehindIt() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
        ch.sender().trySend(0);
        TestWaker ws = new TestWaker();
        Future<Void> s = ch.sender().send(1);
        assertThat(ws.poll(s).isPending()).isTrue();
        ch.receiver().tryRecv();
        TestWaker wr = new TestWaker();
        Future<Mpsc.Permit<Integer>> r = ch.sender().reserve();
        assertThat(wr.poll(r).isPending()).isTrue();
        assertThat(ws.pollReady(s)).isNull();
        ch.receiver().tryRecv();
        assertThat(wr.isWoken()).isTrue();
        wr.pollReady(r).send(2);
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(2));
    }

    @Test
    void close_withWaitersHoldingAssignedSlots_returnsEverySlotAndEnds() {
        Mpsc.Channel<Integer> ch = Mpsc.bounded(1);
        ch.sender().trySend(0);
        TestWaker w = new TestWaker();
        Future<Void> a = ch.sender().send(1);
        assertThat(w.poll(a).isPending()).isTrue();
        ch.receiver().tryRecv(); // slot assigned to a, not yet polled
        a.cancel();
        ch.sender().close();
        assertThat(new TestWaker().pollReady(ch.receiver().recv())).isEqualTo(Optional.empty());
    }
}
