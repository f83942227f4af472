package dev.weft.internal.scheduler;

import dev.weft.internal.jfr.WeftEvents;

import dev.weft.future.Await;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.task.Task;
import dev.weft.internal.time.Clock;
import dev.weft.internal.util.Driver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The current-thread scheduler: tasks run on the thread that calls {@link #blockOn}, one at a time, in FIFO
 * order. Deterministic, and the flavour on which the test clock can be paused.
 */
public final class CurrentThreadScheduler extends Scheduler {
    /*
     * Implementation notes
     *
     * Tokio's current_thread scheduler. The "core" (local queue + the right to run tasks) is held by the thread
     * inside blockOn (`core` lock).
     * I1. `local` is touched only by the core holder. Wake-ups on the holder's thread while it polls go to
     *     `local`; all others go to `inject` and unpark the driver.
     * I2. The main future is polled when `mainNotified` was set by its waker (a volatile flag + driver unpark),
     *     so a wake-up from any thread is never lost.
     * I3. Every EVENT_INTERVAL tasks the holder polls the driver without waiting and re-polls the main future if
     *     notified; it parks in the driver only when there is no task and the main future is not notified.
     * I4. A second thread calling blockOn while the core is held polls its own future on its own thread (its
     *     tasks still run on the holder).
     * I5. A task that yields (woken while it runs) is queued in `inject`, behind every runnable task; blockOn on a
     *     thread that polls tasks (this runtime's inside a task: `core` is reentrant) throws.
     * I6. Stop (Scheduler step 4): `inject` is closed first, then whatever is left in `local` and `inject` is
     *     cancelled by the stopping thread if it gets the core (else the core holder, still inside blockOn, runs
     *     them: pops keep working on a closed queue). A push refused by the closed queue is cancelled by the
     *     pusher (InjectQueue I3). Shutdown from inside a task (polling on the owner) is refused (step 0).
     * I7. Blocking detection (BlockingWatchdog I1-I2) watches the core holder: each task poll bumps `polls`, each
     *     poll of the main future bumps `mainPolls` (both opaque), then `currentId` is set (release) to the task's
     *     id or BlockingWatchdog.MAIN_FUTURE; it is cleared (opaque) after the main future's poll and after each
     *     run of tasks. `mainFuture` (plain, racy for the watchdog: names only) is the future of the running drive.
     *     No spare ever runs this flavour's tasks: one thread at a time is its contract (the builder refuses
     *     compensateBlocking here).
     */
    private static final int EVENT_INTERVAL = 61;
    private static final int GLOBAL_INTERVAL = 31;
    private static final java.lang.invoke.VarHandle POLLS;
    private static final java.lang.invoke.VarHandle MAIN_POLLS;
    private static final java.lang.invoke.VarHandle CURRENT;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            POLLS = l.findVarHandle(CurrentThreadScheduler.class, "polls", long.class);
            MAIN_POLLS = l.findVarHandle(CurrentThreadScheduler.class, "mainPolls", long.class);
            CURRENT = l.findVarHandle(CurrentThreadScheduler.class, "currentId", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock core = new ReentrantLock();
    private final ArrayDeque<Task<?>> local = new ArrayDeque<>();
    private final InjectQueue inject = new InjectQueue();
    private final Driver driver;
    private final Context cx;
    private volatile Thread owner;
    private boolean polling;
    private int tick;
    /** Task polls: written by the core holder (opaque, I7), read for metrics and by the watchdog. */
    private long polls;
    /** Polls of a blockOn main future by the core holder (opaque, I7). */
    private long mainPolls;
    /** I7: id of the task in poll on the core holder, MAIN_FUTURE, or 0 (none). */
    @SuppressWarnings("unused")
    private long currentId;
    /** I7: the future of the running drive(), for reports only. */
    private Future<?> mainFuture;
    private long parks;
    private volatile boolean stopped;

    public CurrentThreadScheduler(String name, Function<Driver, Driver> driverFactory, boolean startPaused,
            int maxBlockingThreads, Duration blockingKeepAlive) {
        super(name, maxBlockingThreads, blockingKeepAlive);
        this.driver = buildDrivers(driverFactory, Clock.pausable(startPaused));
        this.cx = Contexts.create(Waker.noop(), Context.DEFAULT_BUDGET, ambient());
    }

    public Driver driver() {
        return driver;
    }

    @Override
    public void schedule(Task<?> task) {
        if (polling && Thread.currentThread() == owner) {
            local.addLast(task);
            return;
        }
        if (inject.push(task)) driver.unpark();
        else task.cancelRejected(); // I6
    }

    @Override
    public void reschedule(Task<?> task) {
        // A yield (yieldNow, spent budget) goes behind every queued task, including those in `inject`: `local`
        // is served first, so requeueing there would re-poll the yielding task before tasks spawned or woken
        // from other threads (I5).
        if (!inject.push(task)) task.cancelRejected(); // I6
        else if (Thread.currentThread() != owner) driver.unpark();
    }

    @Override
    public <T> T blockOn(Future<T> future) {
        if (!Await.isBlockingAllowed()) {
            // on a thread that polls tasks (this runtime's, whose core lock is reentrant, or another's)
            throw new IllegalStateException("blockOn() called on " + Thread.currentThread().getName()
                    + ", a thread that polls tasks: blocking it would stall every task queued on it. Spawn the"
                    + " future and keep its JoinHandle, or call blockOn from a plain thread or an async block.");
        }
        Object token = enter(this);
        try {
            if (!core.tryLock()) {
                // I4; Await's runnable/idle accounting assumes the caller counts as runnable while it runs
                ambient().threadRunnable();
                try {
                    return Contexts.await(future, ambient());
                } finally {
                    ambient().threadIdle();
                }
            }
            String prevMark = ThreadContext.setNonBlocking("the current-thread Weft runtime '" + name + "'");
            owner = Thread.currentThread();
            try {
                return drive(future);
            } finally {
                owner = null;
                mainFuture = null;
                ThreadContext.setNonBlocking(prevMark);
                core.unlock();
            }
        } finally {
            exit(token);
        }
    }

    private static final class MainWaker implements Waker {
        private final Driver driver;
        volatile boolean notified = true;

        MainWaker(Driver driver) {
            this.driver = driver;
        }

        @Override
        public void wake() {
            if (!notified) {
                notified = true;
                driver.unpark();
            }
        }
    }

    private <T> T drive(Future<T> future) {
        MainWaker mainWaker = new MainWaker(driver);
        Context mainCx = Contexts.create(mainWaker, Context.UNCONSTRAINED, ambient());
        for (;;) {
            if (mainWaker.notified) {
                mainWaker.notified = false;
                MAIN_POLLS.setOpaque(this, mainPolls + 1);
                mainFuture = future;
                CURRENT.setRelease(this, BlockingWatchdog.MAIN_FUTURE); // I7
                Poll<T> p;
                try {
                    p = future.poll(mainCx);
                } finally {
                    CURRENT.setOpaque(this, BlockingWatchdog.NONE);
                }
                if (p instanceof Poll.Ready<T> r) return r.value();
            }
            if (Thread.currentThread().isInterrupted()) {
                future.cancel();
                throw new dev.weft.future.CancelledException("blockOn interrupted on "
                        + Thread.currentThread().getName());
            }
            int ran = runTasks(EVENT_INTERVAL);
            if (ran == EVENT_INTERVAL || mainWaker.notified) {
                driver.park(0); // I3
            } else if (local.isEmpty() && inject.isEmpty()) {
                parks++;
                Object parkEvent = WeftEvents.parkBegin();
                try {
                    driver.park(-1);
                } finally {
                    WeftEvents.parkEnd(parkEvent, name(), 0);
                }
            }
        }
    }

    /** Runs up to {@code max} queued tasks; returns how many ran. Core holder only. */
    private int runTasks(int max) {
        int ran = 0;
        polling = true;
        try {
            while (ran < max) {
                tick++;
                Task<?> t;
                if (tick % GLOBAL_INTERVAL == 0) {
                    t = inject.pop();
                    if (t == null) t = local.pollFirst();
                } else {
                    t = local.pollFirst();
                    if (t == null) t = inject.pop();
                }
                if (t == null) break;
                Contexts.reset(cx, t, Context.DEFAULT_BUDGET);
                POLLS.setOpaque(this, polls + 1);
                CURRENT.setRelease(this, t.taskId()); // I7
                if (WeftEvents.longPollEnabled()) { // JFR on: time the poll (one branch when off)
                    Object e = WeftEvents.longPollBegin();
                    String what = t.futureName();
                    t.run(cx);
                    WeftEvents.longPollEnd(e, name(), t.taskId(), what);
                } else {
                    t.run(cx);
                }
                ran++;
            }
        } finally {
            polling = false;
            CURRENT.setOpaque(this, BlockingWatchdog.NONE); // I7
        }
        return ran;
    }

    @Override
    protected void driveWhileShuttingDown(long maxNanos) {
        if (!core.tryLock()) return; // the blockOn thread runs them
        Thread prevOwner = owner;
        owner = Thread.currentThread();
        try {
            long deadline = System.nanoTime() + maxNanos;
            while (runTasks(EVENT_INTERVAL) > 0 && System.nanoTime() < deadline) {
                driver.park(0);
            }
            driver.park(0);
        } finally {
            owner = prevOwner;
            core.unlock();
        }
    }

    @Override
    protected void onShutdownRequested() {
        driver.unpark();
    }

    @Override
    protected void stopWorkers() {
        inject.close(); // I6: before draining, so nothing can slip in behind the drain
        if (core.tryLock()) {
            Thread prevOwner = owner; // this thread's own blockOn, when shut down from its main future
            boolean prevPolling = polling;
            try {
                Task<?> t;
                polling = true;
                owner = Thread.currentThread();
                while ((t = local.pollFirst()) != null || (t = inject.pop()) != null) {
                    t.abort();
                    Contexts.reset(cx, t, Context.DEFAULT_BUDGET);
                    t.run(cx);
                }
            } finally {
                polling = prevPolling;
                owner = prevOwner;
                core.unlock();
            }
        }
        stopped = true;
    }

    @Override
    List<BlockingWatchdog.Target> watchTargets() {
        return List.of(new BlockingWatchdog.Target() { // I7
            @Override
            public long pollCountOpaque() {
                return (long) POLLS.getOpaque(CurrentThreadScheduler.this)
                        + (long) MAIN_POLLS.getOpaque(CurrentThreadScheduler.this);
            }

            @Override
            public long pollingIdAcquire() {
                return (long) CURRENT.getAcquire(CurrentThreadScheduler.this);
            }

            @Override
            public Object pollingRacy() {
                return (long) CURRENT.getOpaque(CurrentThreadScheduler.this) == BlockingWatchdog.MAIN_FUTURE
                        ? mainFuture : cx.waker();
            }

            @Override
            public Thread watchedThread() {
                return owner;
            }

            @Override
            public String describe() {
                return "the thread";
            }
        });
    }

    @Override
    protected boolean isPollingThreadOfThisRuntime() {
        return Thread.currentThread() == owner && polling; // both written by the owner itself
    }

    @Override
    protected boolean isStopped() {
        return stopped;
    }

    @Override
    public MetricsSnapshot metrics() {
        return new MetricsSnapshot(1, liveTasks(), spawnedTasks(), (long) POLLS.getOpaque(this), 0, parks, inject.len(),
                new int[] {local.size()}, blockingPool.threadCount(), succeededTasks(), failedTasks(), cancelledTasks());
    }
}
