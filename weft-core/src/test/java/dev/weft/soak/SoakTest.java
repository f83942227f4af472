package dev.weft.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Select;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.WeftRuntime;
import dev.weft.runtime.RuntimeMetrics;
import dev.weft.sync.Barrier;
import dev.weft.sync.BarrierWaitResult;
import dev.weft.sync.Broadcast;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Mutex;
import dev.weft.sync.Notify;
import dev.weft.sync.Oneshot;
import dev.weft.sync.RwLock;
import dev.weft.sync.Semaphore;
import dev.weft.sync.Watch;
import dev.weft.task.JoinHandle;
import dev.weft.task.JoinSet;
import dev.weft.task.Outcome;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The soak layer (methods tagged {@code soak}, excluded from the default run): rounds of thousands of tasks on both runtime
 * flavours mixing every primitive (bounded and unbounded mpsc, oneshot, broadcast with lag, watch, semaphore, mutex,
 * rwlock, notify, barrier, timers, select, JoinSet, TCP echo over 127.0.0.1) with random cancellation (select
 * losers, timeouts, aborts, shutdown mid-flight) and injected failures (tasks that throw).
 *
 * <p>Asserted per round: no lost message (each channel's sent count equals received plus what is known dropped), no
 * leaked permit (the semaphore's available permits back to the initial count, the mutex and rwlock free again), no
 * lost wake-up (every waiting task completes before the watchdog fires), every JoinHandle resolves, the runtime's
 * live-task count returns to 0; after all rounds the heap returns near its baseline after GC (a generous bound).
 * The shutdown-mid-flight tests shut the runtime down while the workload runs: then every JoinHandle must still
 * resolve (cancelled or done), live tasks must be 0 after close and the semaphore's permits must be back.
 *
 * <p>Watchdog: the main thread waits for the round in slices; when the round's progress counter has not moved for
 * {@code weft.soak.stallSeconds} (default 30) it prints the runtime's {@link RuntimeMetrics}, the unresolved tasks
 * (by workload name) and a thread dump of the runtime's worker threads, then fails.
 *
 * <p>Seeded: the seed is printed ({@code weft.soak seed=N}); {@code -Dweft.soak.seed=N} replays it (round r uses
 * {@code seed + r}, alternating flavours). {@code -Dweft.soak.seconds=S} sets the time budget of each mixed-workload test
 * (default 40 s per flavour, so the layer stays about 90 s and CI under its 20 minutes; pass 600 for a long soak);
 * {@code -Dweft.soak.scale=K} multiplies the
 * task counts. Run it with {@code mvn -pl weft-core -am test -Dweft.test.excludedGroups=none
 * -Dweft.test.groups=soak} (or the launcher's long option, which runs long and soak). Injected failures that
 * nobody joins go to the runtime's {@code unhandledFailureHandler}, which counts them; any other unhandled
 * failure fails the round.
 */
class SoakTest {
    private static final long SEED = Long.getLong("weft.soak.seed", System.nanoTime());
    private static final int SECONDS = Integer.getInteger("weft.soak.seconds", 40);
    private static final int SCALE = Integer.getInteger("weft.soak.scale", 1);
    private static final int STALL_SECONDS = Integer.getInteger("weft.soak.stallSeconds", 30);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** An injected failure: a task that throws on purpose. */
    static final class Injected extends RuntimeException {
        Injected(String what) {
            super(what, null, false, false);
        }
    }

    @Test
    @Tag("soak")
    void multiThread_mixedWorkloadUnderFaults_losesNothing() throws Exception {
        soak(false, false, -1);
    }

    @Test
    @Tag("soak")
    void currentThread_mixedWorkloadUnderFaults_losesNothing() throws Exception {
        soak(true, false, -1);
    }

    /**
     * Shutdown mid-flight on the multi-thread flavour: every JoinHandle must resolve. Before issue 11 item 1
     * ("shutdown is total", merged from main) this failed: tasks spawned from an outside thread that were still in
     * the injection queue when {@code shutdown(timeout)} ran were never cancelled (seed 3249323126614: 225 tasks
     * left "notified cancel-requested", injectionQueueDepth=225 in the watchdog's dump).
     */
    @Test
    @Tag("soak")
    void multiThread_shutdownMidFlight_everyHandleResolves() throws Exception {
        soak(false, true, 3);
    }

    @Test
    @Tag("soak")
    void currentThread_shutdownMidFlight_everyHandleResolves() throws Exception {
        soak(true, true, 3);
    }

    private void soak(boolean currentThread, boolean shutdownMidFlight, int fixedRounds) throws Exception {
        String flavour = (currentThread ? "currentThread" : "multiThread") + (shutdownMidFlight ? "+shutdown" : "");
        System.out.println("weft.soak seed=" + SEED + " flavour=" + flavour + " seconds=" + SECONDS + " scale="
                + SCALE + " (replay: -Dweft.soak.seed=" + SEED + ")");
        long baseline = usedHeapAfterGc();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        int rounds = 0;
        long tasks = 0;
        do {
            long seed = SEED + rounds;
            tasks += new Round(seed, currentThread, shutdownMidFlight, new Random(seed)).run();
            rounds++;
        } while (fixedRounds > 0 ? rounds < fixedRounds : System.nanoTime() < end);
        long after = usedHeapAfterGc();
        System.out.printf("weft.soak %s: %d rounds, %d tasks, heap baseline %d MiB, after %d MiB%n",
                flavour, rounds, tasks, baseline >> 20, after >> 20);
        assertThat(after).as("heap after GC vs baseline %d (seed %d)", baseline, SEED)
                .isLessThan(baseline + (96L << 20));
    }

    private static long usedHeapAfterGc() {
        java.lang.Runtime r = java.lang.Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return r.totalMemory() - r.freeMemory();
    }

    /** One round: a fresh runtime, the workloads, the checks. */
    static final class Round {
        final long seed;
        final boolean currentThread;
        final Random rnd;
        final boolean shutdownMidFlight;
        final AtomicLong progress = new AtomicLong();
        final Queue<Named> handles = new ConcurrentLinkedQueue<>();
        final List<Runnable> checks = new ArrayList<>();
        final List<Runnable> releaseChecks = new ArrayList<>();
        WeftRuntime rt;
        final AtomicInteger injectedUnhandled = new AtomicInteger();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

        record Named(String name, JoinHandle<?> handle) {}

        Round(long seed, boolean currentThread, boolean shutdownMidFlight, Random rnd) {
            this.seed = seed;
            this.currentThread = currentThread;
            this.rnd = rnd;
            this.shutdownMidFlight = shutdownMidFlight;
        }

        /** Set once the runtime was shut down: the current-thread flavour is then no longer driven by blockOn. */
        volatile boolean shutDown;

        <T> JoinHandle<T> track(String name, JoinHandle<T> h) {
            handles.add(new Named(name, h));
            return h;
        }

        /** Spawns an async block (virtual thread) that counts progress when it finishes. */
        <T> JoinHandle<T> async(String name, java.util.concurrent.Callable<T> body) {
            return track(name, rt.spawnAsync(() -> {
                try {
                    return body.call();
                } finally {
                    progress.incrementAndGet();
                }
            }));
        }

        /** Spawns a poll-based future. */
        <T> JoinHandle<T> spawn(String name, Future<T> f) {
            return track(name, rt.spawn(f.inspect(v -> progress.incrementAndGet())));
        }

        Duration ms(int bound) {
            return Duration.ofMillis(rnd.nextInt(bound) + 1);
        }

        long run() throws Exception {
            // injected failures nobody joins are expected: count them instead of logging each one; any other
            // unhandled failure is a defect of the workload or the runtime and fails the round
            dev.weft.runtime.UnhandledFailureHandler onFailure = (id, failure) -> {
                if (failure instanceof Injected) injectedUnhandled.incrementAndGet();
                else unexpected.add(id + ": " + failure);
            };
            rt = (currentThread ? WeftRuntime.currentThread() : WeftRuntime.multiThread().workerThreads(2))
                    .unhandledFailureHandler(onFailure).build();
            try {
                mpsc(true);
                mpsc(false);
                oneshot();
                broadcast();
                watch();
                semaphore();
                mutexAndRwLock();
                notifyAndBarrier();
                timersAndSelect();
                joinSet();
                tcp();
                aborts();
                dev.weft.runtime.ShutdownReport report = null;
                if (shutdownMidFlight) {
                    // let the workload start, then shut down while it runs
                    waitFor(() -> progress.get() > handles.size() / 4, "a quarter of the workload");
                    shutDown = true;
                    report = rt.shutdown(Duration.ofMillis(rnd.nextInt(50)));
                }
                waitFor(() -> handles.stream().allMatch(n -> n.handle().isFinished()), "every JoinHandle resolved");
                if (!shutdownMidFlight) for (Runnable c : checks) c.run();
                assertThat(unexpected).as(ctx("unhandled failures other than the injected ones")).isEmpty();
                for (Runnable c : releaseChecks) c.run();
                if (!shutdownMidFlight) {
                    assertThat(rt.metrics().liveTasks()).as(ctx("live tasks after every handle resolved")).isZero();
                }
                long n = handles.size();
                rt.close();
                if (report == null) {
                    assertThat(rt.metrics().liveTasks()).as(ctx("live tasks after close")).isZero();
                } else {
                    // an async block still unwinding when shutdown's deadline (0-49 ms here) passed is not waited
                    // for by close() (a second shutdown reports zeros); it must have been reported as unfinished
                    assertThat(rt.metrics().liveTasks()).as(ctx("live tasks after close, beyond the " + report.unfinished()
                            + " that shutdown reported unfinished")).isLessThanOrEqualTo(report.unfinished());
                }
                return n;
            } finally {
                rt.close();
            }
        }

        String ctx(String what) {
            return what + " (seed " + seed + ", " + (currentThread ? "currentThread" : "multiThread")
                    + (shutdownMidFlight ? ", shutdown mid-flight" : "") + ")";
        }

        /** Waits for {@code done} in slices; a stall of STALL_SECONDS without progress dumps state and fails. */
        void waitFor(Supplier<Boolean> done, String what) throws InterruptedException {
            CountDownLatch never = new CountDownLatch(1);
            Thread main = Thread.currentThread();
            AtomicLong seen = new AtomicLong(System.nanoTime());
            // a second watchdog for a runtime wedged inside blockOn (the slices below would then never return)
            Thread dog = Thread.ofPlatform().daemon().name("weft-soak-watchdog").start(() -> {
                CountDownLatch idle = new CountDownLatch(1);
                try {
                    while (!idle.await(1, TimeUnit.SECONDS)) {
                        if (System.nanoTime() - seen.get() > TimeUnit.SECONDS.toNanos(STALL_SECONDS + 15)) {
                            System.err.println(dump(what + " (main thread stuck: " + Arrays.toString(main.getStackTrace())
                                    + ")"));
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    // the wait ended
                }
            });
            try {
                waitSlices(done, what, never, seen);
            } finally {
                dog.interrupt();
            }
        }

        private void waitSlices(Supplier<Boolean> done, String what, CountDownLatch never, AtomicLong seen)
                throws InterruptedException {
            long last = progress.get();
            long lastMove = System.nanoTime();
            while (!done.get()) {
                seen.set(System.nanoTime());
                if (currentThread && !shutDown) {
                    rt.blockOn(Time.sleep(Duration.ofMillis(20))); // the current-thread flavour runs inside blockOn
                } else {
                    never.await(20, TimeUnit.MILLISECONDS); // a wait slice, not a condition
                }
                long p = progress.get();
                if (p != last) {
                    last = p;
                    lastMove = System.nanoTime();
                } else if (System.nanoTime() - lastMove > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                    String dump = dump(what);
                    System.err.println(dump);
                    throw new AssertionError("soak stalled: " + ctx(what) + "\n" + dump);
                }
            }
        }

        String dump(String what) {
            StringBuilder sb = new StringBuilder("=== weft soak watchdog: no progress for " + STALL_SECONDS
                    + " s waiting for " + what + " (" + ctx("") + ")\n");
            sb.append("metrics: ").append(rt.metrics()).append('\n');
            sb.append("unresolved tasks:\n");
            handles.stream().filter(n -> !n.handle().isFinished()).limit(50)
                    .forEach(n -> sb.append("  ").append(n.name()).append(' ').append(n.handle()).append('\n'));
            sb.append("threads:\n");
            Thread.getAllStackTraces().forEach((t, stack) -> { // the runtime's threads (java.management is not read)
                if (!t.getName().contains("weft") && !t.getName().contains("worker")) return;
                sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                for (StackTraceElement e : stack) sb.append("    at ").append(e).append('\n');
            });
            return sb.toString();
        }

        // ------------------------------------------------------------------ workloads

        void mpsc(boolean bounded) {
            int cap = 1 + rnd.nextInt(4);
            Mpsc.Channel<Integer> ch = bounded ? Mpsc.bounded(cap) : Mpsc.unbounded();
            int producers = 2 + rnd.nextInt(4);
            int perProducer = (50 + rnd.nextInt(150)) * SCALE;
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger received = new AtomicInteger();
            String name = bounded ? "mpsc-bounded(" + cap + ")" : "mpsc-unbounded";
            for (int p = 0; p < producers; p++) {
                Mpsc.Sender<Integer> tx = ch.sender().clone();
                int failAt = rnd.nextInt(8) == 0 ? rnd.nextInt(perProducer) : -1;
                int timeoutMs = 1 + rnd.nextInt(3);
                async(name + "-producer", () -> {
                    try (tx) {
                        for (int i = 0; i < perProducer; i++) {
                            if (i == failAt) throw new Injected("producer fails at " + i);
                            if (i % 7 == 3) {
                                // a send that may lose against a timer: counted only when it completed
                                try {
                                    Time.timeout(Duration.ofMillis(timeoutMs), tx.send(i)).await();
                                    sent.incrementAndGet();
                                } catch (dev.weft.time.TimeoutElapsedException e) {
                                    // dropped: the value was not sent
                                }
                            } else {
                                tx.send(i).await();
                                sent.incrementAndGet();
                            }
                        }
                    }
                    return null;
                });
            }
            ch.sender().close();
            Mpsc.Receiver<Integer> rx = ch.receiver();
            async(name + "-consumer", () -> {
                for (;;) {
                    // recv is cancel-safe: a recv that loses against the sleep loses no message
                    Optional<Optional<Integer>> r = Select.<Optional<Optional<Integer>>>select()
                            .on(rx.recv(), Optional::of)
                            .on(Time.sleep(Duration.ofMillis(2)), x -> Optional.empty())
                            .await();
                    if (r.isEmpty()) continue;
                    if (r.get().isEmpty()) return null;
                    received.incrementAndGet();
                }
            });
            checks.add(() -> assertThat(received.get()).as(ctx(name + ": received vs sent")).isEqualTo(sent.get()));
        }

        void oneshot() {
            int n = (100 + rnd.nextInt(200)) * SCALE;
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger received = new AtomicInteger();
            AtomicInteger closed = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                Oneshot.Channel<Integer> ch = Oneshot.channel();
                boolean drop = rnd.nextInt(5) == 0;
                int v = i;
                spawn("oneshot-sender", Async.async(() -> {
                    if (rnd(3)) Tasks.yieldNow().await();
                    if (drop) ch.sender().close();
                    else if (ch.sender().send(v) instanceof Oneshot.SendResult.Sent<Integer>) sent.incrementAndGet();
                    return null;
                }));
                spawn("oneshot-receiver", Async.async(() -> {
                    try {
                        ch.receiver().await();
                        received.incrementAndGet();
                    } catch (dev.weft.sync.RecvException e) {
                        closed.incrementAndGet();
                    }
                    return null;
                }));
            }
            checks.add(() -> {
                assertThat(received.get()).as(ctx("oneshot received vs sent")).isEqualTo(sent.get());
                assertThat(received.get() + closed.get()).as(ctx("oneshot receivers resolved")).isEqualTo(n);
            });
        }

        boolean rnd(int oneIn) {
            return java.util.concurrent.ThreadLocalRandom.current().nextInt(oneIn) == 0;
        }

        void broadcast() {
            int cap = 1 + rnd.nextInt(2);
            Broadcast.Channel<Integer> ch = Broadcast.channel(cap);
            int receivers = 2 + rnd.nextInt(3);
            int n = (100 + rnd.nextInt(200)) * SCALE;
            List<Broadcast.Receiver<Integer>> rxs = new ArrayList<>();
            rxs.add(ch.receiver());
            for (int i = 1; i < receivers; i++) rxs.add(ch.sender().subscribe());
            AtomicLong[] accounted = new AtomicLong[receivers];
            for (int i = 0; i < receivers; i++) {
                accounted[i] = new AtomicLong();
                Broadcast.Receiver<Integer> rx = rxs.get(i);
                AtomicLong acc = accounted[i];
                boolean slow = i % 2 == 1;
                async("broadcast-receiver", () -> {
                    for (;;) {
                        Broadcast.Recv<Integer> r = rx.recv().await();
                        switch (r) {
                            case Broadcast.Recv.Message<Integer> m -> acc.incrementAndGet();
                            case Broadcast.Recv.Lagged<Integer>(long skipped) -> acc.addAndGet(skipped);
                            case Broadcast.Recv.Closed<Integer> c -> {
                                return null;
                            }
                        }
                        if (slow && rnd(4)) Time.sleep(Duration.ofMillis(1)).await(); // lags behind
                    }
                });
            }
            async("broadcast-sender", () -> {
                try {
                    for (int i = 0; i < n; i++) {
                        ch.sender().send(i);
                        if (i % 16 == 0) Tasks.yieldNow().await();
                    }
                } finally {
                    ch.sender().close();
                }
                return null;
            });
            checks.add(() -> {
                for (int i = 0; i < receivers; i++) {
                    assertThat(accounted[i].get()).as(ctx("broadcast receiver " + i + ": received + lagged"))
                            .isEqualTo(n);
                }
            });
        }

        void watch() {
            Watch.Channel<Integer> ch = Watch.channel(0);
            int n = (50 + rnd.nextInt(100)) * SCALE;
            int receivers = 2 + rnd.nextInt(3);
            for (int i = 0; i < receivers; i++) {
                Watch.Receiver<Integer> rx = ch.sender().subscribe();
                async("watch-receiver", () -> {
                    int last = -1;
                    while (true) {
                        int v = rx.borrowAndUpdate();
                        if (v < last) throw new AssertionError("watch went backwards: " + v + " < " + last);
                        last = v;
                        if (v == n) return null; // saw the final value: no lost change notification
                        rx.changed().await();
                    }
                });
            }
            async("watch-sender", () -> {
                for (int i = 1; i <= n; i++) {
                    ch.sender().send(i);
                    if (i % 8 == 0) Time.sleep(Duration.ofMillis(1)).await();
                }
                return null;
            });
        }

        void semaphore() {
            int permits = 1 + rnd.nextInt(4);
            Semaphore sem = new Semaphore(permits);
            int n = (100 + rnd.nextInt(200)) * SCALE;
            AtomicInteger inside = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(6);
                JoinHandle<Object> h = async("semaphore-user", () -> {
                    Semaphore.Permit p;
                    if (kind == 0) {
                        try {
                            p = Time.timeout(Duration.ofMillis(1), sem.acquire()).await(); // may lose to the timer
                        } catch (dev.weft.time.TimeoutElapsedException e) {
                            return null;
                        }
                    } else {
                        p = sem.acquire().await();
                    }
                    try (p) { // released after the holder count is decremented (finally below runs first)
                        try {
                            if (inside.incrementAndGet() > permits) throw new AssertionError("more holders than permits");
                            if (kind == 1) throw new Injected("holder fails");
                            Time.sleep(Duration.ofMillis(rnd(3) ? 1 : 0)).await();
                        } finally {
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                });
                if (kind == 2 && rnd.nextInt(3) == 0) h.abort(); // aborted while waiting or holding
            }
            releaseChecks.add(() -> assertThat(sem.availablePermits()).as(ctx("semaphore permits back"))
                    .isEqualTo(permits));
        }

        void mutexAndRwLock() {
            Mutex<Integer> mutex = new Mutex<>(0);
            RwLock<Integer> rw = new RwLock<>(0);
            int n = (100 + rnd.nextInt(200)) * SCALE;
            AtomicInteger increments = new AtomicInteger();
            AtomicInteger writes = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(5);
                JoinHandle<Object> h = async("mutex-rwlock-user", () -> {
                    if (kind == 0) {
                        try (Mutex.Guard<Integer> g = Time.timeout(Duration.ofMillis(1), mutex.lock()).await()) {
                            g.set(g.get() + 1);
                            increments.incrementAndGet();
                        } catch (dev.weft.time.TimeoutElapsedException e) {
                            // lost to the timer: nothing changed
                        }
                    } else if (kind == 1) {
                        try (Mutex.Guard<Integer> g = mutex.lock().await()) {
                            g.set(g.get() + 1);
                            increments.incrementAndGet();
                            if (rnd(4)) Tasks.yieldNow().await();
                        }
                    } else if (kind == 2) {
                        try (RwLock.WriteGuard<Integer> g = rw.write().await()) {
                            g.set(g.get() + 1);
                            writes.incrementAndGet();
                        }
                    } else {
                        try (RwLock.ReadGuard<Integer> g = rw.read().await()) {
                            if (g.get() < 0) throw new AssertionError("negative");
                            if (kind == 4 && rnd(8)) throw new Injected("reader fails");
                        }
                    }
                    return null;
                });
                if (kind == 1 && rnd.nextInt(10) == 0) h.abort();
            }
            checks.add(() -> {
                assertThat(mutex.tryLock()).as(ctx("mutex free again")).isPresent().get()
                        .satisfies(g -> {
                            assertThat(g.get()).as(ctx("mutex increments")).isEqualTo(increments.get());
                            g.close();
                        });
                assertThat(rw.tryWrite()).as(ctx("rwlock free again")).isPresent().get()
                        .satisfies(g -> {
                            assertThat(g.get()).as(ctx("rwlock writes")).isEqualTo(writes.get());
                            g.close();
                        });
            });
        }

        void notifyAndBarrier() {
            int n = (50 + rnd.nextInt(100)) * SCALE;
            for (int i = 0; i < n; i++) {
                Notify notify = new Notify();
                async("notify-waiter", () -> {
                    notify.notified().await(); // a stored permit or a wake-up: never lost
                    return null;
                });
                spawn("notify-notifier", Async.async(() -> {
                    if (rnd(2)) Tasks.yieldNow().await();
                    notify.notifyOne();
                    return null;
                }));
            }
            int parties = 2 + rnd.nextInt(4);
            int generations = 5 + rnd.nextInt(10);
            Barrier barrier = new Barrier(parties);
            AtomicInteger leaders = new AtomicInteger();
            for (int p = 0; p < parties; p++) {
                async("barrier-party", () -> {
                    for (int g = 0; g < generations; g++) {
                        BarrierWaitResult r = barrier.waitAll().await();
                        if (r.isLeader()) leaders.incrementAndGet();
                    }
                    return null;
                });
            }
            checks.add(() -> assertThat(leaders.get()).as(ctx("one barrier leader per generation"))
                    .isEqualTo(generations));
        }

        void timersAndSelect() {
            int n = (200 + rnd.nextInt(300)) * SCALE;
            AtomicInteger fired = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(4);
                Duration d = ms(5);
                switch (kind) {
                    case 0 -> spawn("sleep", Time.sleep(d).map(v -> fired.incrementAndGet()));
                    case 1 -> spawn("timeout-elapses", Async.async(() -> {
                        try {
                            Time.timeout(d, new Notify().notified()).await();
                            throw new AssertionError("a never-ready future completed");
                        } catch (dev.weft.time.TimeoutElapsedException e) {
                            fired.incrementAndGet();
                        }
                        return null;
                    }));
                    case 2 -> spawn("select-sleeps", Select.<Integer>select()
                            .on(Time.sleep(d), v -> 1)
                            .on(Time.sleep(d.plusMillis(3)), v -> 2)
                            .map(w -> fired.incrementAndGet()));
                    default -> async("interval", () -> {
                        var iv = Time.interval(Duration.ofMillis(1));
                        for (int t = 0; t < 3; t++) iv.tick().await();
                        fired.incrementAndGet();
                        return null;
                    });
                }
            }
            checks.add(() -> assertThat(fired.get()).as(ctx("every timer fired")).isEqualTo(n));
        }

        void joinSet() {
            int n = (50 + rnd.nextInt(100)) * SCALE;
            async("joinset-owner", () -> {
                JoinSet<Integer> set = new JoinSet<>();
                List<dev.weft.task.AbortHandle> aborts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int v = i;
                    int kind = java.util.concurrent.ThreadLocalRandom.current().nextInt(5);
                    var ah = set.spawn(Async.async(() -> {
                        if (kind == 0) throw new Injected("joinset member fails");
                        if (kind == 1) Time.sleep(Duration.ofMillis(3)).await();
                        return v;
                    }));
                    if (kind == 2) aborts.add(ah);
                }
                for (var a : aborts) a.abort();
                int resolved = 0;
                while (true) {
                    try {
                        if (set.joinNext().await().isEmpty()) break;
                    } catch (dev.weft.task.JoinError e) {
                        // failed or cancelled member: resolved all the same
                    }
                    resolved++;
                }
                if (resolved != n) throw new AssertionError("joinset resolved " + resolved + " of " + n);
                return null;
            });
        }

        void tcp() throws Exception {
            if (shutdownMidFlight && rnd.nextBoolean()) return;
            TcpListener listener = TcpListener.bind(LOOPBACK);
            InetSocketAddress addr = listener.localAddress();
            Queue<JoinHandle<?>> conns = new ConcurrentLinkedQueue<>();
            int clients = (5 + rnd.nextInt(10)) * SCALE;
            AtomicInteger echoed = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            JoinHandle<Object> server = async("tcp-accept-loop", () -> {
                try (listener) {
                    for (int i = 0; i < clients; i++) {
                        TcpStream s = listener.accept().await();
                        conns.add(track("tcp-connection", Tasks.spawnAsync(() -> {
                            try (s) {
                                ByteBuffer buf = ByteBuffer.allocate(512);
                                while (s.read(buf.clear()).await() > 0) s.writeAll(buf.flip()).await();
                            } catch (java.io.UncheckedIOException e) {
                                // a cancelled client closed its end mid-exchange (broken pipe, reset): expected
                            }
                            return null;
                        })));
                    }
                }
                return null;
            });
            for (int c = 0; c < clients; c++) {
                byte[] payload = new byte[1 + rnd.nextInt(4096)];
                rnd.nextBytes(payload);
                boolean cancel = rnd.nextInt(5) == 0;
                async("tcp-client", () -> {
                    try (TcpStream s = TcpStream.connect(addr).await()) {
                        return exchange(s, payload, cancel, echoed, cancelled);
                    } catch (java.io.UncheckedIOException e) {
                        // shutdown mid-flight may cancel the server's connection before this client: its read
                        // then ends early (EOF) or is reset; that failure is real but expected there, nowhere else
                        if (!shutDown) throw e;
                        return null;
                    }
                });
            }
            checks.add(() -> {
                assertThat(echoed.get() + cancelled.get()).as(ctx("tcp clients resolved")).isEqualTo(clients);
                assertThat(server.isFinished()).isTrue();
            });
        }

        /** One client's echo exchange on {@code s}, cut short by a 1 ns timeout when {@code cancel}. */
        private Object exchange(TcpStream s, byte[] payload, boolean cancel, AtomicInteger echoed,
                AtomicInteger cancelled) {
            Future<Object> exchange = Async.async(() -> {
                s.writeAll(ByteBuffer.wrap(payload)).await();
                ByteBuffer back = ByteBuffer.allocate(payload.length);
                s.readExact(back).await();
                if (!Arrays.equals(back.array(), payload)) throw new AssertionError("echo differs");
                return null;
            });
            if (cancel) {
                try {
                    Time.timeout(Duration.ofNanos(1), exchange).await(); // likely cancelled mid-flight
                    echoed.incrementAndGet();
                } catch (dev.weft.time.TimeoutElapsedException e) {
                    cancelled.incrementAndGet();
                }
            } else {
                exchange.await();
                echoed.incrementAndGet();
            }
            return null;
        }

        void aborts() {
            int n = (100 + rnd.nextInt(200)) * SCALE;
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(3);
                JoinHandle<Object> h = switch (kind) {
                    case 0 -> spawn("abort-sleeper", Time.sleep(Duration.ofMillis(50)).map(v -> null));
                    case 1 -> async("abort-async", () -> {
                        new Notify().notified().await(); // waits for ever unless aborted
                        return null;
                    });
                    default -> spawn("thrower", Async.async(() -> {
                        throw new Injected("task fails");
                    }));
                };
                if (kind != 2) {
                    h.abort();
                    JoinHandle<Object> hh = h;
                    checks.add(() -> assertThat(outcome(hh)).as(ctx("aborted task")).isInstanceOf(Outcome.Cancelled.class));
                }
            }
        }

        Outcome<?> outcome(JoinHandle<?> h) {
            return rt.blockOn(h.outcome());
        }
    }
}
