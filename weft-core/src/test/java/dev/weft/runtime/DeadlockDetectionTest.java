package dev.weft.runtime;

import static dev.weft.runtime.TaskDumpTest.dumpWhen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.WaitInfo.ResourceKind;
import dev.weft.sync.Mutex;
import dev.weft.sync.Oneshot;
import dev.weft.sync.Semaphore;
import dev.weft.task.JoinHandle;
import dev.weft.task.Outcome;
import dev.weft.task.TaskId;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WeftRuntime.Builder.detectDeadlocks: each kind of deadlock built on purpose is reported exactly once, naming the right
 * tasks and resources, on both flavours and for both kinds of task; long waits that are not cycles never are.
 */
@Timeout(120)
class DeadlockDetectionTest {
    private static final Duration PERIOD = Duration.ofMillis(20);

    private final LinkedBlockingQueue<Deadlock> reports = new LinkedBlockingQueue<>();

    private WeftRuntime runtime(String flavour, String name) {
        WeftRuntime.Builder b = "multi".equals(flavour) ? WeftRuntime.multiThread().workerThreads(2) : WeftRuntime.currentThread();
        return b.name(name).detectDeadlocks(PERIOD).captureSpawnSites(true).onDeadlock(reports::add).build();
    }

    /**
     * Runs {@code body} with the runtime driven: on the current-thread flavour tasks only run inside blockOn, so the
     * body runs as an async block there (its thread may block on the report queue).
     */
    private static <T> T driven(WeftRuntime rt, Callable<T> body) {
        return rt.blockOn(dev.weft.future.Async.async(body));
    }

    /** The next report, waiting for it (the queue is the condition). */
    private Deadlock nextReport() throws InterruptedException {
        Deadlock d = reports.poll(30, TimeUnit.SECONDS);
        assertThat(d).as("a deadlock report").isNotNull();
        return d;
    }

    /** Waits until the detector ran {@code more} further checks, then asserts nothing more was reported. */
    private void assertNoFurtherReport(WeftRuntime rt, int more) {
        DeadlockDetector det = rt.deadlockDetector();
        long target = det.checks() + more;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (det.checks() < target) {
            assertThat(System.nanoTime() - deadline).as("detector checks").isNegative();
            LockSupport.parkNanos(PERIOD.toNanos());
        }
        assertThat(reports).as("reports after the first").isEmpty();
    }

    /** Two tasks lock two mutexes in opposite order. */
    private static List<JoinHandle<String>> oppositeOrder(String style, Mutex<String> m1, Mutex<String> m2) {
        Oneshot.Channel<Boolean> aHolds = Oneshot.channel();
        Oneshot.Channel<Boolean> bHolds = Oneshot.channel();
        if ("async".equals(style)) {
            JoinHandle<String> a = Tasks.spawnAsync("a", () -> {
                try (var g1 = m1.lock().await()) {
                    aHolds.sender().send(true);
                    bHolds.receiver().await();
                    try (var g2 = m2.lock().await()) {
                        return "a";
                    }
                }
            });
            JoinHandle<String> b = Tasks.spawnAsync("b", () -> {
                try (var g2 = m2.lock().await()) {
                    bHolds.sender().send(true);
                    aHolds.receiver().await();
                    try (var g1 = m1.lock().await()) {
                        return "b";
                    }
                }
            });
            return List.of(a, b);
        }
        // poll-based: the same with combinators (the guards of a cancelled chain are not closed: see the test)
        Future<String> fa = m1.lock().then(g1 -> {
            aHolds.sender().send(true);
            return bHolds.receiver().then(x -> m2.lock()).map(g2 -> {
                g2.close();
                g1.close();
                return "a";
            });
        });
        Future<String> fb = m2.lock().then(g2 -> {
            bHolds.sender().send(true);
            return aHolds.receiver().then(x -> m1.lock()).map(g1 -> {
                g1.close();
                g2.close();
                return "b";
            });
        });
        return List.of(Tasks.spawn("a", fa), Tasks.spawn("b", fb));
    }

    @ParameterizedTest(name = "{0} runtime, {1} tasks")
    @CsvSource({"multi, async", "multi, poll", "current, async", "current, poll"})
    void detectDeadlocks_twoTasksLockingInOppositeOrder_reportsTheCycleOnce(String flavour, String style)
            throws Exception {
        try (WeftRuntime rt = runtime(flavour, "opposite-" + flavour + "-" + style)) {
            Mutex<String> m1 = new Mutex<>("m1");
            Mutex<String> m2 = new Mutex<>("m2");
            List<JoinHandle<String>> tasks = driven(rt, () -> oppositeOrder(style, m1, m2));
            JoinHandle<String> a = tasks.get(0);
            JoinHandle<String> b = tasks.get(1);
            Deadlock d = driven(rt, this::nextReport);

            assertThat(d.runtime()).isEqualTo("opposite-" + flavour + "-" + style);
            assertThat(d.taskIds()).containsExactly(a.id(), b.id());
            assertThat(d.resources()).hasSize(2).allMatch(r -> r.startsWith("mutex@"));
            assertThat(d.edges()).hasSize(2);
            Deadlock.Edge fromA = d.edges().get(0);
            Deadlock.Edge fromB = d.edges().get(1);
            assertThat(fromA.waiter()).isEqualTo(a.id());
            assertThat(fromA.actor()).isEqualTo(b.id());
            assertThat(fromB.waiter()).isEqualTo(b.id());
            assertThat(fromB.actor()).isEqualTo(a.id());
            assertThat(fromA.waitsOn().resource()).isNotEqualTo(fromB.waitsOn().resource());
            assertThat(fromA.waitsOn().kind()).isEqualTo(ResourceKind.MUTEX);
            String report = d.toString();
            assertThat(report).contains("Weft deadlock in runtime 'opposite-" + flavour + "-" + style
                    + "': 2 tasks wait on each other")
                    .contains("  " + a.id() + " \"a\" waits on " + fromA.waitsOn().resource() + ", held by " + b.id()
                            + " \"b\"")
                    .contains("  " + b.id() + " \"b\" waits on " + fromB.waitsOn().resource() + ", held by " + a.id()
                            + " \"a\"")
                    .contains("spawned at " + DeadlockDetectionTest.class.getName());
            for (TaskInfo t : d.tasks()) {
                assertThat(t.spawnSite()).isNotEmpty();
                assertThat(t.spawnSite().get(0).getClassName()).startsWith(DeadlockDetectionTest.class.getName());
                if ("async".equals(style)) {
                    assertThat(t.stack()).anyMatch(f -> f.getClassName().startsWith(
                            DeadlockDetectionTest.class.getName()));
                    assertThat(report).contains("stack:");
                }
            }
            assertThat(rt.dump().deadlocks()).extracting(Deadlock::key).containsExactly(d.key());
            assertNoFurtherReport(rt, 5);

            a.abort();
            assertThat(rt.blockOn(a.outcome())).isInstanceOf(Outcome.Cancelled.class);
            if ("async".equals(style)) {
                // a's body unwound and unlocked m1: b goes on
                assertThat(rt.blockOn(b)).isEqualTo("b");
            } else {
                // a cancelled combinator chain drops its guard without closing it (close your guards in async
                // blocks): b stays stuck, and is cancelled by shutdown
                b.abort();
                assertThat(rt.blockOn(b.outcome())).isInstanceOf(Outcome.Cancelled.class);
            }
            assertThat(reports).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} runtime, {1} task")
    @CsvSource({"multi, async", "multi, poll", "current, async", "current, poll"})
    void detectDeadlocks_taskAwaitingItsOwnJoinHandle_reportsASelfCycleOnce(String flavour, String style)
            throws Exception {
        try (WeftRuntime rt = runtime(flavour, "self-" + flavour + "-" + style)) {
            Oneshot.Channel<JoinHandle<Integer>> ch = Oneshot.channel();
            JoinHandle<Integer> self = driven(rt, () -> {
                JoinHandle<Integer> h = "async".equals(style)
                        ? Tasks.spawnAsync("self", () -> ch.receiver().await().await())
                        : Tasks.spawn("self", ch.receiver().then(handle -> handle));
                ch.sender().send(h);
                return h;
            });
            Deadlock d = driven(rt, this::nextReport);
            assertThat(d.taskIds()).containsExactly(self.id());
            assertThat(d.resources()).containsExactly(self.id().toString());
            assertThat(d.edges()).singleElement().satisfies(e -> {
                assertThat(e.waiter()).isEqualTo(self.id());
                assertThat(e.actor()).isEqualTo(self.id());
                assertThat(e.waitsOn().kind()).isEqualTo(ResourceKind.JOIN_HANDLE);
            });
            assertThat(d.toString()).contains("a task waits on itself")
                    .contains(self.id() + " \"self\" awaits the join handle of " + self.id() + " \"self\"");
            assertNoFurtherReport(rt, 5);
            self.abort();
            // the handle is polled by the task itself (that is the deadlock), so it is not ours to await: its
            // cancellation detaches it. Wait for the task to leave the runtime instead.
            driven(rt, () -> dumpWhen(rt, x -> x.task(self.id()).isEmpty(), "the aborted task gone"));
            assertThat(self.isFinished()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} runtime")
    @CsvSource({"multi", "current"})
    void detectDeadlocks_semaphoreExhaustedByItsOwnWaiters_reportsTheCycleOnce(String flavour) throws Exception {
        try (WeftRuntime rt = runtime(flavour, "sem-" + flavour)) {
            Semaphore sem = Semaphore.of(2);
            Oneshot.Channel<Boolean> aHolds = Oneshot.channel();
            Oneshot.Channel<Boolean> bHolds = Oneshot.channel();
            List<JoinHandle<Integer>> tasks = driven(rt, () -> List.of(
                    Tasks.spawnAsync("a", () -> {
                        try (var first = sem.acquire().await()) {
                            aHolds.sender().send(true);
                            bHolds.receiver().await();
                            try (var second = sem.acquire().await()) { // needs a permit b holds
                                return 1;
                            }
                        }
                    }),
                    Tasks.spawnAsync("b", () -> {
                        try (var first = sem.acquire().await()) {
                            bHolds.sender().send(true);
                            aHolds.receiver().await();
                            try (var second = sem.acquire().await()) {
                                return 2;
                            }
                        }
                    })));
            Deadlock d = driven(rt, this::nextReport);
            List<TaskId> ids = List.of(tasks.get(0).id(), tasks.get(1).id());
            assertThat(d.taskIds()).containsExactlyElementsOf(ids);
            assertThat(d.resources()).singleElement().satisfies(r -> assertThat(r).startsWith("semaphore@"));
            assertThat(d.edges()).allSatisfy(e -> {
                assertThat(e.waitsOn().kind()).isEqualTo(ResourceKind.SEMAPHORE);
                assertThat(e.waitsOn().actors()).containsExactlyElementsOf(ids);
            });
            assertThat(d.toString()).contains("(1 permit wanted)");
            assertNoFurtherReport(rt, 5);
            tasks.get(0).abort(); // its first permit goes back: b gets it and finishes
            assertThat(rt.blockOn(tasks.get(0).outcome())).isInstanceOf(Outcome.Cancelled.class);
            assertThat(rt.blockOn(tasks.get(1))).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0} runtime")
    @CsvSource({"multi", "current"})
    void detectDeadlocks_longWaitsThatAreNoCycle_areNeverReported(String flavour) throws Exception {
        try (WeftRuntime rt = runtime(flavour, "no-cycle-" + flavour)) {
            Mutex<String> m = new Mutex<>("m");
            Mutex<String> m1 = new Mutex<>("m1");
            Mutex<String> m2 = new Mutex<>("m2");
            Oneshot.Channel<Boolean> release = Oneshot.channel();
            Oneshot.Channel<Boolean> aHolds = Oneshot.channel();
            Oneshot.Channel<Boolean> bHolds = Oneshot.channel();
            Oneshot.Channel<Boolean> holding = Oneshot.channel();
            List<JoinHandle<?>> tasks = driven(rt, () -> {
                List<JoinHandle<?>> l = new ArrayList<>();
                // holder waits on a channel nobody has sent to yet, while waiter waits on its mutex: a chain, no cycle
                l.add(Tasks.spawnAsync("holder", () -> {
                    try (var g = m.lock().await()) {
                        holding.sender().send(true);
                        return release.receiver().await();
                    }
                }));
                holding.receiver().await(); // the waiter must queue behind the holder
                l.add(Tasks.spawn("waiter", m.lock().map(g -> {
                    g.close();
                    return true;
                })));
                // a long sleep, and a task joining it
                JoinHandle<Void> sleeper = Tasks.spawn("sleeper", Time.sleep(Duration.ofHours(1)));
                l.add(sleeper);
                l.add(Tasks.spawnAsync("joiner", () -> sleeper.await()));
                // opposite lock order, but one side waits with a timeout: it can still go on, so no deadlock
                l.add(Tasks.spawnAsync("patient", () -> {
                    try (var g1 = m1.lock().await()) {
                        aHolds.sender().send(true);
                        bHolds.receiver().await();
                        try (var g2 = Time.timeout(Duration.ofHours(1), m2.lock()).await()) {
                            return "patient";
                        }
                    }
                }));
                l.add(Tasks.spawnAsync("impatient", () -> {
                    try (var g2 = m2.lock().await()) {
                        bHolds.sender().send(true);
                        aHolds.receiver().await();
                        try (var g1 = m1.lock().await()) {
                            return "impatient";
                        }
                    }
                }));
                return l;
            });
            TaskDump d = driven(rt, () -> dumpWhen(rt, x -> x.tasks().size() == 6 && x.tasks().stream()
                    .allMatch(t -> t.state() == TaskInfo.State.WAITING && !t.waitingOn().isEmpty()),
                    "all six tasks waiting"));
            assertThat(d.deadlocks()).isEmpty();
            assertThat(d.task(tasks.get(1).id()).orElseThrow().waitingOn().get(0).actors())
                    .containsExactly(tasks.get(0).id());
            assertNoFurtherReport(rt, 8);

            release.sender().send(true);
            assertThat(rt.blockOn(tasks.get(0))).isEqualTo(true);
            assertThat(rt.blockOn(tasks.get(1))).isEqualTo(true);
            tasks.get(2).abort(); // the sleeper: its joiner fails with the cancellation
            assertThat(rt.blockOn(tasks.get(3).outcome())).isInstanceOf(Outcome.Failure.class);
            tasks.get(4).abort(); // patient unwinds and unlocks m1: impatient goes on
            assertThat(rt.blockOn(tasks.get(5))).isEqualTo("impatient");
            assertThat(reports).isEmpty();
        }
    }

    @Test
    void detectDeadlocks_reportGoesToSystemLoggerAndJfr(@TempDir Path dir) throws Exception {
        List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("dev.weft.runtime.deadlock");
        jul.addHandler(handler);
        Path file = dir.resolve("deadlock.jfr");
        TaskId selfId;
        try (Recording r = new Recording()) {
            r.enable("dev.weft.DeadlockDetected");
            r.start();
            try (WeftRuntime rt = runtime("multi", "logged")) {
                Oneshot.Channel<JoinHandle<Integer>> ch = Oneshot.channel();
                JoinHandle<Integer> self = rt.blockOn(Futures.lazy(() ->
                        Tasks.spawn("self", ch.receiver().then(h -> h))));
                ch.sender().send(self);
                selfId = self.id();
                nextReport();
                self.abort(); // idle: cancelled in place
            }
            r.stop();
            r.dump(file);
        } finally {
            jul.removeHandler(handler);
        }
        assertThat(logged).singleElement().satisfies(rec -> {
            assertThat(rec.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(rec.getMessage()).contains("Weft deadlock in runtime 'logged'").contains(selfId.toString());
        });
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.weft.DeadlockDetected")).toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getString("runtime")).isEqualTo("logged");
            assertThat(e.getString("tasks")).isEqualTo(selfId.toString());
            assertThat(e.getString("resources")).isEqualTo(selfId.toString());
            assertThat(e.getString("report")).contains("a task waits on itself");
        });
    }

    @Test
    void detectDeadlocks_shutdownStopsTheDetectorThread() throws Exception {
        WeftRuntime rt = runtime("multi", "stops");
        DeadlockDetector det = rt.deadlockDetector();
        long before = det.checks();
        TaskDumpTest.dumpWhen(rt, x -> det.checks() > before, "a check");
        rt.close();
        Thread t = findThread("stops-deadlock-detector");
        if (t != null) t.join(10_000);
        assertThat(findThread("stops-deadlock-detector")).isNull();
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().equals(name)) return t;
        return null;
    }
}
