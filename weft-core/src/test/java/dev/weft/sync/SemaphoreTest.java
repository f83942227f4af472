package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Semaphore.Permit;
import dev.weft.sync.Semaphore.TryAcquire;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SemaphoreTest {

    @Test
    void constructor_invalidPermits_throwsWithMessage() {
        assertThatThrownBy(() -> new Semaphore(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits: -1 (expected: >= 0)");
        assertThatThrownBy(() -> Semaphore.of(Semaphore.MAX_PERMITS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("permits: 536870912 (expected: <= 536870911)");
        assertThat(Semaphore.of(Semaphore.MAX_PERMITS).availablePermits()).isEqualTo(Semaphore.MAX_PERMITS);
    }

    @Test
    void acquire_invalidCount_throwsAtCall() {
        Semaphore s = Semaphore.of(1);
        assertThatThrownBy(() -> s.acquire(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 0 (expected: > 0)");
        assertThatThrownBy(() -> s.acquire(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: -3 (expected: > 0)");
        assertThatThrownBy(() -> s.acquire(Semaphore.MAX_PERMITS + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 536870912 (expected: <= 536870911)");
        assertThatThrownBy(() -> s.tryAcquire(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 0 (expected: > 0)");
    }

    @Test
    void addPermits_invalid_throws() {
        Semaphore s = Semaphore.of(Semaphore.MAX_PERMITS - 1);
        assertThatThrownBy(() -> s.addPermits(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: -1 (expected: >= 0)");
        assertThatThrownBy(() -> s.addPermits(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above MAX_PERMITS");
        assertThat(s.availablePermits()).isEqualTo(Semaphore.MAX_PERMITS - 1);
        s.addPermits(1);
        s.addPermits(0);
        assertThat(s.availablePermits()).isEqualTo(Semaphore.MAX_PERMITS);
    }

    @Test
    void acquire_isLazy_andReadyWhenPermitsAvailable() {
        Semaphore s = Semaphore.of(3);
        Future<Permit> f = s.acquire(2);
        assertThat(s.availablePermits()).isEqualTo(3);
        TestWaker w = new TestWaker();
        Permit p = w.pollReady(f);
        assertThat(p.permits()).isEqualTo(2);
        assertThat(p.semaphore()).isSameAs(s);
        assertThat(s.availablePermits()).isEqualTo(1);
        p.close();
        assertThat(p.isReleased()).isTrue();
        assertThat(s.availablePermits()).isEqualTo(3);
        p.close(); // idempotent
        assertThat(s.availablePermits()).isEqualTo(3);
    }

    @Test
    void permit_tryWithResources_releases() {
        Semaphore s = Semaphore.of(1);
        try (Permit p = s.acquire().await()) {
            assertThat(p.permits()).isEqualTo(1);
            assertThat(s.availablePermits()).isZero();
        }
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void forget_dropsPermitsForGood() {
        Semaphore s = Semaphore.of(3);
        Permit p = s.acquire(2).await();
        p.forget();
        p.close(); // no effect after forget
        assertThat(s.availablePermits()).isEqualTo(1);
        assertThat(p.isReleased()).isTrue();
    }

    @Test
    void tryAcquire_returnsEachOutcome() {
        Semaphore s = Semaphore.of(2);
        TryAcquire r = s.tryAcquire(2);
        assertThat(r).isInstanceOf(TryAcquire.Acquired.class);
        assertThat(s.tryAcquire()).isInstanceOf(TryAcquire.NoPermits.class);
        ((TryAcquire.Acquired) r).permit().close();
        assertThat(s.tryAcquire(3)).isInstanceOf(TryAcquire.NoPermits.class);
        s.close();
        assertThat(s.tryAcquire()).isInstanceOf(TryAcquire.Closed.class);
    }

    @Test
    void acquire_whenShort_pendsThenWokenByRelease() {
        Semaphore s = Semaphore.of(1);
        Permit held = s.tryAcquire() instanceof TryAcquire.Acquired(Permit p) ? p : null;
        TestWaker w = new TestWaker();
        Future<Permit> f = s.acquire();
        assertThat(w.poll(f).isPending()).isTrue();
        assertThat(w.isWoken()).isFalse();
        held.close();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(s.availablePermits()).isZero(); // handed to the waiter, not to the count
        Permit got = w.pollReady(f);
        got.close();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void fifo_headWaiterForManyBlocksLaterSmallRequests() {
        Semaphore s = Semaphore.of(0);
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Permit> a = s.acquire(2);
        Future<Permit> b = s.acquire(1);
        assertThat(wa.poll(a).isPending()).isTrue();
        assertThat(wb.poll(b).isPending()).isTrue();

        s.addPermits(1); // goes to the head (a), which still needs 1 more
        assertThat(wa.isWoken()).isFalse();
        assertThat(wb.isWoken()).isFalse();
        assertThat(s.availablePermits()).isZero();
        assertThat(s.tryAcquire(1)).isInstanceOf(TryAcquire.NoPermits.class); // no barging

        Future<Permit> c = s.acquire(1); // arrives later: queued behind a and b
        TestWaker wc = new TestWaker();
        assertThat(wc.poll(c).isPending()).isTrue();

        s.addPermits(2); // a completes, then b
        assertThat(wa.wakeCount()).isEqualTo(1);
        assertThat(wb.wakeCount()).isEqualTo(1);
        assertThat(wc.isWoken()).isFalse();
        assertThat(wa.pollReady(a).permits()).isEqualTo(2);
        Permit pb = wb.pollReady(b);
        pb.close();
        assertThat(wc.wakeCount()).isEqualTo(1);
        wc.pollReady(c).close();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void waiters_areServedInArrivalOrder() {
        Semaphore s = Semaphore.of(0);
        int n = 5;
        @SuppressWarnings("unchecked")
        Future<Permit>[] fs = new Future[n];
        TestWaker[] ws = new TestWaker[n];
        for (int i = 0; i < n; i++) {
            fs[i] = s.acquire();
            ws[i] = new TestWaker();
            assertThat(ws[i].poll(fs[i]).isPending()).isTrue();
        }
        for (int i = 0; i < n; i++) {
            s.addPermits(1);
            for (int j = 0; j < n; j++) assertThat(ws[j].isWoken()).as("waiter %d after %d releases", j, i + 1).isEqualTo(j <= i);
        }
    }

    @Test
    void cancel_beforeFirstPoll_registersNothing() {
        Semaphore s = Semaphore.of(1);
        Future<Permit> f = s.acquire();
        f.cancel();
        assertThat(s.availablePermits()).isEqualTo(1);
        assertThat(new TestWaker().pollReady(s.acquire()).permits()).isEqualTo(1);
    }

    @Test
    void cancel_whileQueued_removesWaiter_nextWaiterServed() {
        Semaphore s = Semaphore.of(0);
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Permit> a = s.acquire();
        Future<Permit> b = s.acquire();
        wa.poll(a);
        wb.poll(b);
        a.cancel();
        s.addPermits(1);
        assertThat(wa.isWoken()).isFalse();
        assertThat(wb.wakeCount()).isEqualTo(1);
        wb.pollReady(b).close();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void cancel_lastWaiter_restoresFastPath() {
        Semaphore s = Semaphore.of(0);
        Future<Permit> a = s.acquire(2);
        new TestWaker().poll(a);
        a.cancel();
        s.addPermits(2);
        assertThat(s.availablePermits()).isEqualTo(2);
        assertThat(s.tryAcquire(2)).isInstanceOf(TryAcquire.Acquired.class);
    }

    @Test
    void cancel_afterPartialAssignment_handsPermitsToNextWaiterAtOnce() {
        Semaphore s = Semaphore.of(0);
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Permit> a = s.acquire(3);
        Future<Permit> b = s.acquire(1);
        wa.poll(a);
        wb.poll(b);
        s.addPermits(2); // a holds 2 of its 3
        assertThat(wb.isWoken()).isFalse();
        a.cancel();
        assertThat(wb.wakeCount()).isEqualTo(1); // b got one of a's two permits
        assertThat(s.availablePermits()).isEqualTo(1); // the other went back to the count
        wb.pollReady(b).close();
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @Test
    void cancel_partialAssignmentTakenOnEnqueue_isReturned() {
        Semaphore s = Semaphore.of(2);
        Future<Permit> a = s.acquire(5); // takes the 2 available, waits for 3 more
        new TestWaker().poll(a);
        assertThat(s.availablePermits()).isZero();
        a.cancel();
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @Test
    void cancel_afterAssignedButBeforeRepoll_releasesEverything() {
        Semaphore s = Semaphore.of(0);
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Permit> a = s.acquire(2);
        Future<Permit> b = s.acquire(2);
        wa.poll(a);
        wb.poll(b);
        s.addPermits(2);
        assertThat(wa.wakeCount()).isEqualTo(1);
        a.cancel(); // assigned, never polled again
        assertThat(wb.wakeCount()).isEqualTo(1); // the two permits went straight to b
        wb.pollReady(b).close();
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @Test
    void cancel_isIdempotent_andAfterReadyDoesNothing() {
        Semaphore s = Semaphore.of(1);
        Future<Permit> f = s.acquire();
        Permit p = new TestWaker().pollReady(f);
        f.cancel();
        assertThat(s.availablePermits()).isZero();
        p.close();
        Future<Permit> g = s.acquire(2);
        new TestWaker().poll(g);
        g.cancel();
        g.cancel();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void repoll_withNewWaker_wakesOnlyTheLatest() {
        Semaphore s = Semaphore.of(0);
        Future<Permit> f = s.acquire();
        TestWaker first = new TestWaker();
        TestWaker second = new TestWaker();
        assertThat(first.poll(f).isPending()).isTrue();
        assertThat(second.poll(f).isPending()).isTrue();
        s.addPermits(1);
        assertThat(first.isWoken()).isFalse();
        assertThat(second.wakeCount()).isEqualTo(1);
        second.pollReady(f).close();
    }

    @Test
    void close_failsQueuedAndLaterAcquires_returnsPartialPermits() {
        Semaphore s = Semaphore.of(1);
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Permit> a = s.acquire(3); // takes the one available
        Future<Permit> b = s.acquire(1);
        wa.poll(a);
        wb.poll(b);
        s.close();
        assertThat(s.isClosed()).isTrue();
        assertThat(wa.wakeCount()).isEqualTo(1);
        assertThat(wb.wakeCount()).isEqualTo(1);
        assertThat(s.availablePermits()).isEqualTo(1); // a's partial permit is back
        assertThatThrownBy(() -> wa.poll(a)).isInstanceOf(SemaphoreClosedException.class)
                .hasMessage("acquire(3) on a closed semaphore");
        assertThatThrownBy(() -> wb.poll(b)).isInstanceOf(SemaphoreClosedException.class);
        assertThatThrownBy(() -> s.acquire().await()).isInstanceOf(SemaphoreClosedException.class);
        s.close(); // idempotent
        s.addPermits(2);
        assertThat(s.availablePermits()).isEqualTo(3);
        assertThat(s.tryAcquire()).isInstanceOf(TryAcquire.Closed.class);
    }

    @Test
    void close_heldPermitsStayValid() {
        Semaphore s = Semaphore.of(2);
        Permit p = s.acquire(2).await();
        s.close();
        p.close();
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @Test
    void budget_spent_pendsAndWakes_withoutTakingPermits() {
        Semaphore s = Semaphore.of(1);
        TestWaker w = new TestWaker();
        Future<Permit> f = s.acquire();
        Poll<Permit> p = f.poll(new Context(w, 0));
        assertThat(p.isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(s.availablePermits()).isEqualTo(1);
        Context cx = new Context(w, 5);
        f.poll(cx).value().close();
        assertThat(cx.remainingBudget()).isEqualTo(4);
    }

    @Test
    void budget_spentWhenAssigned_keepsPermitsUntilRepolled_orCancelReleases() {
        Semaphore s = Semaphore.of(0);
        TestWaker w = new TestWaker();
        Future<Permit> f = s.acquire();
        w.poll(f);
        s.addPermits(1);
        w.reset();
        assertThat(f.poll(new Context(w, 0)).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        f.cancel();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void permit_closedFromAnotherThread_wakesAwaitingThread() throws Exception {
        Semaphore s = Semaphore.of(1);
        Permit held = s.acquire().await();
        CompletableFuture<Permit> got = CompletableFuture.supplyAsync(() -> s.acquire().await());
        Thread.ofPlatform().start(held::close).join();
        Permit p = got.get(10, TimeUnit.SECONDS);
        assertThat(p.permits()).isEqualTo(1);
        p.close();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @Test
    void toString_showsState() {
        Semaphore s = Semaphore.of(2);
        assertThat(s).hasToString("Semaphore[available=2]");
        s.close();
        assertThat(s).hasToString("Semaphore[available=2, closed]");
    }
}
