package dev.weft.runtime;

import static dev.weft.runtime.RuntimeTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.TestFutures.Forever;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown cancels every task wherever it sits, and refuses to wait on itself. */
@Timeout(60)
class ShutdownTotalTest {

    /** Blocks its worker inside poll until released (a test device: real tasks must not block). */
    static final class Blocker implements Future<Void> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Poll<Void> poll(Context cx) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Poll.pending();
        }
    }

    @Test
    void shutdownZero_tasksSpawnedFromOutsideStillInTheInjectionQueue_allHandlesResolveCancelled() throws Exception {
        WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("total-inject").build();
        Blocker blocker = new Blocker();
        rt.spawn(blocker);
        assertThat(blocker.entered.await(10, TimeUnit.SECONDS)).isTrue();
        // the only worker is stuck in a poll: these stay in the injection queue
        List<Forever<Integer>> futures = new ArrayList<>();
        List<JoinHandle<Integer>> handles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Forever<Integer> f = new Forever<>();
            futures.add(f);
            handles.add(rt.spawn(f));
        }
        AtomicReference<ShutdownReport> report = new AtomicReference<>();
        Thread closer = new Thread(() -> report.set(rt.shutdown(Duration.ZERO)), "closer");
        closer.start();
        // the closer has aborted every task and waits for the worker to stop (join): let the worker go now
        eventually(() -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.TERMINATED, "the closer to wait for the worker");
        blocker.release.countDown();
        closer.join(20_000);
        assertThat(closer.isAlive()).isFalse();
        for (int i = 0; i < handles.size(); i++) {
            JoinHandle<Integer> h = handles.get(i);
            assertThat(h.isFinished()).as("handle %d finished after shutdown(ZERO)", i).isTrue();
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            assertThat(futures.get(i).polls).hasValue(0);
            assertThat(futures.get(i).cancels).hasValue(1);
        }
        assertThat(report.get().cancelled()).isEqualTo(101);
        assertThat(rt.metrics().liveTasks()).isZero();
    }

    @Test
    void shutdown_tasksSpawnedWhileItRuns_allHandlesResolveCancelled_bothFlavours() throws Exception {
        for (WeftRuntime.Builder b : List.of(WeftRuntime.builder().workerThreads(2), WeftRuntime.currentThread())) {
            WeftRuntime rt = b.build();
            List<JoinHandle<Integer>> handles = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Thread spawner = new Thread(() -> {
                while (!stop.get()) {
                    handles.add(rt.spawn(new Forever<>()));
                    started.countDown();
                }
            }, "spawner");
            spawner.start();
            started.await();
            rt.shutdown(Duration.ZERO);
            stop.set(true);
            spawner.join();
            List<JoinHandle<Integer>> all;
            synchronized (handles) {
                all = new ArrayList<>(handles);
            }
            for (JoinHandle<Integer> h : all) {
                assertThat(h.isFinished()).as("%s finished", h).isTrue();
                assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            }
            assertThat(rt.metrics().liveTasks()).isZero();
        }
    }

    /** A task that closes its own runtime from its poll and returns what close() threw. */
    static final class SelfCloser implements Future<Throwable> {
        final WeftRuntime rt;

        SelfCloser(WeftRuntime rt) {
            this.rt = rt;
        }

        @Override
        public Poll<Throwable> poll(Context cx) {
            try {
                rt.close();
                return Poll.ready(null);
            } catch (Throwable t) {
                return Poll.ready(t);
            }
        }
    }

    @Test
    void close_onOneOfItsOwnWorkers_throwsIllegalStateNamingTheFix_multiThread() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build()) {
            long start = System.nanoTime();
            Throwable thrown = rt.spawn(new SelfCloser(rt)).await();
            assertThat(thrown).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("worker thread")
                    .hasMessageContaining("shutdownBackground()");
            assertThat(rt.spawn(new Future<Integer>() {
                @Override
                public Poll<Integer> poll(Context cx) {
                    return Poll.ready(7);
                }
            }).await()).as("the runtime still runs").isEqualTo(7);
        }
    }

    @Test
    void close_insideATaskOfTheCurrentThreadFlavour_throwsIllegalState() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Throwable thrown = rt.blockOn(rt.spawn(new SelfCloser(rt)));
            assertThat(thrown).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("shutdownBackground()");
        }
    }

    @Test
    void shutdownBackground_onAWorker_cancelsEverythingWithoutWaiting() throws Exception {
        WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build();
        Forever<Integer> idle = new Forever<>();
        JoinHandle<Integer> idleHandle = rt.spawn(idle);
        assertThat(idle.firstPoll.await(10, TimeUnit.SECONDS)).isTrue();
        JoinHandle<Boolean> closer = rt.spawn(new Future<Boolean>() {
            @Override
            public Poll<Boolean> poll(Context cx) {
                rt.shutdownBackground();
                return Poll.ready(true);
            }
        });
        assertThatThrownBy(idleHandle::await).isInstanceOf(JoinError.Cancelled.class);
        // the closing task itself finished its poll: it completes or is cancelled, its handle resolves either way
        try {
            closer.await();
        } catch (JoinError.Cancelled expected) {
            // aborted by its own shutdown before its poll returned
        }
        eventually(() -> rt.metrics().liveTasks() == 0, "no live task");
        JoinHandle<Integer> late = rt.spawn(new Forever<>());
        assertThat(late.isFinished()).isTrue();
        assertThat(rt.shutdown(Duration.ofSeconds(10)).unfinished()).isZero();
    }
}
