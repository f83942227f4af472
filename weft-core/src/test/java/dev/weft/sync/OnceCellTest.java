package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OnceCellTest {

    /** An init future completed by hand. */
    static final class Manual<T> implements Future<T> {
        T value;
        RuntimeException error;
        final AtomicBoolean cancelled = new AtomicBoolean();
        dev.weft.future.Waker waker;

        @Override
        public Poll<T> poll(dev.weft.future.Context cx) {
            if (error != null) throw error;
            if (value != null) return Poll.ready(value);
            waker = cx.waker();
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        void complete(T v) {
            value = v;
            waker.wake();
        }
    }

    @Test
    void emptyCell_getIsEmpty_setThenGet() {
        OnceCell<String> c = new OnceCell<>();
        assertThat(c.get()).isEmpty();
        assertThat(c.isInitialized()).isFalse();
        assertThat(c.set("a")).isEqualTo(new OnceCell.SetResult.Set<String>());
        assertThat(c.get()).contains("a");
        assertThat(c.set("b")).isEqualTo(new OnceCell.SetResult.AlreadyInitialized<>("b"));
        assertThat(c.getOrInit(() -> Futures.ready("c")).await()).isEqualTo("a");
        assertThat(c).hasToString("OnceCell[a]");
        assertThat(OnceCell.of("x").get()).contains("x");
        assertThatThrownBy(() -> c.set(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.getOrInit(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void getOrInit_underContention_runsInitializerOnce() {
        OnceCell<String> c = new OnceCell<>();
        AtomicInteger runs = new AtomicInteger();
        Manual<String> init = new Manual<>();
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        TestWaker w3 = new TestWaker();
        Future<String> f1 = c.getOrInit(() -> {
            runs.incrementAndGet();
            return init;
        });
        Future<String> f2 = c.getOrInit(() -> {
            runs.incrementAndGet();
            return Futures.ready("other");
        });
        Future<String> f3 = c.getOrInit(() -> {
            runs.incrementAndGet();
            return Futures.ready("third");
        });
        assertThat(w1.poll(f1).isPending()).isTrue();
        assertThat(w2.poll(f2).isPending()).isTrue();
        assertThat(w3.poll(f3).isPending()).isTrue();
        assertThat(c.set("x")).isEqualTo(new OnceCell.SetResult.Initializing<>("x"));
        init.complete("v");
        assertThat(w1.pollReady(f1)).isEqualTo("v");
        assertThat(w2.wakeCount()).isEqualTo(1);
        assertThat(w3.wakeCount()).isEqualTo(1);
        assertThat(w2.pollReady(f2)).isEqualTo("v");
        assertThat(w3.pollReady(f3)).isEqualTo("v");
        assertThat(runs).hasValue(1);
    }

    @Test
    void getOrInit_failure_nextWaiterRetries() {
        OnceCell<String> c = new OnceCell<>();
        Manual<String> failing = new Manual<>();
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        Future<String> f1 = c.getOrInit(() -> failing);
        Future<String> f2 = c.getOrInit(() -> Futures.ready("second"));
        w1.poll(f1);
        w2.poll(f2);
        failing.error = new IllegalStateException("boom");
        assertThatThrownBy(() -> w1.poll(f1)).hasMessage("boom");
        assertThat(w2.wakeCount()).isEqualTo(1);
        assertThat(w2.pollReady(f2)).isEqualTo("second");
        assertThat(c.get()).contains("second");
    }

    @Test
    void getOrInit_initializerThrowsOrReturnsNull_releasesTurn() {
        OnceCell<String> c = new OnceCell<>();
        assertThatThrownBy(() -> c.getOrInit(() -> {
            throw new IllegalArgumentException("bad");
        }).await()).hasMessage("bad");
        assertThatThrownBy(() -> c.getOrInit(() -> null).await()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("init returned null");
        assertThatThrownBy(() -> c.getOrInit(() -> Futures.ready(null)).await())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("completed with null");
        assertThat(c.getOrInit(() -> Futures.ready("ok")).await()).isEqualTo("ok");
    }

    @Test
    void cancel_duringInit_cancelsInitializer_nextWaiterRetries() {
        OnceCell<String> c = new OnceCell<>();
        Manual<String> first = new Manual<>();
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        Future<String> f1 = c.getOrInit(() -> first);
        Future<String> f2 = c.getOrInit(() -> Futures.ready("second"));
        w1.poll(f1);
        w2.poll(f2);
        f1.cancel();
        assertThat(first.cancelled).isTrue();
        assertThat(w2.wakeCount()).isEqualTo(1);
        assertThat(w2.pollReady(f2)).isEqualTo("second");
    }

    @Test
    void cancel_whileWaitingForTurn_onlyLeavesQueue() {
        OnceCell<String> c = new OnceCell<>();
        Manual<String> first = new Manual<>();
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        Future<String> f1 = c.getOrInit(() -> first);
        Future<String> f2 = c.getOrInit(() -> Futures.ready("never"));
        w1.poll(f1);
        w2.poll(f2);
        f2.cancel();
        first.complete("v");
        assertThat(w1.pollReady(f1)).isEqualTo("v");
        assertThat(w2.isWoken()).isFalse();
        Future<String> f3 = c.getOrInit(() -> Futures.ready("x"));
        f3.cancel(); // before first poll
        assertThat(c.get()).contains("v");
    }
}
