package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Test
    void tryLock_whileHeld_isEmpty() {
        Mutex<Integer> m = Mutex.of(0);
        Optional<Mutex.Guard<Integer>> g = m.tryLock();
        assertThat(g).isPresent();
        assertThat(m.tryLock()).isEmpty();
        g.get().close();
        assertThat(m.tryLock()).isPresent();
    }

    @Test
    void lock_contended_isFifo_andTryLockDoesNotBarge() {
        Mutex<Integer> m = Mutex.of(0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        List<Future<Mutex.Guard<Integer>>> fs = new ArrayList<>();
        List<TestWaker> ws = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fs.add(m.lock());
            ws.add(new TestWaker());
            assertThat(ws.get(i).poll(fs.get(i)).isPending()).isTrue();
        }
        held.close();
        assertThat(m.tryLock()).isEmpty(); // handed to the first waiter
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) assertThat(ws.get(j).isWoken()).isEqualTo(j <= i);
            ws.get(i).pollReady(fs.get(i)).close();
        }
        assertThat(m.isLocked()).isFalse();
    }

    @Test
    void cancel_pendingLock_passesLockOn() {
        Mutex<Integer> m = Mutex.of(0);
        Mutex.Guard<Integer> held = m.tryLock().orElseThrow();
        TestWaker wa = new TestWaker();
        TestWaker wb = new TestWaker();
        Future<Mutex.Guard<Integer>> a = m.lock();
        Future<Mutex.Guard<Integer>> b = m.lock();
        wa.poll(a);
        wb.poll(b);
        held.close(); // a is handed the lock
        assertThat(wa.wakeCount()).isEqualTo(1);
        a.cancel(); // ... but never takes it
        assertThat(wb.wakeCount()).isEqualTo(1);
        wb.pollReady(b).close();
        assertThat(m.isLocked()).isFalse();
        Future<Mutex.Guard<Integer>> c = m.lock();
        c.cancel(); // before the first poll: nothing registered
        assertThat(m.isLocked()).isFalse();
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
