package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import org.junit.jupiter.api.Test;

class RwLockTest {

    @Test
    void manyReaders_atOnce() {
        RwLock<String> l = RwLock.of("v");
        TestWaker w = new TestWaker();
        RwLock.ReadGuard<String> r1 = w.pollReady(l.read());
        RwLock.ReadGuard<String> r2 = w.pollReady(l.read());
        RwLock.ReadGuard<String> r3 = l.tryRead().orElseThrow();
        assertThat(r1.get()).isEqualTo("v");
        assertThat(r2.get()).isEqualTo("v");
        assertThat(r3.get()).isEqualTo("v");
        assertThat(l.tryWrite()).isEmpty();
        r1.close();
        r2.close();
        r3.close();
        assertThat(l.tryWrite()).isPresent();
    }

    @Test
    void writer_waitsForReaders_thenExclusive() {
        RwLock<Integer> l = RwLock.of(1);
        RwLock.ReadGuard<Integer> r = l.read().await();
        TestWaker ww = new TestWaker();
        Future<RwLock.WriteGuard<Integer>> wf = l.write();
        assertThat(ww.poll(wf).isPending()).isTrue();
        r.close();
        assertThat(ww.wakeCount()).isEqualTo(1);
        RwLock.WriteGuard<Integer> g = ww.pollReady(wf);
        assertThat(l.tryRead()).isEmpty();
        g.set(2);
        assertThat(g.update(v -> v + 1)).isEqualTo(3);
        g.close();
        assertThat(l.read().await().get()).isEqualTo(3);
    }

    @Test
    void writerPreferring_readerArrivingAfterWaitingWriter_queuesBehindIt() {
        RwLock<Integer> l = RwLock.of(0);
        RwLock.ReadGuard<Integer> r1 = l.read().await();
        TestWaker ww = new TestWaker();
        TestWaker wr = new TestWaker();
        Future<RwLock.WriteGuard<Integer>> wf = l.write();
        ww.poll(wf);
        Future<RwLock.ReadGuard<Integer>> rf = l.read();
        assertThat(wr.poll(rf).isPending()).isTrue(); // a reader holds, but the writer waits first
        assertThat(l.tryRead()).isEmpty();
        r1.close();
        assertThat(ww.wakeCount()).isEqualTo(1);
        assertThat(wr.isWoken()).isFalse();
        ww.pollReady(wf).close();
        assertThat(wr.wakeCount()).isEqualTo(1);
        wr.pollReady(rf).close();
        assertThat(l).hasToString("RwLock[unlocked]");
    }

    @Test
    void cancel_waitingWriter_wakesReadersQueuedBehindIt() {
        RwLock<Integer> l = RwLock.of(0);
        RwLock.ReadGuard<Integer> r1 = l.read().await();
        TestWaker ww = new TestWaker();
        TestWaker wr = new TestWaker();
        Future<RwLock.WriteGuard<Integer>> wf = l.write();
        ww.poll(wf); // collected all read permits but r1's
        Future<RwLock.ReadGuard<Integer>> rf = l.read();
        wr.poll(rf);
        wf.cancel();
        assertThat(wr.wakeCount()).isEqualTo(1);
        RwLock.ReadGuard<Integer> r2 = wr.pollReady(rf);
        r1.close();
        r2.close();
        assertThat(l.tryWrite()).isPresent();
    }

    @Test
    void guards_afterClose_throw() {
        RwLock<Integer> l = RwLock.of(0);
        RwLock.ReadGuard<Integer> r = l.read().await();
        r.close();
        r.close();
        assertThatThrownBy(r::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("ReadGuard");
        RwLock.WriteGuard<Integer> w = l.write().await();
        w.close();
        assertThatThrownBy(w::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("WriteGuard");
        assertThatThrownBy(() -> w.set(1)).isInstanceOf(IllegalStateException.class);
        assertThat(l.tryWrite()).isPresent();
    }

    @Test
    void readAndWrite_consumeBudget() {
        RwLock<Integer> l = RwLock.of(0);
        TestWaker w = new TestWaker();
        assertThat(l.write().poll(new Context(w, 0)).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        Context cx = new Context(w, 3);
        l.read().poll(cx).value().close();
        l.write().poll(cx).value().close();
        assertThat(cx.remainingBudget()).isEqualTo(1);
    }
}
