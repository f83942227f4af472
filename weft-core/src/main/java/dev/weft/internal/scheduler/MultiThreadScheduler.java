package dev.weft.internal.scheduler;

import dev.weft.future.Future;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.task.Task;
import dev.weft.internal.time.Clock;
import dev.weft.internal.util.Driver;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The multi-thread work-stealing scheduler: N workers with local queues and LIFO slots, a global injection
 * queue, idle-worker coordination and a shared driver (timers, I/O) run by whichever worker parks first.
 */
public final class MultiThreadScheduler extends Scheduler {
    /*
     * Implementation notes
     *
     * The roles of Tokio's multi_thread scheduler: Shared (this class: inject queue, idle, workers), Worker
     * (loop, queues), Parker (park/unpark with the driver).
     *
     * I1. A wake-up on a worker thread while it polls goes to that worker (LIFO slot); one on a worker thread
     *     while it runs the driver (timer, I/O readiness) goes to that worker's local queue (Worker I5); any
     *     other wake-up goes to the injection queue followed by notifyParked(), which wakes a parked worker only
     *     when none is searching (Idle I2).
     * I2. A task yields (woken while running) to the back of the local queue of the worker that ran it.
     * I3. Stop (Scheduler step 4): `stopRequested` is set after shutdown has waited for the tasks; every parker
     *     is unparked and the threads are joined (each cancels its local queue and LIFO slot on the way out,
     *     Worker drainOnStop); then the injection queue is closed and drained here, each task cancelled. A push
     *     refused by the closed queue is cancelled by the pusher (InjectQueue I3), so none is stranded, even
     *     from a worker that did not stop within the join timeout.
     * I4. Spares (compensateBlocking, SpareWorker): started by the blocking watchdog only, registered in `spares`
     *     before their thread starts and removed when it ends. They steal, never own (SpareWorker I1); Idle does
     *     not count them. Stop joins the registered spares after the workers and before the injection queue is
     *     closed; a spare that hands tasks back after the close has them refused and cancels them itself.
     */
    final Worker[] workers;
    private final Thread[] threads;
    final InjectQueue inject = new InjectQueue();
    final Idle idle;
    final boolean lifoEnabled;
    final boolean stealableLifo;
    private final Driver driver;
    /** Who holds the shared driver (Parker I2); shared by the workers' and the spares' parkers. */
    private final AtomicBoolean driverHeld = new AtomicBoolean();
    /** I4. */
    private final java.util.Set<SpareWorker> spares = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong sparesStarted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.LongAdder sparePolls = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean stopRequested;
    private volatile boolean stopped;

    /**
     * @param name runtime name (thread names derive from it)
     * @param workerCount number of worker threads (>= 1)
     * @param threadName maps a worker index to its thread name
     * @param driverFactory builds the driver chain around the plain thread park
     * @param queueCapacity local queue capacity (power of two)
     * @param stealableLifo whether idle workers may steal a LIFO slot
     */
    public MultiThreadScheduler(String name, int workerCount, Function<Integer, String> threadName,
            Function<Driver, Driver> driverFactory, int queueCapacity, boolean stealableLifo,
            int maxBlockingThreads, Duration blockingKeepAlive) {
        super(name, maxBlockingThreads, blockingKeepAlive);
        this.idle = new Idle(workerCount);
        this.lifoEnabled = true;
        this.stealableLifo = stealableLifo;
        this.driver = buildDrivers(driverFactory, Clock.system());
        this.workers = new Worker[workerCount];
        for (int i = 0; i < workerCount; i++) {
            workers[i] = new Worker(this, i, queueCapacity, new Parker(driver, driverHeld));
        }
        this.threads = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++) {
            threads[i] = new WorkerThread(workers[i], threadName.apply(i));
            workers[i].parker.bind(threads[i]);
        }
        for (Thread t : threads) t.start();
    }

    /** The driver chain (for the time and I/O layers). */
    public Driver driver() {
        return driver;
    }

    boolean isStopRequested() {
        return stopRequested;
    }

    @Override
    public void schedule(Task<?> task) {
        Thread t = Thread.currentThread();
        if (t instanceof WorkerThread wt) {
            Worker w = wt.worker();
            if (w.scheduler() == this) {
                if (w.isPollingOnThisThread()) {
                    w.scheduleLocal(task);
                    return;
                }
                if (w.isDrivingOnThisThread()) {
                    w.scheduleFromDriver(task); // Worker I5
                    return;
                }
            }
        }
        scheduleRemote(task);
    }

    @Override
    public void reschedule(Task<?> task) {
        Thread t = Thread.currentThread();
        if (t instanceof WorkerThread wt) {
            Worker w = wt.worker();
            if (w.scheduler() == this && w.isPollingOnThisThread()) {
                w.scheduleYield(task);
                return;
            }
        }
        scheduleRemote(task);
    }

    private void scheduleRemote(Task<?> task) {
        if (!inject.push(task)) {
            task.cancelRejected(); // I3: the runtime has stopped; nobody else will run it
            return;
        }
        notifyParked();
    }

    void notifyParked() {
        int w = idle.workerToNotify();
        if (w >= 0) workers[w].parker.unpark();
    }

    /** True when an idle worker could find work: the injection queue, or a worker's stealable work. */
    boolean anyWork() {
        if (!inject.isEmpty()) return true;
        for (Worker w : workers) if (w.hasStealableWork()) return true;
        return false;
    }

    @Override
    java.util.List<Worker> watchTargets() {
        return java.util.List.of(workers);
    }

    /** I4: called on the watchdog thread for a worker it found stuck in the poll numbered {@code pollCount}. */
    @Override
    SpareWorker startSpare(BlockingWatchdog.Target blocked, long pollCount) {
        if (!(blocked instanceof Worker w) || w.scheduler() != this || stopRequested) return null;
        SpareWorker spare = new SpareWorker(this, w, pollCount, new Parker(driver, driverHeld));
        spares.add(spare);
        sparesStarted.incrementAndGet();
        try {
            spare.start();
        } catch (RuntimeException | Error e) { // no thread for it (OutOfMemoryError: unable to create thread)
            spares.remove(spare);
            throw e;
        }
        return spare;
    }

    void spareRetired(SpareWorker spare) {
        spares.remove(spare);
    }

    void sparePolled() {
        sparePolls.increment();
    }

    /** Spares started so far (for tests). */
    long sparesStarted() {
        return sparesStarted.get();
    }

    /** Polls run by spares so far (for tests; included in metrics' polls). */
    long sparePolls() {
        return sparePolls.sum();
    }

    @Override
    public <T> T blockOn(Future<T> future) {
        Object token = enter(this);
        try {
            return Contexts.await(future, ambient());
        } finally {
            exit(token);
        }
    }

    @Override
    protected void onShutdownRequested() {
        for (Worker w : workers) w.parker.unpark();
    }

    @Override
    protected void stopWorkers() {
        stopRequested = true;
        for (Worker w : workers) w.parker.unpark();
        driver.unpark();
        Thread self = Thread.currentThread();
        for (Thread t : threads) {
            if (t == self) continue;
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (SpareWorker spare : spares) { // I4: each hands back what it holds on its way out (SpareWorker I5)
            if (spare.thread() == self) continue;
            try {
                spare.thread().join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        inject.close(); // I3: from now on a push is refused and cancelled by its pusher
        Task<?> t;
        while ((t = inject.pop()) != null) t.cancelRejected();
        stopped = true;
    }

    @Override
    protected boolean isPollingThreadOfThisRuntime() {
        Thread self = Thread.currentThread();
        if (self instanceof WorkerThread wt) return wt.worker().scheduler() == this;
        for (SpareWorker spare : spares) if (spare.thread() == self) return true;
        return false;
    }

    @Override
    protected boolean isStopped() {
        return stopped;
    }

    @Override
    public MetricsSnapshot metrics() {
        long polls = sparePolls.sum();
        long steals = 0;
        long parks = 0;
        int[] depths = new int[workers.length];
        for (int i = 0; i < workers.length; i++) {
            Worker w = workers[i];
            polls += w.pollsOpaque();
            steals += w.stealsOpaque();
            parks += w.parksOpaque();
            depths[i] = Math.max(0, w.queue.len());
        }
        return new MetricsSnapshot(workers.length, liveTasks(), spawnedTasks(), polls, steals, parks, inject.len(),
                depths, blockingPool.threadCount(), succeededTasks(), failedTasks(), cancelledTasks());
    }
}
