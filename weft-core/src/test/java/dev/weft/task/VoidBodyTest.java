package dev.weft.task;

import static dev.weft.task.TestFutures.awaitLatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Waker;
import dev.weft.runtime.WeftRuntime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bodies that return nothing: every entry point taking a {@code Callable} also takes an {@link Async.VoidBody},
 * and lambdas pick the right overload without casts.
 */
@Timeout(60)
class VoidBodyTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static void sideEffect() {
        COUNTER.incrementAndGet();
    }

    private static int answer() {
        return 42;
    }

    private static WeftRuntime rt() {
        return WeftRuntime.multiThread().workerThreads(2).build();
    }

    @Test
    void runtimeRun_blockBody_runsWithoutReturnNull() {
        int before = COUNTER.get();
        WeftRuntime.run(() -> {
            sideEffect();
        });
        WeftRuntime.run(() -> sideEffect()); // a void method call: the VoidBody overload
        WeftRuntime.run(VoidBodyTest::sideEffect);
        assertThat(COUNTER.get() - before).isEqualTo(3);
    }

    @Test
    void runtimeRun_valueBodies_stillReturnTheirValue() {
        int a = WeftRuntime.run(() -> 42);
        int b = WeftRuntime.run(() -> answer()); // fits both: the value-returning overload wins
        String c = WeftRuntime.run(() -> {
            return "x";
        });
        assertThat(a + b).isEqualTo(84);
        assertThat(c).isEqualTo("x");
    }

    @Test
    void asyncAsync_voidBody_completesWithNull() {
        AtomicInteger ran = new AtomicInteger();
        Future<Void> f = Async.async(() -> {
            ran.incrementAndGet();
        });
        assertThat(ran).hasValue(0); // lazy
        assertThat(f.await()).isNull();
        assertThat(ran).hasValue(1);
        Future<Integer> v = Async.async(() -> 7);
        assertThat(v.await()).isEqualTo(7);
    }

    @Test
    @SuppressWarnings("deprecation")
    void asyncRun_deprecatedForwarder_stillWorks() {
        AtomicInteger ran = new AtomicInteger();
        assertThat(Async.run(ran::incrementAndGet).await()).isNull();
        assertThat(ran).hasValue(1);
    }

    @Test
    void asyncAsync_voidBody_cancelledBeforeItsFirstPoll_neverRuns() {
        AtomicInteger ran = new AtomicInteger();
        Future<Void> f = Async.async(() -> {
            ran.incrementAndGet();
        });
        f.cancel();
        assertThat(ran).hasValue(0);
    }

    @Test
    void asyncAsync_voidBody_cancelledWhileRunning_interruptsIt() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch unwound = new CountDownLatch(1);
        Future<Void> f = Async.async(() -> {
            try {
                started.countDown();
                Futures.pending().await();
            } finally {
                unwound.countDown();
            }
        });
        assertThat(f.poll(new Context(Waker.noop())).isPending()).isTrue();
        awaitLatch(started, "body started");
        f.cancel();
        awaitLatch(unwound, "the body's finally after the interrupt");
    }

    @Test
    void spawnAsync_andSpawnBlocking_voidBodies_everyEntryPoint() {
        try (WeftRuntime rt = rt()) {
            AtomicInteger ran = new AtomicInteger();
            JoinHandle<Void> a = rt.spawnAsync(() -> {
                ran.incrementAndGet();
            });
            JoinHandle<Void> b = rt.spawnBlocking(() -> {
                ran.incrementAndGet();
            });
            JoinHandle<Void> c = rt.handle().spawnAsync(() -> {
                ran.incrementAndGet();
            });
            JoinHandle<Void> d = rt.handle().spawnBlocking(() -> {
                ran.incrementAndGet();
            });
            assertThat(a.await()).isNull();
            assertThat(b.await()).isNull();
            assertThat(c.await()).isNull();
            assertThat(d.await()).isNull();
            int inner = rt.blockOn(Async.async(() -> {
                JoinHandle<Void> e = Tasks.spawnAsync(() -> {
                    ran.incrementAndGet();
                });
                JoinHandle<Void> f = Tasks.spawnBlocking(() -> {
                    ran.incrementAndGet();
                });
                TaskTracker tracker = new TaskTracker();
                JoinHandle<Void> g = tracker.spawnBlocking(() -> {
                    ran.incrementAndGet();
                });
                e.await();
                f.await();
                g.await();
                JoinHandle<Integer> valued = Tasks.spawnBlocking(() -> 5);
                return valued.await();
            }));
            assertThat(inner).isEqualTo(5);
            assertThat(ran).hasValue(7);
        }
    }

    @Test
    void spawnAsync_voidBody_cancelledThroughItsHandle_isInterrupted() {
        try (WeftRuntime rt = rt()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch unwound = new CountDownLatch(1);
            JoinHandle<Void> h = rt.spawnAsync(() -> {
                try {
                    started.countDown();
                    Futures.pending().await();
                } finally {
                    unwound.countDown();
                }
            });
            awaitLatch(started, "body started");
            h.cancel();
            awaitLatch(unwound, "the body's finally");
        }
    }

    @Test
    void spawnBlocking_voidBody_cancelledThroughItsHandle_interruptsThePoolThread() {
        try (WeftRuntime rt = rt()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            JoinHandle<Void> h = rt.spawnBlocking(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await(); // blocks until interrupted
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            });
            AbortHandle ah = h.abortHandle();
            awaitLatch(started, "body started");
            h.cancel();
            awaitLatch(interrupted, "the pool thread interrupted");
            JoinHandleTest.awaitFinished(ah);
        }
    }

    @Test
    void spawnBlocking_voidBody_detached_runsToItsEnd() {
        try (WeftRuntime rt = rt()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            JoinHandle<Void> h = rt.spawnBlocking(() -> {
                release.await();
                done.countDown();
            });
            h.detach();
            release.countDown();
            awaitLatch(done, "the detached body ran to its end");
        }
    }

    @Test
    void voidBodies_nullBody_failsFast() {
        try (WeftRuntime rt = rt()) {
            assertThatThrownBy(() -> rt.spawnAsync((Async.VoidBody) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("body");
            assertThatThrownBy(() -> rt.spawnBlocking((Async.VoidBody) null))
                    .isInstanceOf(NullPointerException.class).hasMessage("body");
            assertThatThrownBy(() -> Async.async((Async.VoidBody) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("body");
            assertThatThrownBy(() -> WeftRuntime.run((Async.VoidBody) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("body");
        }
    }
}
