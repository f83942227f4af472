package dev.weft.internal.scheduler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool for blocking work ({@code spawnBlocking}, file I/O): platform threads, at most {@code max} of them.
 * A job goes to an idle thread when there is one; a new thread starts only when none is idle and fewer than
 * {@code max} run; beyond that, jobs queue (FIFO). A thread idle for {@code keepAlive} retires.
 */
public final class BlockingPool implements Executor {
    /*
     * Implementation notes
     *
     * Tokio's blocking pool (tokio/src/runtime/blocking/pool.rs) re-expressed with a ReentrantLock and one
     * Condition: a FIFO of jobs, the counts of live and idle threads, and `notified`, the number of idle
     * threads that execute() has claimed (signalled) but that have not yet woken. java.util.concurrent's
     * ThreadPoolExecutor with core == max starts a new thread for every submission until it reaches core, even
     * while threads are idle; this pool does not.
     *
     * I1. Every field below is guarded by `lock`.
     * I2. idle counts threads waiting in the condition and not yet claimed. execute() claims one (idle--,
     *     notified++, signal) when idle > 0; otherwise it starts a thread when threads < max; otherwise the job
     *     only queues and a running thread takes it when its current job ends (every thread drains the queue
     *     before it goes idle). Hence a job never waits while a thread is idle, and threads <= max.
     * I3. A waking thread first consumes a claim (notified > 0: notified--, it is no longer counted idle) and
     *     runs queued jobs; a thread that wakes with no claim (timeout or spurious wake-up) stays idle, and
     *     retires (idle--, threads--) once its keep-alive has elapsed with no claim. A claim is never lost: the
     *     claimed count is taken by whichever thread wakes first, and each claim has a queued job or the queue
     *     was drained by a running thread (then the claimed thread finds it empty and goes idle again).
     * I4. After shutdownNow() execute() rejects, queued jobs are dropped, running jobs are interrupted and
     *     every thread exits when its job returns.
     * I5. A job's throwable is handed to the thread's uncaught-exception handler; the thread survives.
     * Progress: blocking (a lock), by design: this is the pool for blocking work.
     */
    private final String namePrefix;
    private final int max;
    private final long keepAliveNanos;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled by execute() (one claimed idle thread) and shutdownNow() (all). */
    private final Condition work = lock.newCondition();
    /** Signalled whenever the live or idle thread count changes (tests wait on it). */
    private final Condition threadsChanged = lock.newCondition();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Set<Thread> live = new HashSet<>();
    private int threads;
    private int idle;
    private int notified;
    private int started;
    private boolean shutdown;

    BlockingPool(String namePrefix, int max, Duration keepAlive) {
        if (max < 1) throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("keepAlive: " + keepAlive + " (expected: > 0)");
        }
        this.namePrefix = namePrefix;
        this.max = max;
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /**
     * Runs {@code command} on an idle pool thread, on a new one when none is idle and fewer than the maximum
     * run, or queues it (I2).
     *
     * @throws RejectedExecutionException after {@link #shutdownNow()}
     */
    @Override
    public void execute(Runnable command) {
        Thread spawn = null;
        lock.lock();
        try {
            if (shutdown) throw new RejectedExecutionException("blocking pool " + namePrefix + " is shut down");
            queue.addLast(command);
            if (idle > 0) {
                idle--; // I2: claim an idle thread
                notified++;
                work.signal();
            } else if (threads < max) {
                threads++;
                started++;
                spawn = new Thread(this::loop, namePrefix + "-" + started);
                spawn.setDaemon(true);
                live.add(spawn);
                threadsChanged.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (spawn != null) {
            try {
                spawn.start();
            } catch (Throwable t) { // OutOfMemoryError "unable to create native thread": undo, keep the job queued
                lock.lock();
                try {
                    threads--;
                    started--;
                    live.remove(spawn);
                    threadsChanged.signalAll();
                } finally {
                    lock.unlock();
                }
                throw t;
            }
        }
    }

    private void loop() {
        Thread self = Thread.currentThread();
        lock.lock();
        try {
            for (;;) {
                Runnable job;
                while (!shutdown && (job = queue.pollFirst()) != null) {
                    lock.unlock();
                    try {
                        run(self, job);
                    } finally {
                        lock.lock();
                    }
                }
                if (shutdown) break;
                idle++;
                threadsChanged.signalAll();
                long left = keepAliveNanos;
                boolean claimed = false;
                for (;;) {
                    try {
                        left = work.awaitNanos(left);
                    } catch (InterruptedException e) {
                        // only shutdownNow() interrupts an idle thread; the flag is re-checked below
                    }
                    if (notified > 0) { // I3: take a claim (execute() already moved us out of idle)
                        notified--;
                        claimed = true;
                        break;
                    }
                    if (shutdown || left <= 0) break;
                }
                if (!claimed) {
                    idle--; // I3: retire (keep-alive elapsed, or shutdown)
                    break;
                }
            }
        } finally {
            threads--;
            live.remove(self);
            threadsChanged.signalAll();
            lock.unlock();
        }
    }

    private static void run(Thread self, Runnable job) {
        try {
            job.run();
        } catch (Throwable t) { // I5
            try {
                self.getUncaughtExceptionHandler().uncaughtException(self, t);
            } catch (Throwable ignored) {
                // the handler itself failed: nothing left to report to
            }
        }
        Thread.interrupted(); // a cancel aimed at this job must not reach the next one
    }

    /** Live pool threads (running a job or idle). */
    public int threadCount() {
        lock.lock();
        try {
            return threads;
        } finally {
            lock.unlock();
        }
    }

    /** Threads started since the pool was created (tests). */
    int threadsStarted() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs waiting for a thread (tests). */
    int queuedJobs() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at most {@code n} threads live; false when {@code timeout} passed first (tests). */
    boolean awaitThreadCountAtMost(int n, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (threads > n) {
                if (left <= 0) return false;
                left = threadsChanged.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code n} threads are idle; false when {@code timeout} passed first (tests). */
    boolean awaitIdleAtLeast(int n, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (idle < n) {
                if (left <= 0) return false;
                left = threadsChanged.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Rejects later jobs, drops queued ones and interrupts running ones (I4). */
    void shutdownNow() {
        lock.lock();
        try {
            shutdown = true;
            queue.clear();
            work.signalAll();
            for (Thread t : live) t.interrupt();
        } finally {
            lock.unlock();
        }
    }
}
