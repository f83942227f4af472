package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.WaitInfo.ResourceKind;
import dev.weft.sync.Mutex;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Oneshot;
import dev.weft.sync.Semaphore;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Outcome;
import dev.weft.task.TaskId;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WeftRuntime.dump(): what it shows for each kind of task and wait, with and without diagnostics. */
@Timeout(60)
class TaskDumpTest {

    /** Takes dumps until one satisfies {@code condition} (polling the condition itself, 1 ms apart). */
    static TaskDump dumpWhen(WeftRuntime rt, Predicate<TaskDump> condition, String what) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (;;) {
            TaskDump d = rt.dump();
            if (condition.test(d)) return d;
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what + "\n" + d);
            LockSupport.parkNanos(1_000_000);
        }
    }

    static boolean waitsOn(TaskDump d, TaskId id, ResourceKind kind) {
        return d.task(id).map(t -> t.waitingOn().stream().anyMatch(w -> w.kind() == kind)).orElse(false);
    }

    static <T> JoinHandle<T> spawnNamed(WeftRuntime rt, String name, Future<T> f) {
        return rt.blockOn(Futures.lazy(() -> Tasks.spawn(name, f)));
    }

    static <T> JoinHandle<T> spawnAsyncNamed(WeftRuntime rt, String name, java.util.concurrent.Callable<T> body) {
        return rt.blockOn(Futures.lazy(() -> Tasks.spawnAsync(name, body)));
    }

    @Test
    void dump_taskWaitingOnHeldMutex_namesTheMutexItsHolderAndTheHoldersStack() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).name("dump-mutex").diagnostics(true).build()) {
            Mutex<Integer> mutex = new Mutex<>(0);
            Oneshot.Channel<String> release = Oneshot.channel();
            JoinHandle<Integer> holder = spawnAsyncNamed(rt, "holder", () -> {
                try (Mutex.Guard<Integer> g = mutex.lock().await()) {
                    release.receiver().await();
                    return g.get();
                }
            });
            dumpWhen(rt, x -> waitsOn(x, holder.id(), ResourceKind.ONESHOT), "the holder holding the lock");
            JoinHandle<Integer> waiter = spawnNamed(rt, "waiter", mutex.lock().map(g -> {
                try (g) {
                    return g.get() + 1;
                }
            }));
            TaskDump d = dumpWhen(rt, x -> waitsOn(x, waiter.id(), ResourceKind.MUTEX)
                    && waitsOn(x, holder.id(), ResourceKind.ONESHOT), "the waiter on the mutex, the holder on the oneshot");

            TaskInfo w = d.task(waiter.id()).orElseThrow();
            assertThat(w.name()).contains("waiter");
            assertThat(w.kind()).isEqualTo(TaskInfo.Kind.POLL_BASED);
            assertThat(w.state()).isEqualTo(TaskInfo.State.WAITING);
            assertThat(w.age()).isPresent();
            assertThat(w.sinceLastPoll()).isPresent();
            assertThat(w.stack()).isEmpty();
            WaitInfo onMutex = w.waitingOn().get(0);
            assertThat(onMutex.resource()).startsWith("mutex@");
            assertThat(onMutex.actors()).containsExactly(holder.id());
            assertThat(onMutex.actorsComplete()).isTrue();

            TaskInfo h = d.task(holder.id()).orElseThrow();
            assertThat(h.name()).contains("holder");
            assertThat(h.kind()).isEqualTo(TaskInfo.Kind.ASYNC_BLOCK);
            assertThat(h.state()).isEqualTo(TaskInfo.State.WAITING);
            assertThat(h.waitingOn()).extracting(WaitInfo::kind).containsExactly(ResourceKind.ONESHOT);
            assertThat(h.stack()).anyMatch(f -> f.getClassName().startsWith(TaskDumpTest.class.getName()));
            assertThat(d.deadlocks()).isEmpty();

            String text = d.toString();
            assertThat(text).contains("Weft task dump of runtime 'dump-mutex'")
                    .contains(waiter.id() + " \"waiter\"  poll-based  WAITING")
                    .contains("waits on " + onMutex.resource() + ", held by " + holder.id())
                    .contains(holder.id() + " \"holder\"  async block  WAITING").contains("stack:")
                    .contains("No deadlock in this snapshot.");
            String json = d.toJson();
            assertWellFormedJson(json);
            assertThat(json).contains("\"id\":" + waiter.id().value() + ",\"name\":\"waiter\",\"kind\":\"POLL_BASED\"")
                    .contains("\"kind\":\"MUTEX\",\"resource\":\"" + onMutex.resource() + "\",\"actors\":["
                            + holder.id().value() + "],\"actorsComplete\":true");

            release.sender().send("go");
            assertThat(rt.blockOn(holder)).isZero();
            assertThat(rt.blockOn(waiter)).isEqualTo(1);
            assertThat(dumpWhen(rt, x -> x.tasks().isEmpty(), "no live task").deadlocks()).isEmpty();
        }
    }

    @Test
    void dump_diagnosticsOff_listsKindStateAndWaitWithoutAgeOrName() {
        try (WeftRuntime rt = WeftRuntime.currentThread().name("dump-off").build()) {
            Oneshot.Channel<Integer> ch = Oneshot.channel();
            JoinHandle<Integer> t = rt.spawn(ch.receiver());
            TaskDump d = rt.blockOn(Async.async(() -> {
                Tasks.yieldNow().await(); // the runtime polls t, which registers on the oneshot
                return dumpWhen(rt, x -> waitsOn(x, t.id(), ResourceKind.ONESHOT), "t on the oneshot");
            }));
            assertThat(d.diagnostics()).isFalse();
            TaskInfo info = d.task(t.id()).orElseThrow();
            assertThat(info.kind()).isEqualTo(TaskInfo.Kind.POLL_BASED);
            assertThat(info.state()).isEqualTo(TaskInfo.State.WAITING);
            assertThat(info.name()).isEmpty();
            assertThat(info.age()).isEmpty();
            assertThat(info.sinceLastPoll()).isEmpty();
            assertThat(info.spawnSite()).isEmpty();
            assertThat(d.toString()).contains("diagnostics off");
            ch.sender().send(7);
            assertThat(rt.blockOn(t)).isEqualTo(7);
        }
    }

    @Test
    void dump_timeoutAroundARecv_listsTheChannelAndTheTimerWithDiagnostics_andSeveralWithout() {
        for (boolean diagnostics : new boolean[] {true, false}) {
            try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).diagnostics(diagnostics).build()) {
                Oneshot.Channel<Integer> ch = Oneshot.channel();
                JoinHandle<Integer> t = rt.spawn(Time.timeout(Duration.ofHours(1), ch.receiver()));
                if (diagnostics) {
                    TaskDump d = dumpWhen(rt, x -> waitsOn(x, t.id(), ResourceKind.TIMER)
                            && waitsOn(x, t.id(), ResourceKind.ONESHOT), "t on the timer and the oneshot");
                    assertThat(d.task(t.id()).orElseThrow().waitingOn()).hasSize(2);
                } else {
                    TaskDump d = dumpWhen(rt, x -> waitsOn(x, t.id(), ResourceKind.OTHER), "t on several");
                    assertThat(d.task(t.id()).orElseThrow().waitingOn().get(0).detail()).contains("several");
                }
                t.abort();
                assertThat(rt.blockOn(t.outcome())).isInstanceOf(Outcome.Cancelled.class);
            }
        }
    }

    /**
     * The wait record is the last poll's, not an accumulation: a task that waited on a channel and now waits on a
     * oneshot shows the oneshot alone. On the multi-thread flavour the record collects in the worker thread and is
     * written into the task when it changes (Task I10), so this is the test that catches a record left stale.
     */
    @Test
    void dump_taskThatMovesFromOneWaitToAnother_showsOnlyItsCurrentWait_onBothFlavours() {
        for (boolean multiThread : new boolean[] {true, false}) {
            try (WeftRuntime rt = multiThread ? WeftRuntime.builder().workerThreads(1).build()
                    : WeftRuntime.currentThread().build()) {
                Mpsc.Channel<Integer> first = Mpsc.bounded(1);
                Oneshot.Channel<Integer> second = Oneshot.channel();
                JoinHandle<Integer> t = rt.spawn(first.receiver().recv()
                        .then(v -> second.receiver().map(w -> v.orElseThrow() + w)));
                if (multiThread) {
                    dumpWhen(rt, x -> waitsOn(x, t.id(), ResourceKind.CHANNEL), "t on the channel");
                    assertThat(first.sender().trySend(1)).isInstanceOf(Mpsc.TrySend.Sent.class);
                    TaskDump d = dumpWhen(rt, x -> waitsOn(x, t.id(), ResourceKind.ONESHOT), "t on the oneshot");
                    assertThat(d.task(t.id()).orElseThrow().waitingOn())
                            .extracting(WaitInfo::kind).containsExactly(ResourceKind.ONESHOT);
                } else {
                    TaskDump d = rt.blockOn(Async.async(() -> {
                        Tasks.yieldNow().await(); // the runtime polls t, which registers on the channel
                        dumpWhen(rt, x -> waitsOn(x, t.id(), ResourceKind.CHANNEL), "t on the channel");
                        assertThat(first.sender().trySend(1)).isInstanceOf(Mpsc.TrySend.Sent.class);
                        Tasks.yieldNow().await(); // t runs again and registers on the oneshot
                        return dumpWhen(rt, x -> waitsOn(x, t.id(), ResourceKind.ONESHOT), "t on the oneshot");
                    }));
                    assertThat(d.task(t.id()).orElseThrow().waitingOn())
                            .extracting(WaitInfo::kind).containsExactly(ResourceKind.ONESHOT);
                }
                second.sender().send(2);
                assertThat(rt.blockOn(t)).isEqualTo(3);
            }
        }
    }

    @Test
    void dump_captureSpawnSites_showsTheSpawningMethodFirst() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).captureSpawnSites(true).build()) {
            JoinHandle<Object> t = rt.spawn(Futures.pending());
            TaskInfo info = rt.dump().task(t.id()).orElseThrow();
            assertThat(info.spawnSite()).isNotEmpty();
            assertThat(info.spawnSite().get(0).getClassName()).isEqualTo(TaskDumpTest.class.getName());
            assertThat(info.spawnSite().get(0).getMethodName())
                    .isEqualTo("dump_captureSpawnSites_showsTheSpawningMethodFirst");
            assertThat(rt.dump().toString()).contains("spawned at " + TaskDumpTest.class.getName()
                    + ".dump_captureSpawnSites_showsTheSpawningMethodFirst(TaskDumpTest.java:");
            t.abort();
            assertThatThrownBy(() -> rt.blockOn(t)).isInstanceOf(JoinError.Cancelled.class);
        }
    }

    @Test
    void dump_joinOfAPendingTask_namesTheJoinedTask_andIsNoDeadlock() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).diagnostics(true).build()) {
            JoinHandle<Object> inner = rt.spawn(Futures.pending());
            JoinHandle<Object> outer = rt.spawnAsync(() -> inner.await());
            TaskDump d = dumpWhen(rt, x -> waitsOn(x, outer.id(), ResourceKind.JOIN_HANDLE), "outer on inner");
            WaitInfo w = d.task(outer.id()).orElseThrow().waitingOn().get(0);
            assertThat(w.actors()).containsExactly(inner.id());
            assertThat(w.toString()).isEqualTo("the join handle of " + inner.id());
            assertThat(d.deadlocks()).isEmpty(); // inner waits on nothing Weft knows: not a cycle
            inner.abort();
            assertThatThrownBy(() -> rt.blockOn(outer)).isInstanceOf(JoinError.Failed.class)
                    .hasCauseInstanceOf(JoinError.Cancelled.class);
        }
    }

    @Test
    void dump_semaphoreHolders_listEveryHoldingTask() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).diagnostics(true).build()) {
            Semaphore sem = Semaphore.of(2);
            Oneshot.Channel<Boolean> release = Oneshot.channel();
            Future<Void> holdUntilReleased = Async.run(() -> {
                try (Semaphore.Permit p = sem.acquire(2).await()) {
                    release.receiver().await();
                }
            });
            JoinHandle<Void> holder = rt.spawn(holdUntilReleased);
            dumpWhen(rt, x -> waitsOn(x, holder.id(), ResourceKind.ONESHOT), "the holder holding both permits");
            JoinHandle<Void> waiter = rt.spawn(sem.acquire(1).map(p -> {
                p.close();
                return null;
            }));
            TaskDump d = dumpWhen(rt, x -> waitsOn(x, waiter.id(), ResourceKind.SEMAPHORE)
                    && !x.task(waiter.id()).orElseThrow().waitingOn().get(0).actors().isEmpty(), "waiter on sem");
            WaitInfo w = d.task(waiter.id()).orElseThrow().waitingOn().get(0);
            assertThat(w.actors()).containsExactly(holder.id());
            assertThat(w.detail()).isEqualTo("1 permit wanted");
            assertThat(d.task(holder.id()).orElseThrow().kind()).isEqualTo(TaskInfo.Kind.ASYNC_BLOCK);
            release.sender().send(true);
            rt.blockOn(holder);
            rt.blockOn(waiter);
        }
    }

    @Test
    void dump_blockingBody_isKindBlockingWithItsStack() throws InterruptedException {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            java.util.concurrent.CountDownLatch inBody = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            JoinHandle<Integer> b = rt.spawnBlocking(() -> {
                inBody.countDown();
                release.await();
                return 3;
            });
            assertThat(inBody.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the body started").isTrue();
            // the stack is sampled racily: wait until it shows the body itself, not the pool thread entering it
            TaskDump d = dumpWhen(rt, x -> x.task(b.id()).map(t -> t.stack().stream()
                    .anyMatch(f -> f.getClassName().startsWith(TaskDumpTest.class.getName()))).orElse(false),
                    "the body");
            TaskInfo info = d.task(b.id()).orElseThrow();
            assertThat(info.kind()).isEqualTo(TaskInfo.Kind.BLOCKING);
            assertThat(info.state()).isEqualTo(TaskInfo.State.RUNNING); // blocked outside Weft: a latch
            assertThat(info.stack()).anyMatch(f -> f.getClassName().startsWith(TaskDumpTest.class.getName()));
            release.countDown();
            assertThat(rt.blockOn(b)).isEqualTo(3);
        }
    }

    @Test
    void toJson_escapesNamesAndIsWellFormed() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            JoinHandle<Object> t = spawnNamed(rt, "quote\" back\\ nl\n tab\t", Futures.pending());
            String json = rt.dump().toJson();
            assertWellFormedJson(json);
            assertThat(json).contains("\"name\":\"quote\\\" back\\\\ nl\\n tab\\t\"");
            t.abort();
            assertThat(rt.blockOn(t.outcome())).isInstanceOf(Outcome.Cancelled.class);
        }
    }

    @Test
    void mbean_dumpOperations_printTheDump_andShutdownUnregistersIt() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.weft:type=WeftRuntime,name=\"mbean-dump\"");
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("mbean-dump").diagnosticsMBean(true).build()) {
            JoinHandle<Object> t = spawnNamed(rt, "visible", Futures.pending());
            assertThat(server.isRegistered(name)).isTrue();
            assertThat((String) server.invoke(name, "dump", null, null)).contains(t.id() + " \"visible\"");
            String json = (String) server.invoke(name, "dumpJson", null, null);
            assertWellFormedJson(json);
            assertThat(json).contains("\"name\":\"visible\"");
            assertThat((String) server.invoke(name, "deadlocks", null, null)).isEqualTo(
                    "No deadlock in runtime 'mbean-dump'");
            assertThat(server.getAttribute(name, "LiveTasks")).isEqualTo(1L);
            assertThatThrownBy(() -> WeftRuntime.builder().name("mbean-dump").diagnosticsMBean(true).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("same name");
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void builder_diagnosticKnobs_rejectBadArguments_withPreciseMessages() {
        assertThatThrownBy(() -> WeftRuntime.builder().detectDeadlocks(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period: PT0S (expected: > 0)");
        assertThatThrownBy(() -> WeftRuntime.builder().detectDeadlocks(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("period: PT-0.001S (expected: > 0)");
        assertThatThrownBy(() -> WeftRuntime.builder().detectDeadlocks(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("period");
        assertThatThrownBy(() -> WeftRuntime.builder().onDeadlock(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listener");
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            assertThatThrownBy(() -> rt.blockOn(Futures.lazy(() -> Tasks.spawn(null, Futures.ready(1)))))
                    .isInstanceOf(NullPointerException.class).hasMessage("name");
            assertThatThrownBy(() -> rt.blockOn(Futures.lazy(() -> Tasks.spawnAsync("x", null))))
                    .isInstanceOf(NullPointerException.class).hasMessage("body");
        }
    }

    /** Brackets and braces balance outside strings, strings close, and the text is one object. */
    static void assertWellFormedJson(String json) {
        assertThat(json).startsWith("{").endsWith("}");
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                else assertThat(c).as("raw control character in a string").isGreaterThanOrEqualTo(' ');
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> depth--;
                default -> { }
            }
            assertThat(depth).as("depth at " + i).isGreaterThanOrEqualTo(i == json.length() - 1 ? 0 : 1);
        }
        assertThat(inString).isFalse();
        assertThat(depth).isZero();
    }

    static List<TaskId> ids(List<TaskInfo> tasks) {
        return tasks.stream().map(TaskInfo::id).toList();
    }
}
