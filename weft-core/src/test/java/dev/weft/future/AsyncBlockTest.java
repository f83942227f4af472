package dev.weft.future;

import static dev.weft.task.TestFutures.awaitLatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.TestFutures.Forever;
import dev.weft.testkit.TestWaker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AsyncBlockTest {

    @Test
    void asyncBlock_isLazy_theBodyStartsAtTheFirstPoll() {
        AtomicBoolean started = new AtomicBoolean();
        Future<String> block = Async.async(() -> {
            started.set(true);
            return "v";
        });
        assertThat(block.toString()).isEqualTo("AsyncBlock[new]");
        assertThat(started).isFalse();
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        Poll<String> first = block.poll(cx);
        if (first.isPending()) {
            awaitWake(w, "the body's completion wake-up");
            first = block.poll(cx);
        }
        assertThat(started).isTrue();
        assertThat(first.value()).isEqualTo("v");
        assertThat(block.toString()).isEqualTo("AsyncBlock[done]");
    }

    @Test
    void asyncBlock_cancelledBeforeTheFirstPoll_neverRunsItsBody() {
        AtomicBoolean started = new AtomicBoolean();
        Future<String> block = Async.async(() -> {
            started.set(true);
            return "v";
        });
        block.cancel();
        assertThat(((Draining) block).pollDrained(new Context(Waker.noop())).isReady()).isTrue();
        assertThat(started).isFalse();
    }

    @Test
    void run_completesWithNull_andAwaitOnAPlainThreadWorks() {
        AtomicInteger effect = new AtomicInteger();
        assertThat(Async.async(() -> {
            effect.incrementAndGet();
        }).await()).isNull();
        assertThat(effect).hasValue(1);
        // a method reference to a value-returning method picks the Callable overload: the block has its value
        assertThat(Async.async(effect::incrementAndGet).await()).isEqualTo(2);
        assertThat(Async.async(() -> Async.async(() -> 41).await() + 1).await()).isEqualTo(42);
    }

    @Test
    void bodyFailure_propagatesToTheAwaiter_andFailsTheTask() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> Async.async(() -> {
            throw boom;
        }).await()).isSameAs(boom);
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            JoinHandle<Object> h = rt.spawn(Async.async(() -> {
                throw boom;
            }));
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Failed.class).hasCause(boom);
        }
    }

    @Test
    void abort_interruptsTheBody_everyLaterAwaitThrows_finallyRuns_andCancelledIsReportedAfterUnwinding() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            Forever<String> awaited = new Forever<>();
            CountDownLatch finallyGate = new CountDownLatch(1);
            CountDownLatch inFinally = new CountDownLatch(1);
            AtomicBoolean finallyDone = new AtomicBoolean();
            AtomicReference<Throwable> first = new AtomicReference<>();
            AtomicReference<Throwable> second = new AtomicReference<>();
            JoinHandle<String> h = rt.spawn(Async.async(() -> {
                try {
                    return awaited.await();
                } catch (CancelledException e) {
                    first.set(e);
                    try {
                        Futures.ready("already ready").await();
                    } catch (CancelledException e2) {
                        second.set(e2);
                    }
                    throw e;
                } finally {
                    inFinally.countDown();
                    boolean opened = false;
                    while (!opened) {
                        try {
                            opened = finallyGate.await(10, java.util.concurrent.TimeUnit.SECONDS) || true;
                        } catch (InterruptedException ignored) {
                            // keep waiting: the test opens the gate
                        }
                    }
                    finallyDone.set(true);
                }
            }));
            awaitLatch(awaited.firstPoll, "the body awaits");
            h.abort();
            awaitLatch(inFinally, "the finally block");
            assertThat(h.isFinished()).as("cancelled is reported only after the body unwound").isFalse();
            finallyGate.countDown();
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            assertThat(finallyDone).as("finally ran before the handle failed").isTrue();
            assertThat(first.get()).isInstanceOf(CancelledException.class);
            assertThat(second.get()).isInstanceOf(CancelledException.class);
            assertThat(awaited.cancels).as("the awaited future is cancelled exactly once").hasValue(1);
        }
    }

    @Test
    void asyncBlock_thatCatchesCancellationAndReturns_stillReportsCancelled() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).build()) {
            Forever<String> awaited = new Forever<>();
            JoinHandle<String> h = rt.spawn(Async.async(() -> {
                try {
                    return awaited.await();
                } catch (CancelledException e) {
                    return "swallowed";
                }
            }));
            awaitLatch(awaited.firstPoll, "the body awaits");
            h.abort();
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
        }
    }

    @Test
    void cancelByHand_interruptsTheBody_andPollDrainedTurnsReady() {
        Forever<String> awaited = new Forever<>();
        AtomicBoolean finallyRan = new AtomicBoolean();
        Future<String> block = Async.async(() -> {
            try {
                return awaited.await();
            } finally {
                finallyRan.set(true);
            }
        });
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        assertThat(block.poll(cx).isPending()).isTrue();
        awaitLatch(awaited.firstPoll, "the body awaits");
        block.cancel();
        Draining d = (Draining) block;
        TestWaker dw = new TestWaker();
        Context dcx = new Context(dw);
        if (d.pollDrained(dcx).isPending()) {
            awaitWake(dw, "drained wake-up");
        }
        assertThat(d.pollDrained(dcx).isReady()).isTrue();
        assertThat(finallyRan).isTrue();
        assertThat(awaited.cancels).hasValue(1);
    }

    @Test
    void await_ofAnInterruptedPlainThread_cancelsTheFutureAndKeepsTheFlag() {
        Forever<String> f = new Forever<>();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(f::await).isInstanceOf(CancelledException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(f.cancels).hasValue(1);
            assertThat(f.polls).hasValue(0);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void asyncBlock_seesTheRuntimeOfItsPoller() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).name("poller-rt").build()) {
            String name = rt.blockOn(Async.async(() -> dev.weft.runtime.Handle.current().name()));
            assertThat(name).isEqualTo("poller-rt");
            assertThat(rt.spawn(Async.async(() -> dev.weft.runtime.Handle.current().name())).await())
                    .isEqualTo("poller-rt");
        }
    }

    private static void awaitWake(TestWaker w, String what) {
        try {
            if (!w.awaitWake(Duration.ofSeconds(10))) throw new AssertionError("timed out waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
