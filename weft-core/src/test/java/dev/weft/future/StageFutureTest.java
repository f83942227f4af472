package dev.weft.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testkit.TestWaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link Futures#fromStage} and {@link Futures#fromStageCancelling}, polled by hand. */
class StageFutureTest {

    @Test
    void fromStage_notPolled_addsNoCallback() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Futures.fromStage(cf);
        assertThat(cf.getNumberOfDependents()).isZero(); // lazy
        f.cancel();
        assertThat(cf.isCancelled()).isFalse();
    }

    @Test
    void fromStage_completedLater_wakesOnceAndYieldsValue() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Futures.fromStage(cf);
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        assertThat(f.poll(cx)).isInstanceOf(Poll.Pending.class);
        assertThat(f.poll(cx)).isInstanceOf(Poll.Pending.class); // a second poll adds no second callback
        assertThat(cf.getNumberOfDependents()).isEqualTo(1);
        cf.complete("v");
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(f.poll(cx)).isEqualTo(Poll.ready("v"));
    }

    @Test
    void fromStage_alreadyComplete_readyAtFirstPoll() {
        Future<Integer> f = Futures.fromStage(CompletableFuture.completedFuture(7));
        assertThat(f.poll(new Context(new TestWaker()))).isEqualTo(Poll.ready(7));
    }

    @Test
    void fromStage_failedDependentStage_failsWithUnwrappedCause() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<Integer> f = Futures.fromStage(cf.thenApply(String::length)); // wraps in CompletionException
        cf.completeExceptionally(new UncheckedIOException(new IOException("boom")));
        assertThatThrownBy(() -> f.poll(new Context(new TestWaker())))
                .isInstanceOf(UncheckedIOException.class).hasRootCauseMessage("boom");
    }

    @Test
    void fromStage_stageCancelled_failsWithCancellationException() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        cf.cancel(false);
        assertThatThrownBy(() -> Futures.fromStage(cf).poll(new Context(new TestWaker())))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void fromStage_cancelledWhilePending_leavesStageRunningAndNeverWakes() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Futures.fromStage(cf);
        TestWaker w = new TestWaker();
        assertThat(f.poll(new Context(w))).isInstanceOf(Poll.Pending.class);
        f.cancel();
        assertThat(cf.isCancelled()).isFalse();
        cf.complete("late");
        assertThat(w.wakeCount()).isZero(); // interest was withdrawn
        assertThatThrownBy(() -> f.poll(new Context(w))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after cancel()");
    }

    @Test
    void fromStageCancelling_cancelledWhilePending_cancelsTheStage() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Futures.fromStageCancelling(cf);
        assertThat(f.poll(new Context(new TestWaker()))).isInstanceOf(Poll.Pending.class);
        f.cancel();
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    void fromStageCancelling_cancelledAfterCompletion_leavesStageCompleted() {
        CompletableFuture<String> cf = CompletableFuture.completedFuture("x");
        Future<String> f = Futures.fromStageCancelling(cf);
        assertThat(f.poll(new Context(new TestWaker()))).isEqualTo(Poll.ready("x"));
        f.cancel();
        assertThat(cf.isCancelled()).isFalse();
    }

    @Test
    void fromStage_awaitedInAsyncBlockAndCancelled_interruptsAwaitNotStage() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        java.util.concurrent.CountDownLatch unwound = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Throwable> seen = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Future<String> block = Async.async(() -> {
            try {
                started.countDown();
                return Futures.fromStage(cf).await();
            } catch (Throwable t) {
                seen.set(t);
                throw t;
            } finally {
                unwound.countDown();
            }
        });
        TestWaker w = new TestWaker();
        assertThat(block.poll(new Context(w))).isInstanceOf(Poll.Pending.class);
        assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        block.cancel();
        assertThat(unwound.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get()).isInstanceOf(CancelledException.class);
        assertThat(cf.isDone()).isFalse();
    }

    @Test
    void fromStage_null_failsFastNamingTheParameter() {
        assertThatThrownBy(() -> Futures.fromStage(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("stage");
    }
}
