package dev.weft.internal.scheduler;

import dev.weft.internal.jfr.WeftEvents;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.io.IoDriver;
import dev.weft.internal.io.IoSource;
import dev.weft.internal.context.ThreadBacked;
import dev.weft.internal.task.SpawnSites;
import dev.weft.internal.task.Task;
import dev.weft.internal.task.TaskDiag;
import dev.weft.internal.task.SpanHook;
import dev.weft.internal.task.TaskLocalMap;
import dev.weft.internal.task.TaskScheduler;
import dev.weft.internal.time.Clock;
import dev.weft.internal.time.TimeDriver;
import dev.weft.internal.time.TimeSource;
import dev.weft.internal.util.Driver;
import dev.weft.internal.util.ThreadParkDriver;
import java.util.function.Function;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both runtime flavours share: task ids, the live-task registry, the blocking pool, the ambient carrier
 * and the shutdown protocol.
 */
public abstract class Scheduler implements TaskScheduler {
    /*
     * Implementation notes
     *
     * Shutdown protocol (shutdown(timeout); close() is shutdown(10 s)):
     *  0. Refused on a thread of this runtime that polls its tasks (a multi-thread worker, the current-thread
     *     flavour's thread while it polls a task): the caller's own task could not finish until shutdown
     *     returned, so it would wait on itself for the whole timeout. It throws IllegalStateException naming the
     *     way out (call it from outside the runtime, or shutdownBackground()). Tokio panics likewise.
     *  1. `shuttingDown` is set; the registry is closed, so a spawn racing with shutdown gets a task that is
     *     cancelled at once (its handle reports Cancelled) instead of an exception.
     *  2. Every live task is aborted: idle ones are cancelled in place on the shutting-down thread, queued or
     *     running ones by their worker, which keeps running.
     *  3. The caller waits until no task is live (async blocks and blocking bodies finish unwinding) or the
     *     timeout passes.
     *  4. Under `stopLock` (a second caller waits for the first, then finds the runtime stopped): the workers are
     *     stopped and joined; each cancels what is left in its local queue and LIFO slot on its way out. Then the
     *     injection queue is closed and what is still in it is cancelled on this thread; from then on every push
     *     is refused and the pusher cancels the task itself (InjectQueue I3, LocalQueue I5), so a task spawned,
     *     woken or overflowed at any point of shutdown ends cancelled, never stranded. Last the I/O driver is
     *     closed and the blocking pool shut down (its threads interrupted).
     * The report says how many tasks were cancelled and how many had not finished by the deadline.
     * shutdownBackground() runs steps 1-2 on the caller and steps 3 (with a zero timeout) and 4 on a new
     * thread, so it may be called anywhere, a worker included.
     *
     * Tracing (internal.task.SpanHook, installed once the first dev.weft.trace.Tracer exists): spawn() wraps the
     * child's future so its polls see the spawner's current span, and spawnThread() gives the child's thread an
     * ambient that binds that span alone (other task-local values are not inherited). Until a tracer exists both
     * cost one static read; nothing is added to the poll path.
     *
     * Unobserved failures (Task I8) go to `unhandledFailureHandler` (set once by the builder before any task
     * exists), else to the log; a handler that throws is itself logged.
     *
     * Diagnostics (the task dump): `diagnostics` and `captureSpawnSites` are set once by the builder before any
     * task exists (volatile, read at every spawn). With diagnostics on, or for a named task, the spawner attaches
     * a TaskDiag before the task is published (Task I10); a thread-backed task also installs itself as its
     * thread's diagnostic owner (ThreadContext I4) while its body runs.
     * The test kit may also watch them (`unobservedFailureWatcher`, set through LiveTasks before the test's
     * first spawn), to fail a test whose task failed unseen.
     */
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    protected final String name;
    protected final OwnedTasks owned = new OwnedTasks();
    protected final BlockingPool blockingPool;
    /** Finished-task counters by outcome: incremented by onComplete (any thread), summed for metrics. */
    private final java.util.concurrent.atomic.LongAdder succeededTasks = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder failedTasks = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder cancelledTasks = new java.util.concurrent.atomic.LongAdder();
    private final Ambient ambient = new Ambient(null);
    private final Object completionLock = new Object();
    private final Object stopLock = new Object();
    protected volatile boolean shuttingDown;
    /** Diagnostics: TaskDiag on every task, thread-local owners, holder records (see the notes). */
    private volatile boolean diagnostics;
    /** Diagnostics: a StackWalker capture of the spawn site of every task. */
    private volatile boolean captureSpawnSites;
    /** Task I8 reports, or null for the log. */
    private volatile java.util.function.BiConsumer<Long, Throwable> unhandledFailureHandler;
    /** Task I8 reports for the test kit (LiveTasks.watchUnobservedFailures), besides the handler; or null. */
    volatile java.util.function.BiConsumer<Task<?>, Throwable> unobservedFailureWatcher;

    private TimeDriver timeDriver;
    /** The I/O driver when {@code ioLayer} produced one (the default), else null. Written once at construction. */
    private IoDriver ioDriver;

    protected Scheduler(String name, int maxBlockingThreads, Duration blockingKeepAlive) {
        this.name = name;
        this.blockingPool = new BlockingPool(name + "-blocking", maxBlockingThreads, blockingKeepAlive);
    }

    /**
     * Builds the driver chain: the plain thread park, wrapped by {@code ioLayer} (the I/O reactor), wrapped by
     * the timer driver on {@code clock}. Called once by the subclass constructor.
     */
    protected final Driver buildDrivers(Function<Driver, Driver> ioLayer, Clock clock) {
        Driver inner = ioLayer.apply(new ThreadParkDriver());
        if (inner instanceof IoDriver io) this.ioDriver = io;
        this.timeDriver = new TimeDriver(inner, clock);
        return timeDriver;
    }

    /** The runtime's timer driver. */
    public final TimeDriver timeDriver() {
        return timeDriver;
    }

    /**
     * The executor for blocking bodies. On a pausable clock it keeps the clock from auto-advancing from the
     * moment a body is submitted until it has finished (the runtime is not idle while blocking work is in flight;
     * Tokio's test-util does the same). Bodies cancelled before they start still pass through, so every inhibit
     * is matched.
     */
    public final java.util.concurrent.Executor blockingExecutor() {
        Clock clock = timeDriver.clock();
        if (!clock.isPausingEnabled()) {
            return command -> {
                WeftEvents.blockingHandoff(name, blockingPool.threadCount());
                blockingPool.execute(command);
            };
        }
        return command -> {
            WeftEvents.blockingHandoff(name, blockingPool.threadCount());
            clock.inhibitAutoAdvance();
            try {
                blockingPool.execute(() -> {
                    try {
                        command.run();
                    } finally {
                        clock.allowAutoAdvance();
                        timeDriver.unpark();
                    }
                });
            } catch (RuntimeException e) {
                clock.allowAutoAdvance();
                throw e;
            }
        };
    }

    /** The scheduler whose task (or blockOn, or async block) is running on this thread, or null. */
    public static Scheduler current() {
        Thread t = Thread.currentThread();
        if (t instanceof WorkerThread w) {
            Scheduler entered = w.entered; // explicit entry (Handle.spawn of another runtime) wins
            return entered != null ? entered : w.worker().scheduler();
        }
        // async-block threads, blockOn callers and blocking-pool bodies carry the runtime's ambient
        return ThreadContext.ambient() instanceof Ambient a ? a.scheduler() : null;
    }

    /**
     * Makes {@code s} current on this thread until {@link #exit(Object)} is called with the returned token.
     * Worker threads keep it in a field; other threads in the one ambient thread-local of {@link Await}.
     */
    public static Object enter(Scheduler s) {
        Thread t = Thread.currentThread();
        if (t instanceof WorkerThread w) {
            Scheduler prev = w.entered;
            w.entered = s;
            return prev;
        }
        return new ExitToken(ThreadContext.setAmbient(s.ambient));
    }

    /** Restores what {@link #enter(Scheduler)} replaced. */
    public static void exit(Object token) {
        Thread t = Thread.currentThread();
        if (t instanceof WorkerThread w) {
            w.entered = (Scheduler) token;
            return;
        }
        ThreadContext.setAmbient(((ExitToken) token).previous());
    }

    private record ExitToken(dev.weft.internal.context.Ambient previous) {}

    public final String name() {
        return name;
    }

    /** Creates, registers and queues a task for {@code future}. */
    public final <T> Task<T> spawn(Future<T> future) {
        return spawn(future, null);
    }

    /** Creates, registers and queues a task for {@code future}, named {@code taskName} (or null) for dumps. */
    public final <T> Task<T> spawn(Future<T> future, String taskName) {
        SpanHook spans = SpanHook.installed(); // tracing: null until a Tracer exists (one static read)
        if (spans != null) future = spans.onSpawn(future); // the child's polls see the spawner's current span
        Task<T> task = new Task<>(this, future, NEXT_ID.getAndIncrement());
        if (taskName != null || diagnostics) task.attachDiag(newDiag(taskName)); // before publication (Task I10)
        if (!owned.add(task)) {
            // shutting down: the task is born cancelled (its NOTIFIED bit is set, so abort marks it; run it here)
            task.cancelRejected();
            return task;
        }
        WeftEvents.taskSpawned(name, task.taskId(), false);
        schedule(task);
        return task;
    }

    /**
     * Spawns {@code body} as a thread-backed task (Task I7): it starts on a virtual thread of its own at once and
     * completes its task from there, without a worker ever polling it. The thread carries this runtime's ambient
     * (so {@code spawn}, timers and sockets work in it) and counts as runnable for a paused clock while it runs.
     */
    public final <T> Task<T> spawnThread(java.util.concurrent.Callable<? extends T> body) {
        return spawnThread(body, null);
    }

    /** As {@link #spawnThread(java.util.concurrent.Callable)}, named {@code taskName} (or null) for dumps. */
    public final <T> Task<T> spawnThread(java.util.concurrent.Callable<? extends T> body, String taskName) {
        SpanHook spans = SpanHook.installed(); // tracing: the thread carries the spawner's current span, if any
        TaskLocalMap spanLocals = spans != null ? spans.spawnLocals() : null;
        Ambient threadAmbient = spanLocals != null ? new Ambient(spanLocals) : ambient;
        ThreadTask<T> task = new ThreadTask<>(body, NEXT_ID.getAndIncrement(), threadAmbient);
        if (taskName != null || diagnostics) task.attachDiag(newDiag(taskName)); // before publication (Task I10)
        if (!owned.add(task)) {
            task.abort(); // born cancelled: the runtime is shutting down
            task.completeExternally(null, new dev.weft.future.CancelledException("runtime shutting down"));
            return task;
        }
        WeftEvents.taskSpawned(name, task.taskId(), true);
        ambient.threadRunnable();
        try {
            // unnamed, like the JDK's thread-per-task executor: a name would cost a string per task (thread dumps
            // still show the task's stack; TaskId is the task's identity)
            Thread.startVirtualThread(task);
        } catch (RuntimeException | Error e) {
            ambient.threadIdle();
            task.completeExternally(null, e);
        }
        return task;
    }

    /**
     * A thread-backed task (Task I7) and the body of its virtual thread in one object: spawnAsync allocates the
     * task, the thread and nothing else of its own.
     */
    final class ThreadTask<T> extends Task<T> implements Runnable, ThreadBacked {
        private final java.util.concurrent.Callable<? extends T> body;
        /** What the thread carries: the runtime's ambient, or one binding the spawner's span (tracing). */
        private final Ambient threadAmbient;
        /** Published by the thread itself at start; read by abort. */
        private volatile Thread thread;

        ThreadTask(java.util.concurrent.Callable<? extends T> body, long id, Ambient threadAmbient) {
            super(Scheduler.this, id);
            this.body = body;
            this.threadAmbient = threadAmbient;
        }

        /** The body's thread once it started, else null (for LiveTasks). */
        Thread thread() {
            return thread;
        }

        /** What the task runs, for diagnostics: the body's class name. */
        String bodyName() {
            return body.getClass().getName();
        }

        /** abort(): the body sees the interrupt at its next await (CancelledException) or blocking call. */
        @Override
        protected void onAbortRequested() {
            Thread t = thread;
            if (t != null) t.interrupt();
            // a thread not yet published sees CANCELLED in run() instead (it publishes, then reads the state)
        }

        @Override
        public Thread runnerThread() {
            return thread;
        }

        @Override
        public boolean isBlockingBody() {
            return false;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            ThreadContext.setAmbient(threadAmbient);
            ThreadContext.setInherited(threadAmbient); // virtual threads the body creates see the runtime (ADR 0011)
            Object entered = threadAmbient.enterThread(); // tracing: the spawner's span, entered on this thread
            TaskDiag diag = diagRecord();
            if (diag != null) {
                diag.touch(); // its one "poll": the body starting
                if (diag.tracking()) ThreadContext.setDiagOwner(this); // ThreadContext I4; the thread ends with it
            }
            T value = null;
            Throwable failure = null;
            try {
                if (isCancelRequested()) { // volatile: after publishing `thread` (Dekker with abort)
                    failure = new dev.weft.future.CancelledException("task aborted before it started");
                } else {
                    value = body.call();
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                threadAmbient.exitThread(entered);
            }
            try {
                completeExternally(value, failure); // the joiner becomes runnable first ...
            } finally {
                ambient.threadIdle(); // ... so a paused clock never sees a gap with nothing runnable
            }
        }
    }

    /** Diagnostics on or off, and spawn-site capture; set by the builder before any task is spawned. */
    public final void diagnostics(boolean enabled, boolean spawnSites) {
        if (enabled) dev.weft.internal.context.Waits.enableTracking(); // Waits I2: before this runtime's tasks run
        this.captureSpawnSites = spawnSites;
        this.diagnostics = enabled;
    }

    /** True when this runtime was built with diagnostics. */
    public final boolean diagnosticsEnabled() {
        return diagnostics;
    }

    /** True when spawn sites are captured. */
    public final boolean capturesSpawnSites() {
        return captureSpawnSites;
    }

    private TaskDiag newDiag(String taskName) {
        return new TaskDiag(taskName, captureSpawnSites ? SpawnSites.capture() : null, diagnostics);
    }

    /** A snapshot of the live tasks, for the task dump. */
    public final List<Task<?>> liveTaskSnapshot() {
        return owned.snapshot();
    }

    // ---------------------------------------------------------------- blocking detection

    /** Written once by startBlockingWatchdog (the builder, before any task exists); read by stopAll. */
    private volatile BlockingWatchdog watchdog;

    /**
     * Starts the blocking watchdog (WeftRuntime.Builder.detectBlocking): a poll that holds a thread of this runtime
     * for {@code threshold} or longer is reported once, to {@code handler} (null: logged at WARNING through
     * System.Logger "dev.weft.runtime") and as a JFR event; with {@code compensate}, a spare thread runs the
     * stuck worker's queued tasks meanwhile (multi-thread flavour only). Called once, before any task is spawned.
     */
    public final void startBlockingWatchdog(Duration threshold, boolean compensate,
            java.util.function.Consumer<BlockingWatchdog.BlockedPoll> handler) {
        if (watchdog != null) throw new IllegalStateException("blocking watchdog of runtime '" + name + "' already started");
        BlockingWatchdog w = new BlockingWatchdog(this, watchTargets(), threshold.toNanos(), compensate, handler);
        watchdog = w;
        w.start();
    }

    /** The threads the watchdog samples (BlockingWatchdog.Target). */
    abstract List<? extends BlockingWatchdog.Target> watchTargets();

    /**
     * Starts a spare for {@code blocked}, stuck in its poll numbered {@code pollCount}, or returns null when this
     * flavour does not compensate. Watchdog thread only.
     */
    SpareWorker startSpare(BlockingWatchdog.Target blocked, long pollCount) {
        return null;
    }

    /** Where unobserved task failures go (Task I8); null restores the log. Set before any task is spawned. */
    public final void unhandledFailureHandler(java.util.function.BiConsumer<Long, Throwable> handler) {
        this.unhandledFailureHandler = handler;
    }

    @Override
    public final void onUnobservedFailure(Task<?> task, Throwable failure) {
        java.util.function.BiConsumer<Task<?>, Throwable> watcher = unobservedFailureWatcher;
        if (watcher != null) watcher.accept(task, failure); // the test kit's recorder: never throws
        java.util.function.BiConsumer<Long, Throwable> h = unhandledFailureHandler;
        if (h == null) {
            dev.weft.internal.task.Logging.unobservedFailure(task.taskId(), name, failure);
            return;
        }
        try {
            h.accept(task.taskId(), failure);
        } catch (Throwable t) {
            dev.weft.internal.task.Logging.userHookFailed("the unhandled-failure handler of runtime '" + name
                    + "' (reporting task-" + task.taskId() + ")", t);
        }
    }

    @Override
    public void onComplete(Task<?> task) {
        owned.remove(task);
        // counters and the JFR event: read the outcome without marking a failure observed (Task I8)
        String outcome;
        if (task.outcomeCancelled()) {
            cancelledTasks.increment();
            outcome = "cancelled";
        } else if (task.outcomeFailed()) {
            failedTasks.increment();
            outcome = "failed";
        } else {
            succeededTasks.increment();
            outcome = "succeeded";
        }
        WeftEvents.taskFinished(name, task.taskId(), outcome);
        if (shuttingDown) {
            synchronized (completionLock) {
                completionLock.notifyAll();
            }
        }
    }

    @Override
    public final dev.weft.internal.context.Ambient ambient() {
        return ambient;
    }

    public final BlockingPool blockingPool() {
        return blockingPool;
    }

    public final long liveTasks() {
        return owned.liveCount();
    }

    public final long spawnedTasks() {
        return owned.addedCount();
    }

    /** Tasks that finished with a value (written by onComplete, read racily for metrics). */
    public final long succeededTasks() {
        return succeededTasks.sum();
    }

    /** Tasks that finished failed. */
    public final long failedTasks() {
        return failedTasks.sum();
    }

    /** Tasks that finished cancelled (aborted, or cancelled by shutdown). */
    public final long cancelledTasks() {
        return cancelledTasks.sum();
    }

    public final boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Outcome of a shutdown: tasks cancelled by it, and tasks still not finished when it gave up waiting. */
    public record ShutdownResult(int cancelled, int unfinished) {}

    /** Steps 0-4 of the shutdown protocol; idempotent (a second call reports zeros once done). */
    public final ShutdownResult shutdown(Duration timeout) {
        if (isPollingThreadOfThisRuntime()) { // step 0
            throw new IllegalStateException("shutdown()/close() of runtime '" + name + "' called on "
                    + Thread.currentThread().getName() + ", a worker thread of that runtime (inside one of its"
                    + " tasks): it would wait for its own task to finish. Call it from outside the runtime (the"
                    + " thread that built it, or a plain thread), or call shutdownBackground(), which cancels"
                    + " every task and stops the runtime without waiting.");
        }
        List<Task<?>> tasks = beginShutdown();
        if (tasks == null) return new ShutdownResult(0, 0);
        int cancelled = abortAll(tasks);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (completionLock) {
            while (countUnfinished(tasks) > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                driveWhileShuttingDown(left);
                try {
                    completionLock.wait(Math.max(1, Math.min(left / 1_000_000, 10)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        int unfinished = countUnfinished(tasks);
        stopAll();
        return new ShutdownResult(cancelled, unfinished);
    }

    /**
     * Steps 1-2 on the calling thread, then 4 on a new thread, without waiting: callable anywhere, a worker of
     * this runtime included. Idempotent.
     */
    public final void shutdownBackground() {
        List<Task<?>> tasks = beginShutdown();
        if (tasks == null) return;
        abortAll(tasks);
        Thread stopper = new Thread(this::stopAll, name + "-shutdown");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Step 1; null when the runtime has stopped already. */
    private List<Task<?>> beginShutdown() {
        synchronized (this) {
            if (shuttingDown && isStopped()) return null;
            shuttingDown = true;
            return owned.closeAndSnapshot();
        }
    }

    /** Step 2: returns how many were still live. */
    private int abortAll(List<Task<?>> tasks) {
        int cancelled = 0;
        for (Task<?> t : tasks) {
            if (!t.isComplete()) {
                cancelled++;
                t.abort();
            }
        }
        onShutdownRequested();
        return cancelled;
    }

    /** Step 4, once. */
    private void stopAll() {
        synchronized (stopLock) {
            if (isStopped()) return;
            BlockingWatchdog w = watchdog;
            if (w != null) w.stop(); // BlockingWatchdog I7: no spare starts once the workers stop
            stopWorkers();
            if (ioDriver != null) ioDriver.close(); // no worker drives it any more
            blockingPool.shutdownNow();
        }
    }

    /** Step 0: true on a thread that polls this runtime's tasks right now (shutdown would wait on itself). */
    protected abstract boolean isPollingThreadOfThisRuntime();

    private static int countUnfinished(List<Task<?>> tasks) {
        int n = 0;
        for (Task<?> t : tasks) if (!t.isComplete()) n++;
        return n;
    }

    /** Hook for the current-thread flavour, which must run its own queue while shutting down. */
    protected void driveWhileShuttingDown(long maxNanos) {}

    /** Hook run after every task was aborted (wakes parked workers). */
    protected abstract void onShutdownRequested();

    /**
     * Stops and joins the worker threads, closes the injection queue and cancels what is left queued (step 4);
     * sets isStopped().
     */
    protected abstract void stopWorkers();

    protected abstract boolean isStopped();

    /** Runs {@code future} to completion on the calling thread, with this scheduler current. */
    public abstract <T> T blockOn(Future<T> future);

    /** Snapshot of runtime counters. */
    public abstract MetricsSnapshot metrics();

    /** Counters for {@code RuntimeMetrics}. */
    public record MetricsSnapshot(int workers, long liveTasks, long spawnedTasks, long polls, long steals, long parks,
            int injectionQueueDepth, int[] localQueueDepths, int blockingThreads, long succeededTasks, long failedTasks,
            long cancelledTasks) {}

    /** The ambient carrier: installs this scheduler and the task-local values captured at bind time. */
    final class Ambient implements dev.weft.internal.context.Ambient, TimeSource, IoSource, TaskLocalMap.Carrier {
        @Override
        public boolean isShutDown() {
            return shuttingDown;
        }

        private final TaskLocalMap locals;

        Ambient(TaskLocalMap locals) {
            this.locals = locals;
        }

        @Override
        public TimeDriver timeDriver() {
            return timeDriver;
        }

        @Override
        public IoDriver ioDriver() {
            return ioDriver;
        }

        /** A paused clock must not jump while an async block has work to do. */
        @Override
        public void threadRunnable() {
            Clock c = timeDriver.clock();
            if (c.isPausingEnabled()) c.inhibitAutoAdvance();
        }

        @Override
        public void threadIdle() {
            Clock c = timeDriver.clock();
            if (c.isPausingEnabled()) {
                c.allowAutoAdvance();
                timeDriver.unpark(); // the runtime may be idle now: let it re-evaluate auto-advance
            }
        }

        /** The task-local values of the polling task, captured for an async block's thread. */
        @Override
        public dev.weft.internal.context.Ambient capture() {
            TaskLocalMap now = TaskLocalMap.current();
            return now == locals ? this : new Ambient(now);
        }

        @Override
        public TaskLocalMap locals() {
            return locals;
        }

        /** Tracing: enters the span these locals bind (SpanHook), once a tracer exists. */
        @Override
        public Object enterThread() {
            SpanHook spans = SpanHook.installed();
            return spans == null || locals == null ? null : spans.enterThread(locals);
        }

        @Override
        public void exitThread(Object token) {
            if (token != null) SpanHook.installed().exitThread(token); // non-null only when the hook is installed
        }

        Scheduler scheduler() {
            return Scheduler.this;
        }
    }
}
