package dev.weft.runtime;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.internal.context.Waits;
import dev.weft.internal.io.IoDriver;
import dev.weft.internal.scheduler.CurrentThreadScheduler;
import dev.weft.internal.scheduler.MultiThreadScheduler;
import dev.weft.internal.scheduler.Scheduler;
import dev.weft.internal.util.Driver;
import dev.weft.task.JoinHandle;
import dev.weft.task.TaskId;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A Weft runtime: worker threads that poll tasks, the drivers that wake them, and a blocking pool
 * (Tokio's {@code WeftRuntime}).
 *
 * {@snippet class=dev.weft.runtime.snippets.RuntimeSnippets region=builder}
 *
 * <p>Two flavours: {@linkplain Builder#multiThread() multi-thread} (the default: N workers with work stealing)
 * and {@linkplain Builder#currentThread() current-thread} (tasks run on the thread inside {@link #blockOn},
 * deterministic; the flavour for paused-clock tests).
 *
 * <p>Timers are always enabled (there is no {@code enable_time}): the timer wheel costs nothing until a timer is
 * registered. The driver runs on whichever worker parks first, and every 61 task polls on busy workers.
 *
 * <p>I/O is always enabled too (there is no {@code enable_io}): the I/O driver (one {@link java.nio.channels.Selector}
 * per runtime) takes the place of the plain thread park, so a parked worker waits in {@code select} and is woken
 * by socket readiness as well as by tasks and timers. Busy workers check readiness every 61 task polls.
 *
 * <p>{@link #run(Callable)} is Weft's {@code #[tokio::main]}: build the default runtime, run a body as the main
 * task, shut down.
 * {@snippet class=dev.weft.runtime.snippets.RuntimeSnippets region=main}
 *
 * <p>Closing the runtime cancels every task that is still live: poll-based tasks have their future's
 * {@code cancel()} called, async blocks are interrupted; {@link #shutdown(Duration)} waits up to a timeout for
 * them to finish unwinding and reports what did not.
 *
 * <p>A task failure nobody is waiting for is not lost: it goes to the
 * {@linkplain Builder#unhandledFailureHandler unhandled-failure handler} (by default the log).
 *
 * <p>A poll that holds a worker for 100 ms or more (a blocking call, a long loop, a platform lock) is reported
 * once, with the task and the worker's stack ({@link Builder#detectBlocking(Duration)}, on by default); with
 * {@link Builder#compensateBlocking(boolean)}, a spare thread keeps the blocked worker's queued tasks running.
 */
public final class WeftRuntime implements AutoCloseable {
    private static final AtomicInteger RUNTIME_SEQ = new AtomicInteger();
    /** Blocking detection's default threshold (WeftRuntime.Builder.detectBlocking). */
    private static final Duration DEFAULT_BLOCKING_THRESHOLD = Duration.ofMillis(100);
    private final Scheduler scheduler;
    private final Handle handle;
    /** The deadlock detector, or null (detectDeadlocks not set). Stopped by every shutdown path. */
    private final DeadlockDetector detector;
    /** The registered diagnostics MBean, or null. Unregistered by every shutdown path. */
    private final RuntimeDiagnostics mbean;

    private WeftRuntime(Scheduler scheduler, DeadlockDetector detector, RuntimeDiagnostics mbean) {
        this.scheduler = scheduler;
        this.handle = new Handle(scheduler);
        this.detector = detector;
        this.mbean = mbean;
    }



    /** A builder for the default, multi-thread flavour. */
    public static Builder builder() {
        return new Builder(true);
    }

    /** A builder for the multi-thread flavour. */
    public static Builder multiThread() {
        return new Builder(true);
    }

    /** A builder for the current-thread flavour. */
    public static Builder currentThread() {
        return new Builder(false);
    }

    /**
     * Weft's {@code #[tokio::main]}: builds the default runtime, runs {@code body} as an async block (so
     * {@code await()} works in it) to completion, shuts the runtime down and returns the body's value.
     *
     * @param body the main body
     * @param <T> the value's type
     * @return the body's value
     * @throws dev.weft.future.AsyncException wrapping a checked exception the body threw (the cause)
     * @throws RuntimeException an unchecked exception the body threw, as it is
     * @throws NullPointerException when {@code body} is null
     */
    @CanIgnoreReturnValue // running the body is the use
    public static <T> T run(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        try (WeftRuntime rt = builder().build()) {
            return rt.blockOn(Async.async(body));
        }
    }

    /**
     * As {@link #run(Callable)}, for a main body that returns nothing: {@code WeftRuntime.run(() -> { ... })}.
     * {@snippet class=dev.weft.runtime.snippets.RuntimeSnippets region=mainVoid}
     *
     * @param body the main body
     * @throws dev.weft.future.AsyncException wrapping a checked exception the body threw (the cause)
     * @throws RuntimeException an unchecked exception the body threw, as it is
     * @throws NullPointerException when {@code body} is null
     */
    public static void run(Async.VoidBody body) {
        run(Async.callable(body));
    }

    /**
     * Runs {@code future} to completion on the calling thread with this runtime current (so {@code spawn} works
     * inside) and returns its value. On the multi-thread flavour the calling thread polls only this future while
     * the workers run the tasks; on the current-thread flavour it also runs every task.
     *
     * <p>Call it from a plain thread, never from a task (a worker must not block).
     *
     * @throws IllegalStateException on a runtime worker thread
     * @throws dev.weft.future.CancelledException when the calling thread is interrupted
     */
    @CanIgnoreReturnValue // running the future is the use
    public <T> T blockOn(Future<T> future) {
        return scheduler.blockOn(Objects.requireNonNull(future, "future"));
    }

    /** Spawns {@code future} as a task on this runtime. See {@link dev.weft.task.Tasks#spawn}. */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawn(Future<T> future) {
        return handle.spawn(future);
    }

    /**
     * Spawns the async block {@code body} as a task on this runtime. See
     * {@link dev.weft.task.Tasks#spawnAsync(Callable)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the body; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawnAsync(Callable<? extends T> body) {
        return handle.spawnAsync(body);
    }

    /**
     * Spawns an async block that returns nothing. See {@link dev.weft.task.Tasks#spawnAsync(Async.VoidBody)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the body; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public JoinHandle<Void> spawnAsync(Async.VoidBody body) {
        return handle.spawnAsync(body);
    }

    /**
     * Runs {@code body} on the blocking pool. See {@link dev.weft.task.Tasks#spawnBlocking(Callable)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the pool thread; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawnBlocking(Callable<? extends T> body) {
        return handle.spawnBlocking(body);
    }

    /**
     * Runs {@code body}, which returns nothing, on the blocking pool. See
     * {@link dev.weft.task.Tasks#spawnBlocking(Async.VoidBody)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the pool thread; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public JoinHandle<Void> spawnBlocking(Async.VoidBody body) {
        return handle.spawnBlocking(body);
    }

    /** A handle for spawning onto this runtime from anywhere. */
    public Handle handle() {
        return handle;
    }

    /** The runtime's counters now. */
    public RuntimeMetrics metrics() {
        return handle.metrics();
    }

    /**
     * A snapshot of every live task: id, name, kind, state, age, time since its last poll, spawn site, what it waits
     * on and who holds that, the stacks of async blocks, and the cycles of the wait-for graph. Callable from any
     * thread, tasks of this runtime included; it does not stop the runtime. See {@link TaskDump} for what needs
     * {@link Builder#diagnostics(boolean)}.
     * {@snippet class=dev.weft.runtime.snippets.DiagnosticsSnippets region=dump}
     *
     * @return the dump
     */
    public TaskDump dump() {
        return handle.dump();
    }

    /**
     * Cancels every live task, waits up to {@code timeout} for them to finish unwinding, then stops the workers
     * and the blocking pool. Every task ends cancelled wherever it was (idle, running, in a local queue or LIFO
     * slot, in the injection queue), and so does every task spawned or woken while shutdown runs or after it:
     * every {@link JoinHandle} resolves. Spawning afterwards yields handles that are already cancelled.
     * Idempotent: a second call once the runtime stopped reports zeros.
     *
     * <p>Not from inside the runtime: called on one of this runtime's worker threads (from a task's poll, or on
     * the current-thread flavour's thread while it polls a task), it would wait for the calling task itself,
     * which cannot finish before the call returns, so it throws instead of waiting out the timeout (Tokio panics
     * likewise). Call it from outside the runtime, or use {@link #shutdownBackground()}. From a task of another
     * runtime it is allowed but blocks that runtime's worker for up to {@code timeout}; prefer
     * {@code shutdownBackground()} there too.
     *
     * @return how many tasks were cancelled and how many had not finished by the deadline
     * @throws IllegalArgumentException when {@code timeout} is negative
     * @throws IllegalStateException on a thread that polls this runtime's tasks
     */
    @CanIgnoreReturnValue
    public ShutdownReport shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
        }
        stopDiagnostics();
        Scheduler.ShutdownResult r = scheduler.shutdown(timeout);
        return new ShutdownReport(r.cancelled(), r.unfinished());
    }

    /**
     * Shuts the runtime down without waiting (Tokio's {@code shutdown_background}): closes it to new tasks and
     * cancels every live task on the calling thread (idle ones in place, the others are marked), then stops the
     * workers and the blocking pool on a thread of its own without waiting for tasks to unwind. Callable from
     * anywhere, a task of this runtime included. A later {@link #shutdown(Duration)} or {@link #close()} waits
     * for the stop to finish and reports zeros. Idempotent.
     */
    public void shutdownBackground() {
        stopDiagnostics();
        scheduler.shutdownBackground();
    }

    /** Stops the deadlock detector and unregisters the MBean; idempotent. */
    private void stopDiagnostics() {
        if (detector != null) detector.stop();
        if (mbean != null) mbean.unregister();
    }

    /** The deadlock detector, or null (tests). */
    DeadlockDetector deadlockDetector() {
        return detector;
    }

    /**
     * {@code shutdown(Duration.ofSeconds(10))}.
     *
     * @throws IllegalStateException on a thread that polls this runtime's tasks (see {@link #shutdown(Duration)})
     */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "WeftRuntime[" + scheduler.name() + "]";
    }

    /**
     * Configures a {@link WeftRuntime}. Defaults: multi-thread, one worker per available processor, threads named
     * {@code weft-N-worker-I}, a blocking pool of at most 512 threads retiring after 10 s idle, blocking detection
     * at 100 ms without compensation.
     */
    @CanIgnoreReturnValue
    public static final class Builder {
        private boolean multiThread;
        private int workerThreads = java.lang.Runtime.getRuntime().availableProcessors();
        private String name;
        private IntFunction<String> threadName;
        private int maxBlockingThreads = 512;
        private Duration blockingKeepAlive = Duration.ofSeconds(10);
        private int localQueueCapacity = 256;
        private boolean stealableLifo = false;
        /** The I/O reactor; null: the {@code weft.io.driver} system property decides (IoDriver.resolve). */
        private IoDriverKind ioDriver;
        /** The I/O driver replaces the thread park (always enabled, like time); reads ioDriver at build(). */
        private Function<Driver, Driver> driverFactory = inner -> IoDriver.open(inner, internalKind());
        private boolean startPaused;
        private UnhandledFailureHandler unhandledFailureHandler;
        private boolean diagnostics;
        private boolean captureSpawnSites;
        private Duration deadlockPeriod;
        private Consumer<Deadlock> deadlockListener;
        private boolean diagnosticsMBean;
        // blocking detection (issue 15 item 3)
        private boolean detectBlocking = true;
        private Duration blockingThreshold = DEFAULT_BLOCKING_THRESHOLD;
        private boolean compensateBlocking;
        private java.util.function.Consumer<BlockingReport> blockingHandler;

        private Builder(boolean multiThread) {
            this.multiThread = multiThread;
        }

        /** Selects the multi-thread flavour. */
        public Builder multiThread() {
            this.multiThread = true;
            return this;
        }

        /** Selects the current-thread flavour. */
        public Builder currentThread() {
            this.multiThread = false;
            return this;
        }

        /**
         * Number of worker threads of the multi-thread flavour.
         *
         * @throws IllegalArgumentException when {@code n} is not in [1, 32767]
         */
        public Builder workerThreads(int n) {
            if (n < 1 || n > 32767) {
                throw new IllegalArgumentException("workerThreads: " + n + " (expected: 1..32767)");
            }
            this.workerThreads = n;
            return this;
        }

        /** The runtime's name; worker threads are named {@code NAME-worker-I}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A function from worker index to thread name. */
        public Builder threadName(IntFunction<String> threadName) {
            this.threadName = Objects.requireNonNull(threadName, "threadName");
            return this;
        }

        /**
         * Maximum threads of the blocking pool; more blocking work queues.
         *
         * @throws IllegalArgumentException when {@code n < 1}
         */
        public Builder maxBlockingThreads(int n) {
            if (n < 1) throw new IllegalArgumentException("maxBlockingThreads: " + n + " (expected: >= 1)");
            this.maxBlockingThreads = n;
            return this;
        }

        /** How long an idle blocking-pool thread lives. */
        public Builder blockingKeepAlive(Duration keepAlive) {
            Objects.requireNonNull(keepAlive, "keepAlive");
            if (keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("blockingKeepAlive: " + keepAlive + " (expected: > 0)");
            }
            this.blockingKeepAlive = keepAlive;
            return this;
        }

        /**
         * Whether idle workers may steal the task in another worker's LIFO slot (default false, as in Tokio).
         * Tokio's slot is not stealable, so a worker stuck in a long poll strands the task it just woke; with
         * {@code true}, idle workers take it. Measured on 2 cores (ADR 0003): W1 spawn/join is within noise either
         * way, and W5 ping-pong is about 25% slower with stealing, with occasional rounds 10x slower when the two
         * tasks keep migrating; so the default keeps Tokio's behaviour. Turn it on for workloads whose tasks may
         * poll for a long time while they wake others.
         */
        public Builder stealableLifo(boolean stealable) {
            this.stealableLifo = stealable;
            return this;
        }

        /**
         * Starts the runtime's clock paused (Tokio's {@code start_paused}): time moves only through
         * {@code Time.advance}, or jumps to the next timer when every task is idle (auto-advance), so time-based
         * tests run instantly and deterministically. Current-thread flavour only; its clock can also be paused
         * later with {@code Time.pause()}.
         */
        public Builder startPaused(boolean paused) {
            this.startPaused = paused;
            return this;
        }

        /**
         * Where the failures of tasks nobody was waiting for go (see {@link UnhandledFailureHandler} for the exact
         * rule); replaces the default, which logs each with its stack at {@code WARNING} through
         * {@link System.Logger} {@code "dev.weft.runtime"}. Called on the completing thread: keep it short.
         */
        public Builder unhandledFailureHandler(UnhandledFailureHandler handler) {
            this.unhandledFailureHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * The I/O reactor ({@link IoDriverKind}). Without this call the system property {@code weft.io.driver}
         * ({@code nio}, {@code epoll} or {@code auto}) decides, and without it the runtime uses {@code NIO}, a JDK
         * {@code Selector}. {@code EPOLL} calls Linux epoll through the Foreign Function &amp; Memory API (JDK 22+,
         * two JVM options: see {@link IoDriverKind#EPOLL}); {@link #build()} fails with the reason when it is
         * unavailable. {@code AUTO} takes {@code EPOLL} when it is available, else {@code NIO}.
         */
        public Builder ioDriver(IoDriverKind kind) {
            this.ioDriver = Objects.requireNonNull(kind, "kind");
            return this;
        }

        private IoDriver.Kind internalKind() {
            return ioDriver == null ? null : IoDriver.Kind.valueOf(ioDriver.name());
        }

        /**
         * Reports a poll that holds a thread of the runtime for {@code threshold} or longer (default 100 ms): a
         * blocking call ({@code Thread.sleep}, JDBC, a blocking read), a long computation, or a wait on a
         * platform lock ({@code synchronized}, {@code ReentrantLock}) inside {@code poll()}. A watchdog thread
         * samples each worker's poll counter every {@code threshold / 4} (Go's sysmon does the same with its
         * scheduler ticks); a poll found in progress with the same count for the threshold is reported once, with
         * the task, the thread's stack and, when captured, the task's spawn site: logged at {@code WARNING}
         * through {@link System.Logger} {@code "dev.weft.runtime"} (or given to {@link #blockingHandler}) and
         * recorded as the JFR event {@code dev.weft.BlockedWorker}. A poll shorter than the threshold is never
         * reported. Works on both flavours (on the current-thread flavour it watches the thread inside
         * {@code blockOn}, including its poll of the main future).
         *
         * {@snippet class=dev.weft.runtime.snippets.RuntimeSnippets region=detectBlocking}
         *
         * <p>On by default: the workers pay two plain stores per poll whether it runs or not, and the watchdog
         * wakes every 25 ms at the default threshold. Async blocks run on virtual threads and may block freely:
         * only polls are watched.
         *
         * @param threshold how long one poll may run before it is reported (at least 1 ms)
         * @throws IllegalArgumentException when {@code threshold} is shorter than 1 ms
         */
        public Builder detectBlocking(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("threshold: " + threshold + " (expected: >= 1 ms)");
            }
            this.blockingThreshold = threshold;
            this.detectBlocking = true;
            return this;
        }

        /**
         * Turns blocking detection ({@link #detectBlocking(Duration)}) on or off; on by default, with a threshold of
         * 100 ms unless one was set. Off, the runtime starts no watchdog thread.
         */
        public Builder detectBlocking(boolean enabled) {
            this.detectBlocking = enabled;
            return this;
        }

        /**
         * Keeps the other tasks running while a worker is blocked (default false): when the watchdog reports a
         * worker stuck in a poll ({@link #detectBlocking(Duration)}), a spare thread starts, takes the tasks queued
         * on that worker (its local queue and LIFO slot) and the runtime's injection queue, and polls them; it
         * retires as soon as the blocked poll returns, handing what it still holds back to the runtime. This is
         * Cats Effect's {@code blocking} hand-off and Go's sysmon retaking a blocked thread's processor, after the
         * fact: the tasks queued behind the stuck poll wait for the threshold (plus up to a quarter of it) before
         * the spare takes them, so pair it with a low threshold where latency matters. A spare is a platform
         * thread, one per reported episode; the blocked poll itself is not interrupted. It is a safety net,
         * not a licence to block: blocking work belongs on {@code spawnBlocking} or in an async block.
         *
         * <p>Multi-thread flavour only: the current-thread flavour runs its tasks one at a time on one thread by
         * contract, and {@link #build()} refuses the combination.
         */
        public Builder compensateBlocking(boolean compensate) {
            this.compensateBlocking = compensate;
            return this;
        }

        /**
         * Where blocking reports go ({@link #detectBlocking(Duration)}); replaces the default, which logs each at
         * {@code WARNING} through {@link System.Logger} {@code "dev.weft.runtime"}. Called on the watchdog thread
         * while the reported poll still runs: keep it short; what it throws is logged.
         */
        public Builder blockingHandler(java.util.function.Consumer<BlockingReport> handler) {
            this.blockingHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Turns on the task dump's full records (default off): every task's age and time since its last poll, every
         * resource a select waits on, and the holders of every mutex, read-write lock and semaphore created from now
         * on, so {@link TaskDump} can say which task holds what another waits on. Without it a dump still lists every
         * task, its kind and state, what it waits on and the stacks of async blocks.
         *
         * <p>Cost when on: per poll, two {@code System.nanoTime()}-class reads and a thread-local write; per spawn,
         * about 50 bytes; per lock or permit acquired, a short lock on the semaphore's wait-queue lock. When off
         * the runtime pays one plain field write per waiter registration (measured within noise on W1, W3, W13).
         *
         * @param enabled whether to record
         * @return this builder
         */
        public Builder diagnostics(boolean enabled) {
            this.diagnostics = enabled;
            return this;
        }

        /**
         * Records where each task was spawned (default off): the spawning code's frames, innermost first, captured
         * with a {@link StackWalker} at every spawn and shown by {@link TaskDump} and deadlock reports. Implies
         * {@link #diagnostics(boolean) diagnostics(true)}. Costs a stack walk per spawn (a few microseconds: keep
         * it for debugging, or for services that spawn at a modest rate).
         *
         * @param capture whether to capture spawn sites
         * @return this builder
         */
        public Builder captureSpawnSites(boolean capture) {
            this.captureSpawnSites = capture;
            return this;
        }

        /**
         * Checks for deadlocks every {@code period} on a daemon thread of the runtime's own and reports each cycle
         * of tasks waiting on each other once, when it is seen in two checks in a row with none of its tasks
         * polled in between: two tasks locking two mutexes in opposite orders, a task awaiting its own join handle,
         * a semaphore whose permits are all held by its own waiters. The report (the cycle, each task's stack and
         * spawn site) goes to {@link System.Logger} {@code "dev.weft.runtime.deadlock"} at {@code WARNING}, to a
         * {@code dev.weft.DeadlockDetected} JFR event, and to the {@linkplain #onDeadlock listener} if set. Implies
         * {@link #diagnostics(boolean) diagnostics(true)}. Detection covers Weft's locks, semaphores and join
         * handles; a wait on a channel, a timer or a socket is never part of a reported cycle (someone else may
         * still send, time passes), so a long wait that is not a cycle is never reported.
         * {@snippet class=dev.weft.runtime.snippets.DiagnosticsSnippets region=detect}
         *
         * @param period how often to check; a deadlock is reported between one and two periods after it forms
         * @return this builder
         * @throws IllegalArgumentException when {@code period} is not positive
         */
        public Builder detectDeadlocks(Duration period) {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
            }
            this.deadlockPeriod = period;
            return this;
        }

        /**
         * Also hands each deadlock the detector reports to {@code listener} (on the detector's thread; what it
         * throws is logged). Only used with {@link #detectDeadlocks(Duration)}.
         *
         * @param listener called once per reported cycle
         * @return this builder
         */
        public Builder onDeadlock(Consumer<Deadlock> listener) {
            this.deadlockListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Registers a {@link RuntimeDiagnosticsMXBean} under {@code dev.weft:type=WeftRuntime,name="<name>"} (default
         * off), so a dump can be printed from a running process with JConsole, JMC or any JMX client (see the
         * interface for the {@code jcmd} step). Unregistered when the runtime shuts down. Give each runtime that
         * registers one its own {@link #name(String) name}.
         *
         * @param register whether to register the MBean
         * @return this builder
         */
        public Builder diagnosticsMBean(boolean register) {
            this.diagnosticsMBean = register;
            return this;
        }

        /** Capacity of each worker's local run queue (power of two, >= 2); small values help model checks. */
        Builder localQueueCapacity(int capacity) {
            if (capacity < 2 || Integer.bitCount(capacity) != 1) {
                throw new IllegalArgumentException("localQueueCapacity: " + capacity
                        + " (expected: a power of two >= 2)");
            }
            this.localQueueCapacity = capacity;
            return this;
        }

        /** Wraps the driver chain (used by the time and I/O layers). */
        Builder driverFactory(Function<Driver, Driver> f) {
            this.driverFactory = driverFactory.andThen(f);
            return this;
        }

        /**
         * Builds and starts the runtime.
         *
         * @throws IllegalStateException when the epoll I/O driver was asked for and is unavailable (the message says
         *     why), or startPaused is combined with the multi-thread flavour
         * @throws IllegalArgumentException when the system property {@code weft.io.driver} has an unknown value
         */
        @com.google.errorprone.annotations.CheckReturnValue // the builder's setters may be ignored, not this
        public WeftRuntime build() {
            IoDriver.resolve(internalKind()); // fail fast, before any thread or pool exists
            if (startPaused && multiThread) {
                throw new IllegalStateException("startPaused(true) needs the current-thread flavour: with several"
                        + " workers 'every task is idle' is not well defined (Tokio has the same rule); use"
                        + " WeftRuntime.currentThread().startPaused(true)");
            }
            if (compensateBlocking && !multiThread) {
                throw new IllegalStateException("compensateBlocking(true) needs the multi-thread flavour: the"
                        + " current-thread flavour runs its tasks one at a time on one thread by contract, and a spare"
                        + " thread would run them in parallel; use WeftRuntime.multiThread()");
            }
            if (compensateBlocking && !detectBlocking) {
                throw new IllegalStateException("compensateBlocking(true) needs blocking detection, which"
                        + " detectBlocking(false) turned off: the spare starts when a blocked worker is detected");
            }
            int seq = RUNTIME_SEQ.incrementAndGet();
            String n = name != null ? name : "weft-" + seq;
            boolean diag = diagnostics || captureSpawnSites || deadlockPeriod != null;
            if (diag) Waits.enableTracking(); // before the workers start (Waits I2)
            IntFunction<String> tn = threadName != null ? threadName : i -> n + "-worker-" + i;
            Scheduler s = multiThread
                    ? new MultiThreadScheduler(n, workerThreads, tn::apply, driverFactory, localQueueCapacity,
                            stealableLifo, maxBlockingThreads, blockingKeepAlive)
                    : new CurrentThreadScheduler(n, driverFactory, startPaused, maxBlockingThreads, blockingKeepAlive);
            UnhandledFailureHandler h = unhandledFailureHandler;
            if (h != null) s.unhandledFailureHandler((id, failure) -> h.unhandledFailure(new TaskId(id), failure));
            if (detectBlocking) {
                java.util.function.Consumer<BlockingReport> bh = blockingHandler;
                s.startBlockingWatchdog(blockingThreshold, compensateBlocking,
                        bh == null ? null : poll -> bh.accept(new BlockingReport(poll)));
            }
            s.diagnostics(diag, captureSpawnSites);
            RuntimeDiagnostics bean = null;
            if (diagnosticsMBean) {
                try {
                    bean = RuntimeDiagnostics.register(s);
                } catch (RuntimeException e) {
                    s.shutdown(Duration.ZERO);
                    throw e;
                }
            }
            DeadlockDetector detector = deadlockPeriod == null ? null
                    : new DeadlockDetector(s, deadlockPeriod, deadlockListener);
            if (detector != null) detector.start();
            return new WeftRuntime(s, detector, bean);
        }
    }
}
