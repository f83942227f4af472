package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.future.Contexts;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MpscTest {

    /** 0 stands for unbounded. */
    static Stream<Integer> capacities() {
        return Stream.of(1, 2, 16, 1024, 0);
    }

    static Mpsc.Channel<Integer> make(int capacity) {
        return capacity == 0 ? Mpsc.unbounded() : Mpsc.bounded(capacity);
    }

    static int room(int capacity) {
        return capacity == 0 ? 5000 : capacity;
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void sendRecv_inOrder_deliversEveryMessage(int capacity) {
        var ch = make(capacity);
        int n = room(capacity);
        for (int i = 0; i < n; i++) assertThat(ch.sender().trySend(i)).isInstanceOf(Mpsc.TrySend.Sent.class);
        for (int i = 0; i < n; i++) assertThat(ch.receiver().recv().await()).contains(i);
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Mpsc.TryRecv.Empty.class);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void trySend_whenFull_returnsValue(int capacity) {
        if (capacity == 0) return; // never full
        var ch = make(capacity);
        for (int i = 0; i < capacity; i++) ch.sender().trySend(i);
        assertThat(ch.sender().trySend(99)).isEqualTo(new Mpsc.TrySend.Full<>(99));
        assertThat(ch.sender().capacity()).isZero();
        assertThat(ch.sender().maxCapacity()).isEqualTo(capacity);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void send_afterReceiverClosed_failsWithValue(int capacity) {
        var ch = make(capacity);
        ch.receiver().close();
        assertThat(ch.sender().isClosed()).isTrue();
        assertThat(ch.sender().trySend(7)).isEqualTo(new Mpsc.TrySend.Closed<>(7));
        assertThatThrownBy(() -> ch.sender().send(8).await())
                .isInstanceOfSatisfying(SendException.class, e -> assertThat(e.value()).isEqualTo(8));
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void receiverClose_buffered_stillDrainsThenEnds(int capacity) {
        var ch = make(capacity);
        ch.sender().trySend(1);
        ch.receiver().close();
        assertThat(ch.receiver().recv().await()).contains(1);
        assertThat(ch.receiver().recv().await()).isEmpty();
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Mpsc.TryRecv.Closed.class);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void lastSenderClose_afterDrain_recvEnds(int capacity) {
        var ch = make(capacity);
        var tx2 = ch.sender().clone();
        ch.sender().trySend(1);
        ch.sender().close();
        ch.sender().close(); // idempotent
        TestWaker w = new TestWaker();
        assertThat(w.poll(ch.receiver().recv())).isEqualTo(Poll.ready(Optional.of(1)));
        Future<Optional<Integer>> pending = ch.receiver().recv();
        assertThat(w.poll(pending).isPending()).isTrue();
        tx2.trySend(2);
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(pending)).isEqualTo(Poll.ready(Optional.of(2)));
        Future<Optional<Integer>> end = ch.receiver().recv();
        assertThat(w.poll(end).isPending()).isTrue();
        int before = w.wakeCount();
        tx2.close();
        assertThat(w.wakeCount()).isGreaterThan(before);
        assertThat(w.poll(end)).isEqualTo(Poll.ready(Optional.empty()));
    }

    @Test
    void closedHandle_misuse_failsFast() {
        var ch = Mpsc.<Integer>bounded(1);
        ch.sender().close();
        assertThatThrownBy(() -> ch.sender().send(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed Sender");
        assertThatThrownBy(() -> ch.sender().clone()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Mpsc.bounded(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("capacity: 0 (expected: > 0). Mpsc.bounded(0) would be a rendezvous channel")
                .hasMessageContaining("Go's unbuffered chan").hasMessageContaining("Channel(RENDEZVOUS)")
                .hasMessageContaining("use Mpsc.bounded(1)").hasMessageContaining("Oneshot.Sender");
        assertThatThrownBy(() -> Mpsc.bounded(-2)).hasMessage("capacity: -2 (expected: > 0)");
        assertThatThrownBy(() -> Mpsc.bounded(Mpsc.MAX_CAPACITY + 1))
                .hasMessage("capacity: 536870912 (expected: <= 536870911)");
        assertThatThrownBy(() -> Broadcast.channel(0))
                .hasMessageStartingWith("capacity: 0 (expected: > 0). Broadcast.channel(0) would be a rendezvous");
        assertThatThrownBy(() -> Broadcast.channel(Broadcast.MAX_CAPACITY + 1))
                .hasMessage("capacity: 1073741825 (expected: <= 1073741824)");
        assertThatThrownBy(() -> Mpsc.unbounded().receiver().recvMany(new java.util.ArrayList<>(), 0))
                .hasMessage("limit: 0 (expected: > 0)");
        assertThatThrownBy(() -> ch.receiver().recvMany(new ArrayList<>(), 0)).isInstanceOf(IllegalArgumentException.class);
        var ch2 = Mpsc.<Integer>unbounded();
        assertThatThrownBy(() -> ch2.sender().send(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void send_whenFull_waitsThenCompletesAfterRecv(int capacity) {
        if (capacity == 0) return;
        var ch = make(capacity);
        for (int i = 0; i < capacity; i++) ch.sender().trySend(i);
        TestWaker w = new TestWaker();
        Future<Void> send = ch.sender().send(-1);
        assertThat(w.poll(send).isPending()).isTrue();
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(0));
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(send).isReady()).isTrue();
        List<Integer> rest = new ArrayList<>();
        while (ch.receiver().tryRecv() instanceof Mpsc.TryRecv.Received<Integer>(Integer v)) rest.add(v);
        assertThat(rest).hasSize(capacity).endsWith(-1);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void cancelledSend_passesWakeUpToNextWaiter(int capacity) {
        if (capacity == 0) return;
        var ch = make(capacity);
        for (int i = 0; i < capacity; i++) ch.sender().trySend(i);
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        Future<Void> s1 = ch.sender().send(100);
        Future<Void> s2 = ch.sender().send(200);
        assertThat(w1.poll(s1).isPending()).isTrue();
        assertThat(w2.poll(s2).isPending()).isTrue();
        ch.receiver().tryRecv(); // frees one slot: wakes s1 (FIFO)
        assertThat(w1.isWoken()).isTrue();
        assertThat(w2.isWoken()).isFalse();
        s1.cancel(); // s1 gives its wake-up to s2 at once
        assertThat(w2.isWoken()).isTrue();
        assertThat(w2.poll(s2).isReady()).isTrue();
        assertThat(ch.sender().capacity()).isZero(); // no slot leaked
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void cancelledReserve_leaksNoSlot(int capacity) {
        if (capacity == 0) return;
        var ch = make(capacity);
        for (int i = 0; i < capacity; i++) ch.sender().trySend(i);
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        Future<Mpsc.Permit<Integer>> r1 = ch.sender().reserve();
        Future<Mpsc.Permit<Integer>> r2 = ch.sender().reserve();
        assertThat(w1.poll(r1).isPending()).isTrue();
        assertThat(w2.poll(r2).isPending()).isTrue();
        r1.cancel(); // not woken yet: just leaves the list
        ch.receiver().tryRecv();
        assertThat(w2.isWoken()).isTrue();
        assertThat(w1.isWoken()).isFalse();
        Mpsc.Permit<Integer> p = w2.poll(r2).value();
        assertThat(ch.sender().capacity()).isZero();
        p.close();
        assertThat(ch.sender().capacity()).isEqualTo(1);
        p.close(); // idempotent
        assertThat(ch.sender().capacity()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void permit_send_neverWaits_andKeepsChannelOpen(int capacity) {
        var ch = make(capacity);
        Mpsc.Permit<Integer> p = ch.sender().reserve().await();
        ch.sender().close(); // the permit keeps the channel open
        TestWaker w = new TestWaker();
        Future<Optional<Integer>> recv = ch.receiver().recv();
        assertThat(w.poll(recv).isPending()).isTrue();
        p.send(5);
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(recv)).isEqualTo(Poll.ready(Optional.of(5)));
        assertThatThrownBy(() -> p.send(6)).isInstanceOf(IllegalStateException.class);
        assertThat(ch.receiver().recv().await()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void cancelledRecv_neverConsumesMessage(int capacity) {
        var ch = make(capacity);
        TestWaker w = new TestWaker();
        Future<Optional<Integer>> recv = ch.receiver().recv();
        assertThat(w.poll(recv).isPending()).isTrue();
        ch.sender().trySend(1);
        assertThat(w.isWoken()).isTrue();
        recv.cancel(); // woken but never polled again
        assertThat(ch.receiver().recv().await()).contains(1);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void recvLoop_onReadyChannel_yieldsAfterBudget(int capacity) {
        var ch = make(capacity);
        int n = Math.min(room(capacity), 200);
        for (int i = 0; i < n; i++) ch.sender().trySend(i);
        TestWaker w = new TestWaker();
        Context cx = new Context(w, Context.DEFAULT_BUDGET);
        int received = 0;
        while (ch.receiver().pollRecv(cx).isReady()) received++;
        assertThat(received).isEqualTo(Math.min(n, Context.DEFAULT_BUDGET));
        if (n > Context.DEFAULT_BUDGET) {
            assertThat(w.wakeCount()).isEqualTo(1); // the budget woke the task so it yields, not sleeps
            assertThat(ch.receiver().length()).isEqualTo(n - Context.DEFAULT_BUDGET);
        }
    }

    @Test
    void sendLoop_budgetSpent_returnsSlotAndYields() {
        var ch = Mpsc.<Integer>bounded(4);
        TestWaker w = new TestWaker();
        Context cx = new Context(w, 0);
        Future<Void> send = ch.sender().send(1);
        assertThat(send.poll(cx).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(ch.sender().capacity()).isEqualTo(4);
        Contexts.reset(cx, w, 1);
        assertThat(send.poll(cx).isReady()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void recvMany_movesBatch_zeroAtEnd(int capacity) {
        var ch = make(capacity);
        int n = Math.min(room(capacity), 10);
        for (int i = 0; i < n; i++) ch.sender().trySend(i);
        List<Integer> buf = new ArrayList<>();
        assertThat(ch.receiver().recvMany(buf, 3).await()).isEqualTo(Math.min(3, n));
        if (n > 3) assertThat(ch.receiver().recvMany(buf, 100).await()).isEqualTo(n - 3);
        assertThat(buf).hasSize(n);
        ch.sender().close();
        assertThat(ch.receiver().recvMany(buf, 10).await()).isZero();
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void closedFuture_completesWhenReceiverCloses(int capacity) {
        var ch = make(capacity);
        TestWaker w = new TestWaker();
        Future<Void> closed = ch.sender().closed();
        assertThat(w.poll(closed).isPending()).isTrue();
        Future<Void> cancelled = ch.sender().closed();
        TestWaker w2 = new TestWaker();
        assertThat(w2.poll(cancelled).isPending()).isTrue();
        cancelled.cancel();
        ch.receiver().close();
        assertThat(w.isWoken()).isTrue();
        assertThat(w2.isWoken()).isFalse();
        assertThat(w.poll(closed).isReady()).isTrue();
    }

    @Test
    void receiverClose_wakesWaitingSendersWhichFailWithValue() {
        var ch = Mpsc.<Integer>bounded(1);
        ch.sender().trySend(1);
        TestWaker w = new TestWaker();
        Future<Void> send = ch.sender().send(2);
        Future<Mpsc.Permit<Integer>> reserve = ch.sender().reserve();
        assertThat(w.poll(send).isPending()).isTrue();
        assertThat(w.poll(reserve).isPending()).isTrue();
        ch.receiver().close();
        assertThat(w.wakeCount()).isEqualTo(2);
        assertThatThrownBy(() -> w.poll(send))
                .isInstanceOfSatisfying(SendException.class, e -> assertThat(e.value()).isEqualTo(2));
        assertThatThrownBy(() -> w.poll(reserve)).isInstanceOf(SendException.class);
        assertThat(ch.receiver().recv().await()).contains(1);
        assertThat(ch.receiver().recv().await()).isEmpty();
    }

    @Test
    void receiverClose_withOutstandingPermit_waitsForPermit() {
        var ch = Mpsc.<Integer>bounded(2);
        Mpsc.Permit<Integer> p = ch.sender().reserve().await();
        ch.receiver().close();
        TestWaker w = new TestWaker();
        Future<Optional<Integer>> recv = ch.receiver().recv();
        assertThat(w.poll(recv).isPending()).isTrue();
        p.close();
        assertThat(w.isWoken()).isTrue();
        assertThat(w.poll(recv)).isEqualTo(Poll.ready(Optional.empty()));
    }

    @Test
    void unbounded_crossesManySegments() {
        var ch = Mpsc.<Integer>unbounded();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 1000; i++) ch.sender().trySend(i);
            assertThat(ch.receiver().length()).isEqualTo(1000);
            for (int i = 0; i < 1000; i++) assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(i));
        }
        assertThat(ch.receiver().isEmpty()).isTrue();
    }

    @Test
    void recvMany_largeBatch_releasesEverySlotAndWakesEveryWaitingSender() {
        int capacity = 3 * MpscChan.RELEASE_BATCH + 5; // several grouped releases plus a remainder
        var ch = Mpsc.<Integer>bounded(capacity);
        for (int i = 0; i < capacity; i++) ch.sender().trySend(i);
        List<TestWaker> wakers = new ArrayList<>();
        List<Future<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestWaker w = new TestWaker();
            Future<Void> send = ch.sender().send(-1 - i);
            assertThat(w.poll(send).isPending()).isTrue();
            wakers.add(w);
            sends.add(send);
        }
        List<Integer> buf = new ArrayList<>();
        assertThat(ch.receiver().recvMany(buf, capacity).await()).isEqualTo(capacity);
        assertThat(buf).hasSize(capacity).startsWith(0, 1, 2).endsWith(capacity - 1);
        // every slot is back when the poll returns: 3 handed to the waiting senders (FIFO), the rest free
        assertThat(ch.sender().capacity()).isEqualTo(capacity - 3);
        for (int i = 0; i < 3; i++) {
            assertThat(wakers.get(i).isWoken()).isTrue();
            assertThat(wakers.get(i).poll(sends.get(i)).isReady()).isTrue();
        }
        buf.clear();
        assertThat(ch.receiver().recvMany(buf, capacity).await()).isEqualTo(3);
        assertThat(buf).containsExactly(-1, -2, -3);
        assertThat(ch.sender().capacity()).isEqualTo(capacity);
    }

    @Test
    void recvMany_bufferThrows_releasesTheSlotsOfTheMessagesItTook() {
        int capacity = 2 * MpscChan.RELEASE_BATCH;
        var ch = Mpsc.<Integer>bounded(capacity);
        for (int i = 0; i < capacity; i++) ch.sender().trySend(i);
        int accepted = MpscChan.RELEASE_BATCH + 3;
        List<Integer> buf = new ArrayList<>() {
            @Override
            public boolean add(Integer v) {
                if (size() == accepted) throw new IllegalStateException("buffer full");
                return super.add(v);
            }
        };
        TestWaker w = new TestWaker();
        assertThatThrownBy(() -> w.poll(ch.receiver().recvMany(buf, capacity)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(buf).hasSize(accepted);
        assertThat(ch.sender().capacity()).isEqualTo(accepted); // taken messages gave their slots back, no leak
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(accepted)); // the rest stayed
        ch.sender().close();
        List<Integer> rest = new ArrayList<>();
        assertThat(ch.receiver().recvMany(rest, capacity).await()).isEqualTo(capacity - accepted - 1);
        assertThat(ch.receiver().recvMany(rest, capacity).await()).isZero(); // closed and drained: no permit lost
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void sendThatNeverWaited_cancel_passesNoWakeUp(int capacity) {
        if (capacity == 0) return;
        var ch = make(capacity);
        for (int i = 0; i < capacity - 1; i++) ch.sender().trySend(i);
        TestWaker w1 = new TestWaker();
        Future<Void> immediate = ch.sender().send(-1);
        assertThat(w1.poll(immediate).isReady()).isTrue(); // took the last slot without queueing
        TestWaker w2 = new TestWaker();
        Future<Void> waiting = ch.sender().send(-2);
        assertThat(w2.poll(waiting).isPending()).isTrue();
        immediate.cancel(); // never queued: has no wake-up to pass on
        assertThat(w2.isWoken()).isFalse();
        waiting.cancel();
        assertThat(ch.sender().capacity()).isZero();
        assertThat(ch.receiver().length()).isEqualTo(capacity);
    }
}
