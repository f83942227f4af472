package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.task.TestFutures;
import dev.weft.task.TestFutures.Forever;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RuntimeTest {

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
            Thread.yield();
        }
    }

    @Test
    void builder_rejectsBadArguments_withPreciseMessages() {
        assertThatThrownBy(() -> WeftRuntime.builder().workerThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workerThreads: 0 (expected: 1..32767)");
        assertThatThrownBy(() -> WeftRuntime.builder().workerThreads(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workerThreads: -3 (expected: 1..32767)");
        assertThatThrownBy(() -> WeftRuntime.builder().workerThreads(32768)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workerThreads: 32768 (expected: 1..32767)");
        assertThatThrownBy(() -> WeftRuntime.builder().maxBlockingThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBlockingThreads: 0 (expected: >= 1)");
        assertThatThrownBy(() -> WeftRuntime.builder().blockingKeepAlive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("blockingKeepAlive: PT0S (expected: > 0)");
        assertThatThrownBy(() -> WeftRuntime.builder().blockingKeepAlive(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(expected: > 0)");
        assertThatThrownBy(() -> WeftRuntime.builder().blockingKeepAlive(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("keepAlive");
        assertThatThrownBy(() -> WeftRuntime.builder().name(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> WeftRuntime.builder().threadName(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("threadName");
        assertThatThrownBy(() -> WeftRuntime.builder().localQueueCapacity(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("localQueueCapacity: 3 (expected: a power of two >= 2)");
        assertThatThrownBy(() -> WeftRuntime.builder().localQueueCapacity(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("localQueueCapacity: 1 (expected: a power of two >= 2)");
        assertThatThrownBy(() -> WeftRuntime.run((java.util.concurrent.Callable<Object>) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void runtime_rejectsNullsAndNegativeTimeouts() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            assertThatThrownBy(() -> rt.blockOn(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("future");
            assertThatThrownBy(() -> rt.spawn(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("future");
            assertThatThrownBy(() -> rt.spawnBlocking((java.util.concurrent.Callable<Object>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("body");
            assertThatThrownBy(() -> rt.shutdown(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("timeout");
            assertThatThrownBy(() -> rt.shutdown(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout: PT-0.001S (expected: >= 0)");
        }
    }

    @Test
    void builder_namesThreads() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).name("named").build()) {
            assertThat(rt.toString()).isEqualTo("WeftRuntime[named]");
            assertThat(rt.handle().toString()).isEqualTo("Handle[named]");
            assertThat(rt.spawn(Futures.lazy(() -> Thread.currentThread().getName())).await())
                    .matches("named-worker-[01]");
        }
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).threadName(i -> "custom-" + i).build()) {
            assertThat(rt.spawn(Futures.lazy(() -> Thread.currentThread().getName())).await()).isEqualTo("custom-0");
        }
        try (WeftRuntime a = WeftRuntime.builder().workerThreads(1).build();
                WeftRuntime b = WeftRuntime.builder().workerThreads(1).build()) {
            assertThat(a.handle().name()).startsWith("weft-").isNotEqualTo(b.handle().name());
        }
    }

    @Test
    void builder_flavourSelection() {
        try (WeftRuntime rt = WeftRuntime.multiThread().currentThread().build()) {
            assertThat(rt.metrics().workers()).isEqualTo(1);
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            rt.blockOn(Futures.lazy(() -> Tasks.spawn(Futures.lazy(() -> {
                ranOn.set(Thread.currentThread());
                return 0;
            }))).then(h -> h));
            assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        }
        try (WeftRuntime rt = WeftRuntime.currentThread().multiThread().workerThreads(3).build()) {
            assertThat(rt.metrics().workers()).isEqualTo(3);
            assertThat(rt.metrics().localQueueDepths()).hasSize(3);
        }
    }

    @Test
    void run_isTheMainEntryPoint_andShutsTheRuntimeDown() throws Exception {
        AtomicReference<Handle> handle = new AtomicReference<>();
        int v = WeftRuntime.run(() -> {
            handle.set(Handle.current());
            return Tasks.spawn(Futures.ready(41)).await() + 1;
        });
        assertThat(v).isEqualTo(42);
        Forever<Integer> late = new Forever<>();
        JoinHandle<Integer> h = handle.get().spawn(late);
        assertThat(h.isFinished()).as("the runtime was shut down by run()").isTrue();
        assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
        assertThat(late.cancels).hasValue(1);
        assertThat(late.polls).hasValue(0);
    }

    @Test
    void run_rethrowsUncheckedAsIs_andWrapsCheckedInAsyncException() {
        IOException io = new IOException("io");
        assertThatThrownBy(() -> WeftRuntime.run(() -> {
            throw io;
        })).isExactlyInstanceOf(dev.weft.future.AsyncException.class).hasCause(io);
        IllegalStateException unchecked = new IllegalStateException("state");
        assertThatThrownBy(() -> WeftRuntime.run(() -> {
            throw unchecked;
        })).isSameAs(unchecked);
    }

    @Test
    void metrics_countsMoveAsExpected_multiThread() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            RuntimeMetrics m0 = rt.metrics();
            assertThat(m0.workers()).isEqualTo(2);
            assertThat(m0.liveTasks()).isZero();
            assertThat(m0.spawnedTasks()).isZero();
            assertThat(m0.localQueueDepths()).hasSize(2);
            List<JoinHandle<Integer>> hs = new ArrayList<>();
            List<Forever<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Forever<Integer> f = new Forever<>();
                fs.add(f);
                hs.add(rt.spawn(f));
            }
            for (Forever<Integer> f : fs) TestFutures.awaitLatch(f.firstPoll, "first poll");
            RuntimeMetrics m1 = rt.metrics();
            assertThat(m1.spawnedTasks()).isEqualTo(10);
            assertThat(m1.liveTasks()).isEqualTo(10);
            eventually(() -> rt.metrics().polls() >= 10, "10 polls counted");
            for (JoinHandle<Integer> h : hs) h.abort();
            for (JoinHandle<Integer> h : hs) assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            eventually(() -> rt.metrics().liveTasks() == 0, "liveTasks == 0");
            assertThat(rt.metrics().spawnedTasks()).isEqualTo(10);
            eventually(() -> rt.metrics().parks() > 0, "an idle worker parks");
            assertThat(rt.metrics().injectionQueueDepth()).isZero();
            assertThat(rt.spawnBlocking(() -> 1).await()).isEqualTo(1);
            assertThat(rt.metrics().blockingThreads()).isEqualTo(1);
        }
    }

    @Test
    void metrics_countsMoveAsExpected_currentThread() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            assertThat(rt.metrics().workers()).isEqualTo(1);
            for (int i = 0; i < 5; i++) rt.spawn(Futures.ready(i));
            RuntimeMetrics queued = rt.metrics();
            assertThat(queued.liveTasks()).isEqualTo(5);
            assertThat(queued.spawnedTasks()).isEqualTo(5);
            assertThat(queued.injectionQueueDepth()).isEqualTo(5);
            assertThat(queued.polls()).isZero();
            rt.blockOn(Futures.lazy(() -> Tasks.spawn(Futures.ready(0))).then(h -> h));
            RuntimeMetrics after = rt.metrics();
            assertThat(after.polls()).isEqualTo(6);
            assertThat(after.liveTasks()).isZero();
            assertThat(after.spawnedTasks()).isEqualTo(6);
            assertThat(after.injectionQueueDepth()).isZero();
        }
    }

    @Test
    void metrics_stealsHappenWhenOneWorkerHasAQueue() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            // One task spawns children onto its own worker's queue and then keeps that worker busy until all but
            // the last child have finished. The last child sits in the LIFO slot, which only its owner runs; every
            // other child can only have run on the other worker, i.e. it was stolen: a deterministic cause, no
            // time window. The watchdog only turns a lost steal into a failure instead of a hang.
            rt.spawn(Futures.lazy(() -> {
                List<JoinHandle<Integer>> children = new ArrayList<>();
                for (int i = 0; i < 200; i++) children.add(Tasks.spawn(Futures.ready(i)));
                long watchdog = System.nanoTime() + 30_000_000_000L;
                while (!children.subList(0, children.size() - 1).stream().allMatch(JoinHandle::isFinished)) {
                    if (System.nanoTime() - watchdog > 0) throw new AssertionError("children never stolen");
                    Thread.onSpinWait();
                }
                return children.size();
            })).await();
            eventually(() -> rt.metrics().liveTasks() == 0, "liveTasks == 0");
            assertThat(rt.metrics().steals()).isPositive();
        }
    }

    @Test
    void blockOn_onMultiThread_pollsOnTheCallingThread() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(1).build()) {
            Thread caller = Thread.currentThread();
            assertThat(rt.blockOn(Futures.lazy(Thread::currentThread))).isSameAs(caller);
            assertThat(rt.handle().blockOn(Futures.ready("h"))).isEqualTo("h");
            assertThat(rt.blockOn(Futures.lazy(() -> Handle.current().name()))).isEqualTo(rt.handle().name());
        }
    }

    @Test
    void blockOn_interrupted_cancelsTheFuture() throws Exception {
        for (WeftRuntime rt : List.of(WeftRuntime.multiThread().workerThreads(1).build(), WeftRuntime.currentThread().build())) {
            try (rt) {
                Forever<Integer> f = new Forever<>();
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        rt.blockOn(f);
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                });
                TestFutures.awaitLatch(f.firstPoll, "first poll");
                t.interrupt();
                t.join();
                assertThat(thrown.get()).isInstanceOf(dev.weft.future.CancelledException.class);
                assertThat(f.cancels).hasValue(1);
            }
        }
    }

    @Test
    void currentThread_secondBlockOnFromAnotherThread_pollsItsOwnFuture() throws Exception {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            TestFutures.Settable<Integer> gate = new TestFutures.Settable<>();
            AtomicReference<Integer> other = new AtomicReference<>();
            Thread driver = Thread.ofPlatform().start(() -> rt.blockOn(gate));
            TestFutures.awaitLatch(gate.firstPoll, "the first blockOn runs");
            Thread t = Thread.ofPlatform().start(() ->
                    other.set(rt.blockOn(Futures.lazy(() -> Tasks.spawn(Futures.ready(3))).then(h -> h))));
            t.join(10_000);
            assertThat(other.get()).isEqualTo(3);
            gate.complete(1);
            driver.join(10_000);
            assertThat(driver.isAlive()).isFalse();
        }
    }

    @Test
    void handle_fromAPlainThread_spawnsAndBlocksOn() throws Exception {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            Handle h = rt.handle();
            AtomicReference<Integer> got = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> got.set(h.spawn(Futures.ready(1)).await()
                    + h.spawnBlocking(() -> 2).await() + h.blockOn(Futures.ready(3))));
            t.join();
            assertThat(got.get()).isEqualTo(6);
            assertThat(h.metrics().spawnedTasks()).isEqualTo(2);
            assertThatThrownBy(() -> h.spawn(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> h.spawnBlocking((java.util.concurrent.Callable<Object>) null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> h.blockOn(null)).isInstanceOf(NullPointerException.class);
            assertThat(rt.spawn(cx -> Poll.ready(Handle.current().name())).await()).isEqualTo(h.name());
        }
    }
}
