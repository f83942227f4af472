package dev.weft.task;

import static dev.weft.task.TestFutures.awaitLatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Await;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.Handle;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.TestFutures.Settable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TasksTest {

    private static WeftRuntime multi(int workers) {
        return WeftRuntime.multiThread().workerThreads(workers).build();
    }

    // ------------------------------------------------------------------ spawning

    @Test
    void spawn_outsideARuntime_throwsWithAHowToFix() {
        assertThatThrownBy(() -> Tasks.spawn(Futures.ready(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spawn() called outside a Weft runtime")
                .hasMessageContaining("runtime.spawn(...)").hasMessageContaining("WeftRuntime.blockOn");
        assertThatThrownBy(() -> Tasks.spawnAsync(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a Weft runtime");
        assertThatThrownBy(() -> Tasks.spawnBlocking(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spawnBlocking() called outside a Weft runtime");
        assertThatThrownBy(Handle::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runtime.handle()");
        assertThatThrownBy(() -> Tasks.spawn(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("future");
    }

    @Test
    void spawn_fromManyPlainThreads_viaRuntimeAndHandle_allComplete() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (WeftRuntime rt = multi(2)) {
            AtomicInteger ran = new AtomicInteger();
            List<List<JoinHandle<Integer>>> handles = Collections.synchronizedList(new ArrayList<>());
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int tt = t;
                ts[t] = Thread.ofPlatform().start(() -> {
                    List<JoinHandle<Integer>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int v = i;
                        Future<Integer> f = Futures.lazy(() -> {
                            ran.incrementAndGet();
                            return v;
                        });
                        mine.add(tt % 2 == 0 ? rt.spawn(f) : rt.handle().spawn(f));
                    }
                    handles.add(mine);
                });
            }
            for (Thread t : ts) t.join();
            long sum = 0;
            for (List<JoinHandle<Integer>> l : handles) for (JoinHandle<Integer> h : l) sum += h.await();
            assertThat(ran).hasValue(threads * perThread);
            assertThat(sum).isEqualTo((long) threads * perThread * (perThread - 1) / 2);
        }
    }

    @Test
    void spawn_insideAPollBasedTask_runsTheChildOnTheSameRuntime() {
        try (WeftRuntime rt = multi(2)) {
            JoinHandle<String> parent = rt.spawn(Futures.lazy(() -> Tasks.spawn(Futures.lazy(() ->
                    Handle.current().name() + ":" + Thread.currentThread().getName())))
                    .then(child -> child));
            String r = parent.await();
            assertThat(r).startsWith(rt.handle().name() + ":").contains("-worker-");
        }
    }

    @Test
    void spawn_insideAnAsyncBlock_works() {
        try (WeftRuntime rt = multi(2)) {
            JoinHandle<Integer> h = rt.spawn(Async.async(() -> {
                JoinHandle<Integer> a = Tasks.spawn(Futures.ready(20));
                JoinHandle<Integer> b = Tasks.spawnAsync(() -> 22);
                return a.await() + b.await();
            }));
            assertThat(h.await()).isEqualTo(42);
        }
    }

    @Test
    void spawn_insideBlockOn_usesThatRuntime() {
        try (WeftRuntime rt = multi(2)) {
            int v = rt.blockOn(Async.async(() -> Tasks.spawn(Futures.ready(5)).await()));
            assertThat(v).isEqualTo(5);
            Future<Integer> viaHandle = Futures.lazy(() -> Tasks.spawn(Futures.ready(6))).then(h -> h);
            int w = rt.blockOn(viaHandle);
            assertThat(w).isEqualTo(6);
        }
    }

    // ------------------------------------------------------------------ await() misuse

    @Test
    void await_insideAPollOnAWorker_throwsNamingTheFix() {
        try (WeftRuntime rt = multi(2)) {
            JoinHandle<Throwable> h = rt.spawn(cx -> {
                try {
                    Futures.ready(1).await();
                    return Poll.ready(null);
                } catch (Throwable t) {
                    return Poll.ready(t);
                }
            });
            assertThat(h.await()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("await() called on").hasMessageContaining("Async.async")
                    .hasMessageContaining("spawnBlocking");
            JoinHandle<Boolean> allowed = rt.spawn(cx -> Poll.ready(Await.isBlockingAllowed()));
            assertThat(allowed.await()).isFalse();
        }
    }

    @Test
    void await_insideAPollOnTheCurrentThreadRuntime_throws() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Throwable t = rt.blockOn(Futures.<Throwable>lazy(() -> {
                try {
                    Futures.ready(1).await();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }));
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("current-thread");
        }
    }

    @Test
    void await_onAPlainThreadOutsideARuntime_blocksAndReturns() throws Exception {
        Settable<String> s = new Settable<>();
        assertThat(Await.isBlockingAllowed()).isTrue();
        Thread completer = Thread.ofPlatform().start(() -> {
            awaitLatch(s.firstPoll, "first poll");
            s.complete("done");
        });
        assertThat(s.await()).isEqualTo("done");
        completer.join();
    }

    @Test
    void await_insideAnAsyncBlock_works() {
        try (WeftRuntime rt = multi(2)) {
            Settable<String> s = new Settable<>();
            JoinHandle<String> h = rt.spawn(Async.async(() -> {
                assertThat(Await.isBlockingAllowed()).isTrue();
                return s.await() + "!";
            }));
            awaitLatch(s.firstPoll, "first poll");
            s.complete("v");
            assertThat(h.await()).isEqualTo("v!");
        }
    }

    @Test
    void blockOn_onAWorkerThread_throws() {
        try (WeftRuntime rt = multi(2)) {
            JoinHandle<Throwable> h = rt.spawn(cx -> {
                try {
                    rt.blockOn(Futures.ready(1));
                    return Poll.ready(null);
                } catch (Throwable t) {
                    return Poll.ready(t);
                }
            });
            assertThat(h.await()).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void blockOn_insideATaskOfTheCurrentThreadRuntime_throws() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Throwable t = rt.blockOn(Futures.lazy(() -> Tasks.spawn(cx -> {
                try {
                    rt.blockOn(Futures.ready(1));
                    return Poll.ready((Throwable) null);
                } catch (Throwable e) {
                    return Poll.ready(e);
                }
            })).then(h -> h));
            assertThat(t).isInstanceOf(IllegalStateException.class);
        }
    }

    // ------------------------------------------------------------------ spawnBlocking

    @Test
    void spawnBlocking_runsOnANonWorkerThreadWhereAwaitWorks() {
        try (WeftRuntime rt = multi(2)) {
            Settable<String> s = new Settable<>();
            JoinHandle<String> h = rt.spawnBlocking(() -> {
                Thread t = Thread.currentThread();
                assertThat(t.isVirtual()).isFalse();
                assertThat(t.getName()).contains("-blocking").doesNotContain("-worker-");
                assertThat(Await.isBlockingAllowed()).isTrue();
                int child = Tasks.spawn(Futures.ready(1)).await(); // the runtime is current here
                return s.await() + child;
            });
            awaitLatch(s.firstPoll, "first poll");
            s.complete("v");
            assertThat(h.await()).isEqualTo("v1");
        }
    }

    @Test
    void spawnBlocking_abortInterruptsSleep_andReportsCancelled() {
        try (WeftRuntime rt = multi(2)) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            JoinHandle<String> h = rt.spawnBlocking(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                    return "slept";
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
            });
            awaitLatch(started, "blocking body started");
            h.abort();
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Cancelled.class);
            assertThat(interrupted).as("abort interrupted the 60 s sleep instead of waiting it out").isTrue();
        }
    }

    @Test
    void spawnBlocking_abortInterruptsLatchAwait_inTheCurrentThreadRuntime() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            AtomicBoolean finallyRan = new AtomicBoolean();
            JoinHandle<Boolean> h = rt.spawnBlocking(() -> {
                started.countDown();
                try {
                    return never.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } finally {
                    finallyRan.set(true);
                }
            });
            Outcome<Boolean> o = rt.blockOn(Async.async(() -> {
                awaitLatch(started, "blocking body started");
                h.abort();
                return h.outcome().await();
            }));
            assertThat(o).isEqualTo(new Outcome.Cancelled<>());
            assertThat(finallyRan).isTrue();
        }
    }

    @Test
    void spawnBlocking_failure_isReportedAsFailed() {
        try (WeftRuntime rt = multi(1)) {
            java.io.IOException cause = new java.io.IOException("disk");
            JoinHandle<Object> h = rt.spawnBlocking(() -> {
                throw cause;
            });
            assertThatThrownBy(h::await).isInstanceOf(JoinError.Failed.class).hasCause(cause);
        }
    }

    // ------------------------------------------------------------------ yielding and budget

    /** Records "name:poll#" in a shared log on each poll, and completes after {@code polls} polls. */
    private static Future<Void> recorder(List<String> log, String name) {
        return cx -> {
            log.add(name);
            return Poll.ready(null);
        };
    }

    @Test
    void yieldNow_letsAnotherTaskRunBetweenTheTwoPolls_currentThread() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            // spawned by a poll-based main future: both are queued before either runs
            rt.blockOn(Futures.lazy(() -> {
                JoinHandle<Void> a = Tasks.spawn(recorder(log, "A1").then(v -> Tasks.yieldNow())
                        .then(v -> recorder(log, "A2")));
                JoinHandle<Void> b = Tasks.spawn(recorder(log, "B"));
                return a.then(v -> b);
            }).then(f -> f));
            assertThat(log).containsExactly("A1", "B", "A2");
        }
    }

    @Test
    void yieldNow_letsAnotherTaskRunBetweenTheTwoPolls_spawnedFromATask() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            rt.blockOn(Futures.lazy(() -> {
                JoinHandle<Void> b = Tasks.spawn(recorder(log, "B"));
                return Tasks.spawn(recorder(log, "A1").then(v -> Tasks.yieldNow()).then(v -> recorder(log, "A2")))
                        .then(v -> b);
            }).then(f -> f));
            assertThat(log).containsExactly("B", "A1", "A2");
        }
    }

    /** A task whose resource is always ready: it consumes budget until the budget says yield. */
    static final class Hot implements Future<Integer> {
        final List<String> log;
        int firstPollOps = -1;
        int polls;

        Hot(List<String> log) {
            this.log = log;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            polls++;
            log.add("hot" + polls);
            if (polls > 1) return Poll.ready(firstPollOps);
            int ops = 0;
            while (cx.consumeBudget()) ops++;
            firstPollOps = ops;
            return Poll.pending(); // consumeBudget() woke the task
        }
    }

    @Test
    void budget_hotTaskYieldsAfter128Operations_soAnotherTaskRuns_currentThread() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Hot hot = new Hot(log);
            int ops = rt.blockOn(Futures.lazy(() -> {
                JoinHandle<Integer> a = Tasks.spawn(hot);
                JoinHandle<Void> b = Tasks.spawn(recorder(log, "other"));
                return b.then(v -> a);
            }).then(f -> f));
            assertThat(ops).isEqualTo(Context.DEFAULT_BUDGET).isEqualTo(128);
            assertThat(log).containsExactly("hot1", "other", "hot2");
        }
    }

    @Test
    void budget_isRefilledForEveryPoll_multiThread() {
        try (WeftRuntime rt = multi(1)) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            assertThat(rt.spawn(new Hot(log)).await()).isEqualTo(128);
            JoinHandle<Integer> budgetSeen = rt.spawn(cx -> Poll.ready(cx.remainingBudget()));
            assertThat(budgetSeen.await()).isEqualTo(128);
        }
    }

    // ------------------------------------------------------------------ current-thread flavour

    @Test
    void currentThread_runsTasksOnTheBlockOnThread_inFifoOrder() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
            rt.blockOn(Async.async(() -> {
                List<JoinHandle<Void>> hs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int v = i;
                    hs.add(Tasks.spawn(cx -> {
                        order.add(v);
                        threads.add(Thread.currentThread());
                        return Poll.ready(null);
                    }));
                }
                for (JoinHandle<Void> h : hs) h.await();
                return null;
            }));
            assertThat(order).hasSize(100).isSorted();
            assertThat(threads).containsOnly(Thread.currentThread());
        }
    }

    @Test
    void currentThread_tasksSpawnedBeforeBlockOn_runInsideIt() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            JoinHandle<Integer> h = rt.spawn(cx -> {
                ranOn.set(Thread.currentThread());
                return Poll.ready(3);
            });
            assertThat(ranOn.get()).isNull();
            assertThat(rt.blockOn(h)).isEqualTo(3);
            assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        }
    }
}
