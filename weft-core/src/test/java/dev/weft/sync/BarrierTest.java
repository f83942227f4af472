package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BarrierTest {

    @Test
    void constructor_invalid_throws() {
        assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 0 (expected: > 0)");
        assertThat(new Barrier(4).parties()).isEqualTo(4);
    }

    @Test
    void lastArrival_releasesAll_exactlyOneLeader() {
        Barrier b = new Barrier(3);
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        TestWaker w3 = new TestWaker();
        Future<BarrierWaitResult> f1 = b.waitAll();
        Future<BarrierWaitResult> f2 = b.waitAll();
        assertThat(w1.poll(f1).isPending()).isTrue();
        assertThat(w2.poll(f2).isPending()).isTrue();
        BarrierWaitResult r3 = w3.pollReady(b.waitAll());
        assertThat(r3.leader()).isTrue();
        assertThat(r3.isLeader()).isTrue();
        assertThat(w1.wakeCount()).isEqualTo(1);
        assertThat(w2.wakeCount()).isEqualTo(1);
        assertThat(w1.pollReady(f1).leader()).isFalse();
        assertThat(w2.pollReady(f2).leader()).isFalse();
        assertThat(b).hasToString("Barrier[parties=3, arrived=0]");
    }

    @Test
    void generations_reset() {
        Barrier b = new Barrier(2);
        TestWaker w = new TestWaker();
        for (int gen = 0; gen < 3; gen++) {
            Future<BarrierWaitResult> f = b.waitAll();
            assertThat(w.poll(f).isPending()).isTrue();
            assertThat(w.pollReady(b.waitAll()).leader()).isTrue();
            assertThat(w.pollReady(f).leader()).isFalse();
        }
    }

    @Test
    void singleParty_isAlwaysLeader() {
        Barrier b = new Barrier(1);
        assertThat(b.waitAll().await().leader()).isTrue();
        assertThat(b.waitAll().await().leader()).isTrue();
    }

    @Test
    void waitAll_isLazy_cancelBeforePollDoesNotArrive() {
        Barrier b = new Barrier(2);
        Future<BarrierWaitResult> f = b.waitAll();
        f.cancel();
        assertThat(b).hasToString("Barrier[parties=2, arrived=0]");
    }

    @Test
    void cancel_whileWaiting_withdrawsArrival() {
        Barrier b = new Barrier(2);
        TestWaker w = new TestWaker();
        Future<BarrierWaitResult> f = b.waitAll();
        w.poll(f);
        f.cancel();
        assertThat(b).hasToString("Barrier[parties=2, arrived=0]");
        Future<BarrierWaitResult> g = b.waitAll();
        assertThat(w.poll(g).isPending()).isTrue(); // the cancelled one no longer counts
        assertThat(w.pollReady(b.waitAll()).leader()).isTrue();
        assertThat(w.pollReady(g).leader()).isFalse();
    }

    @Test
    void cancel_afterRelease_doesNotDisturbNextGeneration() {
        Barrier b = new Barrier(2);
        TestWaker w = new TestWaker();
        Future<BarrierWaitResult> f = b.waitAll();
        w.poll(f);
        w.pollReady(b.waitAll());
        f.cancel(); // released but never reported
        assertThat(b).hasToString("Barrier[parties=2, arrived=0]");
    }

    @Test
    void waitAll_consumesBudget() {
        Barrier b = new Barrier(1);
        TestWaker w = new TestWaker();
        Future<BarrierWaitResult> f = b.waitAll();
        assertThat(f.poll(new Context(w, 0)).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(f.poll(new Context(w, 1)).value().leader()).isTrue();
    }

    @Test
    void threads_meetAtBarrier() throws Exception {
        Barrier b = new Barrier(4);
        List<CompletableFuture<Boolean>> rs = new ArrayList<>();
        for (int i = 0; i < 4; i++) rs.add(CompletableFuture.supplyAsync(() -> b.waitAll().await().leader(),
                r -> Thread.ofPlatform().start(r)));
        int leaders = 0;
        for (CompletableFuture<Boolean> r : rs) if (r.get(10, TimeUnit.SECONDS)) leaders++;
        assertThat(leaders).isEqualTo(1);
    }
}
