package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * The engine's JFR events and their guarded emitters. Each emitter is called at one instrumentation point and
 * first reads the event type's enabled flag (cached {@link EventType}), so it is a branch when JFR is off.
 */
public final class WeftEvents {
    /*
     * Implementation notes
     *
     * I1. EventType objects are looked up once (class initialisation) and their isEnabled() is a plain read of
     *     the recorder's setting, updated by JFR when a recording starts or stops; a stale read only delays the
     *     first or last events of a recording.
     * I2. Duration events (LongPoll, WorkerPark) are created only when enabled; their threshold is applied by
     *     shouldCommit() after end(), so short polls and parks allocate an event that escape analysis removes
     *     but never commit.
     * I3. No emitter throws: JFR is diagnostics, never a reason for a worker to fail.
     */
    private static final EventType SPAWNED = EventType.getEventType(TaskSpawned.class);
    private static final EventType FINISHED = EventType.getEventType(TaskFinished.class);
    private static final EventType LONG_POLL = EventType.getEventType(LongPoll.class);
    private static final EventType PARK = EventType.getEventType(WorkerPark.class);
    private static final EventType HANDOFF = EventType.getEventType(BlockingHandoff.class);
    private static final EventType BLOCKED = EventType.getEventType(BlockedWorker.class);

    private WeftEvents() {}

    /** A task was spawned. */
    @Name("dev.weft.TaskSpawned")
    @Label("Task Spawned")
    @Category("Weft")
    @Description("A task was spawned on a Weft runtime")
    @StackTrace(false)
    static final class TaskSpawned extends Event {
        @Label("Runtime") String runtime;
        @Label("Task Id") long taskId;
        @Label("Kind") @Description("polled (a future polled by workers) or thread (an async block)") String kind;
    }

    /** A task finished. */
    @Name("dev.weft.TaskFinished")
    @Label("Task Finished")
    @Category("Weft")
    @Description("A task of a Weft runtime finished: succeeded, failed or cancelled")
    @StackTrace(false)
    static final class TaskFinished extends Event {
        @Label("Runtime") String runtime;
        @Label("Task Id") long taskId;
        @Label("Outcome") String outcome;
    }

    /** One poll of a task took longer than the threshold: the task blocked or computed in poll(). */
    @Name("dev.weft.LongPoll")
    @Label("Long Poll")
    @Category("Weft")
    @Description("A task's poll ran longer than the threshold, holding its worker: blocking or heavy work in poll()")
    @Threshold("10 ms")
    @StackTrace(false)
    static final class LongPoll extends Event {
        @Label("Runtime") String runtime;
        @Label("Task Id") long taskId;
        @Label("Task") @Description("the class of the task's future (a lambda's class names its enclosing class)") String taskName;
    }

    /** A worker parked for lack of work (the event's duration is the park, its end the unpark). */
    @Name("dev.weft.WorkerPark")
    @Label("Worker Park")
    @Category("Weft")
    @Description("A runtime worker parked for lack of work; the event ends when it is unparked")
    @Threshold("1 ms")
    @StackTrace(false)
    static final class WorkerPark extends Event {
        @Label("Runtime") String runtime;
        @Label("Worker") int worker;
    }

    /** Blocking work was handed to the blocking pool. */
    @Name("dev.weft.BlockingHandoff")
    @Label("Blocking Hand-off")
    @Category("Weft")
    @Description("A spawnBlocking body was handed to the runtime's blocking pool")
    @Enabled(true)
    static final class BlockingHandoff extends Event {
        @Label("Runtime") String runtime;
        @Label("Pool Threads") @Description("threads in the blocking pool at hand-off") int poolThreads;
    }

    /** The blocking watchdog found a runtime thread stuck in one poll past the threshold (once per episode). */
    @Name("dev.weft.BlockedWorker")
    @Label("Blocked Worker")
    @Category("Weft")
    @Description("A thread of a Weft runtime has been inside one task poll longer than the blocking threshold:"
            + " a blocking call, a long computation or a platform lock in poll(). Emitted once per episode.")
    @StackTrace(false)
    static final class BlockedWorker extends Event {
        @Label("Runtime") String runtime;
        @Label("Where") @Description("which of the runtime's threads: worker N, the thread (current-thread flavour),"
                + " or a spare thread") String where;
        @Label("Thread Name") String threadName;
        @Label("Task Id") @Description("0: the future passed to blockOn") long taskId;
        @Label("Task") @Description("the class of the task's future") String taskName;
        @Label("Blocked For") @Timespan(Timespan.NANOSECONDS) long blockedFor;
        @Label("Threshold") @Timespan(Timespan.NANOSECONDS) long threshold;
        @Label("Compensated") @Description("a spare thread was started to run the worker's queued tasks") boolean compensated;
        @Label("Spawn Site") String spawnSite;
        @Label("Stack") @Description("the blocked thread's stack, taken during the poll") String stack;
    }

    /** True when BlockedWorker events are recorded (the caller then formats the stacks). */
    public static boolean blockedWorkerEnabled() {
        return BLOCKED.isEnabled();
    }

    /** Emits BlockedWorker when enabled. */
    public static void blockedWorker(String runtime, String where, String threadName, long taskId, String taskName,
            long blockedForNanos, long thresholdNanos, boolean compensated, String spawnSite, String stack) {
        if (!BLOCKED.isEnabled()) return;
        BlockedWorker e = new BlockedWorker();
        e.runtime = runtime;
        e.where = where;
        e.threadName = threadName;
        e.taskId = taskId;
        e.taskName = taskName;
        e.blockedFor = blockedForNanos;
        e.threshold = thresholdNanos;
        e.compensated = compensated;
        e.spawnSite = spawnSite;
        e.stack = stack;
        e.commit();
    }

    /** Emits TaskSpawned when enabled. */
    public static void taskSpawned(String runtime, long taskId, boolean thread) {
        if (!SPAWNED.isEnabled()) return; // I1
        TaskSpawned e = new TaskSpawned();
        e.runtime = runtime;
        e.taskId = taskId;
        e.kind = thread ? "thread" : "polled";
        e.commit();
    }

    /** Emits TaskFinished when enabled; outcome is "succeeded", "failed" or "cancelled". */
    public static void taskFinished(String runtime, long taskId, String outcome) {
        if (!FINISHED.isEnabled()) return;
        TaskFinished e = new TaskFinished();
        e.runtime = runtime;
        e.taskId = taskId;
        e.outcome = outcome;
        e.commit();
    }

    /** True when long polls are recorded: the caller then times the poll with {@link #longPollBegin()}. */
    public static boolean longPollEnabled() {
        return LONG_POLL.isEnabled();
    }

    /** Starts timing a poll (only when {@link #longPollEnabled()}). */
    public static Object longPollBegin() {
        LongPoll e = new LongPoll();
        e.begin();
        return e;
    }

    /** Ends timing a poll and commits it when over the threshold (I2). */
    public static void longPollEnd(Object event, String runtime, long taskId, String taskName) {
        LongPoll e = (LongPoll) event;
        e.end();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.taskId = taskId;
            e.taskName = taskName;
            e.commit();
        }
    }

    /** Starts a WorkerPark event, or returns null when disabled. */
    public static Object parkBegin() {
        if (!PARK.isEnabled()) return null;
        WorkerPark e = new WorkerPark();
        e.begin();
        return e;
    }

    /** Ends a WorkerPark event begun by {@link #parkBegin()} (null: disabled). */
    public static void parkEnd(Object event, String runtime, int worker) {
        if (event == null) return;
        WorkerPark e = (WorkerPark) event;
        e.end();
        if (e.shouldCommit()) {
            e.runtime = runtime;
            e.worker = worker;
            e.commit();
        }
    }

    /** Emits BlockingHandoff when enabled. */
    public static void blockingHandoff(String runtime, int poolThreads) {
        if (!HANDOFF.isEnabled()) return;
        BlockingHandoff e = new BlockingHandoff();
        e.runtime = runtime;
        e.poolThreads = poolThreads;
        e.commit();
    }
}
