package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class MutexTest {

    @Test
    void lock_givesValue_closeUnlocks() {
        Mutex<Integer> m = Mutex.of(1);
        assertThat(m.isLocked()).isFalse();
        try (Mutex.Guard<Integer> g = m.lock().await()) {
            assertThat(m.isLocked()).isTrue();
            assertThat(g.get()).isEqualTo(1);
            g.set(2);
            assertThat(g.update(v -> v * 10)).isEqualTo(20);
            assertThat(g.mutex()).isSameAs(m);
        }
        assertThat(m.isLocked()).isFalse();
        assertThat(m.tryLock().orElseThrow().get()).isEqualTo(20);
    }

    @Test
    void guard_afterClose_throwsIse_closeIsIdempotent() {
        Mutex<String> m = new Mutex<>("a");
        Mutex.Guard<String> g = m.lock().await();
        g.close();
        g.close();
        assertThat(m.isLocked()).isFalse();
        assertThatThrownBy(g::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Guard used after close()");
        assertThatThrownBy(() -> g.set("b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> g.update(v -> v)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.tryLock().orElseThrow().update(null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * Guard G1: two threads closing one guard at once, while a third takes the lock as soon as it is free,
     * unlock it exactly once: the third thread's ownership survives the slower close. Rounds are rendezvous of
     * three threads, so the two closes overlap in many of them.
     */
    @Test
    void guard_closedByTwoThreadsAtOnce_unlocksExactlyOnce() throws Exception {
        Mutex<Integer> m = Mutex.of(0);
        int rounds = 20_000;
        CyclicBarrier start = new CyclicBarrier(3);
        CyclicBarrier end = new CyclicBarrier(3);
        AtomicReference<Mutex.Guard<Integer>> shared = new AtomicReference<>();
        AtomicInteger stolen = new AtomicInteger();
        Runnable closer = () -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    start.await();
                    shared.get().close();
                    end.await();
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        Thread a = Thread.ofPlatform().start(closer);
        Thread b = Thread.ofPlatform().start(closer);
        for (int i = 0; i < rounds; i++) {
            shared.set(m.tryLock().orElseThrow());
            start.await();
            Optional<Mutex.Guard<Integer>> taken;
            while ((taken = m.tryLock()).isEmpty()) Thread.onSpinWait(); // free as soon as the first close lands
            Mutex.Guard<Integer> mine = taken.get();
            end.await(); // both closes have returned
            if (!m.isLocked()) stolen.incrementAndGet(); // the slower close released our ownership
            mine.close();
        }
        a.join();
        b.join();
        assertThat(stolen.get()).as("rounds where a second close of one guard released the next owner's lock").isZero();
        assertThat(m.isLocked()).isFalse();
        assertThat(m.hasWaiters()).isFalse();
    }

    @Test
    void tryLock_whileHeld_isEmpty() {
        Mutex<Integer> m = Mutex.of(0);
        Optional<Mutex.Guard<Integer>> g = m.tryLock();
        assertThat(g).isPresent();
        assertThat(m.tryLock()).isEmpty();
        g.get().close();
        assertThat(m.tryLock()).isPresent();
    }

    /** A clock the test moves by hand (nanoseconds). */
    static final class FakeClock implements LongSupplier {
        long now;

        @Override
        public long getAsLong() {
            return now;
        }
    }

    static final long BOUND = 500_000L;

    @Test
    void unlock_withWaitersBeforeBound_wakesOldestOnly_andFreeLockMayBeBarged() {
        FakeClock clock = new FakeClock();
        Mutex<Integer> m = new Mutex<>(0, BOUND, clock, 0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        List<Future<Mutex.Guard<Integer>>> fs = new ArrayList<>();
        List<TestWaker> ws = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(m.lock());
            ws.add(new TestWaker());
            assertThat(ws.get(i).poll(fs.get(i)).isPending()).isTrue();
        }
        assertThat(m.hasWaiters()).isTrue();
        held.close();
        assertThat(m.isLocked()).isFalse(); // not handed off: the oldest waiter is woken to compete
        assertThat(ws.get(0).wakeCount()).isEqualTo(1);
        assertThat(ws.get(1).isWoken()).isFalse();
        assertThat(ws.get(2).isWoken()).isFalse();

        Mutex.Guard<Integer> barger = m.tryLock().orElseThrow(); // barging: ahead of the queue
        assertThat(ws.get(0).poll(fs.get(0)).isPending()).isTrue(); // woken, lost the race, stays first
        barger.close(); // the next unlock wakes the oldest again, and only it
        assertThat(ws.get(0).wakeCount()).isEqualTo(2);
        assertThat(ws.get(1).isWoken()).isFalse();
        barger = m.tryLock().orElseThrow();
        barger.close(); // the woken waiter has not retried yet: no second wake-up
        assertThat(ws.get(0).wakeCount()).isEqualTo(2);
        assertThat(ws.get(1).isWoken()).isFalse();

        for (int i = 0; i < 3; i++) { // FIFO among the waiters themselves
            try (Mutex.Guard<Integer> g = ws.get(i).pollReady(fs.get(i))) {
                g.update(v -> v + 1);
            }
            if (i < 2) assertThat(ws.get(i + 1).isWoken()).isTrue();
        }
        assertThat(m.isLocked()).isFalse();
        assertThat(m.hasWaiters()).isFalse();
        assertThat(m.tryLock().orElseThrow().get()).isEqualTo(3);
    }

    @Test
    void unlock_afterOldestWaitedBound_handsLockToIt_andNobodyBarges() {
        FakeClock clock = new FakeClock();
        Mutex<Integer> m = new Mutex<>(0, BOUND, clock, 0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Mutex.Guard<Integer>> a = m.lock();
        Future<Mutex.Guard<Integer>> b = m.lock();
        assertThat(wa.poll(a).isPending()).isTrue();
        assertThat(wb.poll(b).isPending()).isTrue();
        clock.now = BOUND; // a has been the oldest waiter for the bound
        held.close();
        assertThat(m.isLocked()).isTrue(); // handed off: held on a's behalf
        assertThat(m.tryLock()).isEmpty(); // nobody can overtake a hand-off
        assertThat(wa.wakeCount()).isEqualTo(1);
        Mutex.Guard<Integer> ga = wa.pollReady(a);
        assertThat(wb.isWoken()).isFalse();
        clock.now = BOUND + BOUND / 2; // b became the oldest at BOUND: its own bound has not passed
        ga.close();
        assertThat(m.isLocked()).isFalse(); // woken to compete, not handed off
        assertThat(wb.wakeCount()).isEqualTo(1);
        wb.pollReady(b).close();
        assertThat(m.isLocked()).isFalse();
        assertThat(m.hasWaiters()).isFalse();
    }

    /**
     * The fairness contract, step by step on a fake clock: other tasks keep re-taking the lock ahead of a waiter
     * (critical sections of 0.1 ms each), yet the waiter gets it no later than the bound plus one critical
     * section after it queued, and not before it has been overtaken (the lock is not strictly FIFO).
     */
    @Test
    void lock_overtakenRepeatedly_getsLockWithinBoundPlusOneCriticalSection() {
        FakeClock clock = new FakeClock();
        Mutex<long[]> m = new Mutex<>(new long[1], BOUND, clock, 0);
        long criticalSection = 100_000L;
        Mutex.Guard<long[]> holder = m.tryLock().orElseThrow();
        TestWaker w = new TestWaker();
        Future<Mutex.Guard<long[]>> waiter = m.lock();
        long queuedAt = clock.now;
        assertThat(w.poll(waiter).isPending()).isTrue();
        int overtaken = 0;
        Mutex.Guard<long[]> mine = null;
        while (mine == null) {
            clock.now += criticalSection;
            assertThat(clock.now - queuedAt).as("waited").isLessThanOrEqualTo(BOUND + criticalSection);
            holder.close();
            Optional<Mutex.Guard<long[]>> next = m.tryLock(); // a running task re-locks before the waiter runs
            if (next.isPresent()) {
                overtaken++;
                holder = next.get();
                holder.get()[0]++;
            }
            if (w.isWoken()) {
                w.reset();
                var p = w.poll(waiter);
                if (p.isReady()) mine = p.value();
            }
        }
        assertThat(overtaken).isGreaterThan(0); // barging happened before the bound
        assertThat(clock.now - queuedAt).isGreaterThanOrEqualTo(BOUND).isLessThanOrEqualTo(BOUND + criticalSection);
        mine.close();
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void cancel_waiterHandedTheLock_passesLockOn() {
        FakeClock clock = new FakeClock();
        Mutex<Integer> m = new Mutex<>(0, 0, clock, 0); // bound 0: every contended unlock hands off
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Mutex.Guard<Integer>> a = m.lock();
        Future<Mutex.Guard<Integer>> b = m.lock();
        wa.poll(a);
        wb.poll(b);
        held.close(); // a is the designated hand-off target: it owns the lock now
        assertThat(wa.wakeCount()).isEqualTo(1);
        assertThat(m.tryLock()).isEmpty();
        a.cancel(); // ... but never takes it: the lock goes to b, not into the void
        assertThat(wb.wakeCount()).isEqualTo(1);
        assertThat(m.tryLock()).isEmpty(); // handed to b (bound 0)
        wb.pollReady(b).close();
        assertThat(m.isLocked()).isFalse();
        assertThat(m.hasWaiters()).isFalse();
        a.cancel(); // idempotent
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void cancel_wokenWaiterWhileLockFree_wakesNextWaiter() {
        FakeClock clock = new FakeClock();
        Mutex<Integer> m = new Mutex<>(0, BOUND, clock, 0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Mutex.Guard<Integer>> a = m.lock();
        Future<Mutex.Guard<Integer>> b = m.lock();
        wa.poll(a);
        wb.poll(b);
        held.close(); // a is woken to compete for the free lock
        assertThat(wa.wakeCount()).isEqualTo(1);
        assertThat(wb.isWoken()).isFalse();
        a.cancel(); // its wake-up must not be lost: b is woken instead
        assertThat(wb.wakeCount()).isEqualTo(1);
        assertThat(m.isLocked()).isFalse();
        wb.pollReady(b).close();
        assertThat(m.hasWaiters()).isFalse();
    }

    @Test
    void cancel_wokenWaiterWhileLockRetaken_nextUnlockWakesNextWaiter() {
        FakeClock clock = new FakeClock();
        Mutex<Integer> m = new Mutex<>(0, BOUND, clock, 0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Mutex.Guard<Integer>> a = m.lock();
        Future<Mutex.Guard<Integer>> b = m.lock();
        wa.poll(a);
        wb.poll(b);
        held.close(); // a is woken
        Mutex.Guard<Integer> barger = m.tryLock().orElseThrow();
        a.cancel(); // the lock is held: its release will wake b
        assertThat(wb.isWoken()).isFalse();
        barger.close();
        assertThat(wb.wakeCount()).isEqualTo(1);
        wb.pollReady(b).close();
        assertThat(m.isLocked()).isFalse();
        assertThat(m.hasWaiters()).isFalse();
    }

    @Test
    void cancel_queuedWaiterNotWoken_leavesQueue_othersUnaffected() {
        Mutex<Integer> m = Mutex.of(0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Mutex.Guard<Integer>> a = m.lock();
        Future<Mutex.Guard<Integer>> b = m.lock();
        wa.poll(a);
        wb.poll(b);
        b.cancel();
        held.close();
        assertThat(wa.wakeCount()).isEqualTo(1);
        assertThat(wb.isWoken()).isFalse();
        wa.pollReady(a).close();
        assertThat(m.hasWaiters()).isFalse();
        Future<Mutex.Guard<Integer>> c = m.lock();
        c.cancel(); // before the first poll: nothing registered
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void lock_repolledWithAnotherWaker_wakesTheLatestWaker() {
        Mutex<Integer> m = Mutex.of(0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        TestWaker first = new TestWaker();
        TestWaker second = new TestWaker();
        Future<Mutex.Guard<Integer>> f = m.lock();
        assertThat(first.poll(f).isPending()).isTrue();
        assertThat(second.poll(f).isPending()).isTrue();
        held.close();
        assertThat(first.isWoken()).isFalse();
        assertThat(second.wakeCount()).isEqualTo(1);
        second.pollReady(f).close();
    }

    @Test
    void new_negativeBound_failsFast() {
        assertThatThrownBy(() -> new Mutex<>(0, -1, System::nanoTime, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handoffNanos: -1 (expected: >= 0)");
    }

    @Test
    void lock_consumesBudget() {
        Mutex<Integer> m = Mutex.of(0);
        TestWaker w = new TestWaker();
        Future<Mutex.Guard<Integer>> f = m.lock();
        assertThat(f.poll(new Context(w, 0)).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(m.isLocked()).isFalse();
        Context cx = new Context(w, 2);
        f.poll(cx).value().close();
        assertThat(cx.remainingBudget()).isEqualTo(1);
    }

    @Test
    void lock_fromManyThreads_isMutuallyExclusive_andPublishesWrites() throws Exception {
        Mutex<long[]> m = Mutex.of(new long[1]);
        int threads = 4;
        int rounds = 2_000;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    try (Mutex.Guard<long[]> g = m.lock().await()) {
                        long v = g.get()[0];
                        g.get()[0] = v + 1; // not atomic: lost updates would show a broken lock
                    }
                }
            }));
        }
        for (Thread t : ts) assertThat(t.join(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(m.lock().await().get()[0]).isEqualTo((long) threads * rounds);
    }
}
