package dev.weft.runtime;

import dev.weft.internal.context.ThreadBacked;
import dev.weft.internal.context.WaitRecorder;
import dev.weft.internal.context.Waits;
import dev.weft.internal.scheduler.Scheduler;
import dev.weft.internal.sync.BatchSemaphore;
import dev.weft.internal.sync.EventuallyFairLock;
import dev.weft.internal.task.Task;
import dev.weft.internal.task.TaskDiag;
import dev.weft.runtime.WaitInfo.ResourceKind;
import dev.weft.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Builds a {@link TaskDump} from a scheduler's live tasks and the wait records the primitives left on them
 * (dev.weft.internal.context.Waits), without stopping anything.
 */
final class DumpBuilder {
    /*
     * Implementation notes
     *
     * I1. Every read here is racy by design (Waits I1, Task I10, TaskDiag I2): the builder runs on any thread
     *     while the tasks run. It only reads references (never torn) and ints, validates what can go stale
     *     (a semaphore waiter must still be queued, a joined task must still be live) and shows a wait only for
     *     a task that is WAITING, so a busy task's half-updated record is never shown as a wait.
     * I2. A thread-backed body (async block, blocking body) is WAITING exactly while its thread is parked with an
     *     await()'s ParkWaker as its blocker (Await I6); the record read is that waker's.
     * I3. The stamps (per task: its poll count and its park blocker) let the detector tell "not polled and still
     *     parked on the same await() since the last check" from "moved on and came back": a poll always
     *     increments the count, and every await() call parks on a new ParkWaker.
     */
    private DumpBuilder() {}

    /** The dump and, per task id, its progress stamp (I3). */
    record Snapshot(TaskDump dump, Map<Long, Object> stamps) {}

    static Snapshot take(Scheduler scheduler) {
        long now = System.nanoTime();
        Instant at = Instant.now();
        List<Task<?>> live = new ArrayList<>(scheduler.liveTaskSnapshot());
        live.sort(Comparator.comparingLong(Task::taskId));
        List<TaskInfo> infos = new ArrayList<>(live.size());
        Map<Long, Object> stamps = new HashMap<>();
        for (Task<?> t : live) {
            int bits = t.stateAcquire();
            if ((bits & Task.COMPLETE) != 0) continue;
            Object future = t.futureForDiagnostics();
            ThreadBacked body = t instanceof ThreadBacked tb ? tb : future instanceof ThreadBacked fb ? fb : null;
            TaskInfo.Kind kind = body == null ? TaskInfo.Kind.POLL_BASED
                    : body.isBlockingBody() ? TaskInfo.Kind.BLOCKING : TaskInfo.Kind.ASYNC_BLOCK;
            Thread thread = body == null ? null : body.runnerThread();
            Object blocker = thread == null ? null : LockSupport.getBlocker(thread);
            TaskInfo.State state;
            if ((bits & Task.CANCELLED) != 0) state = TaskInfo.State.CANCELLING;
            else if (thread != null) state = blocker instanceof WaitRecorder ? TaskInfo.State.WAITING : TaskInfo.State.RUNNING; // I2
            else if (t instanceof ThreadBacked) state = TaskInfo.State.SCHEDULED; // its thread is starting
            else if ((bits & Task.RUNNING) != 0) state = TaskInfo.State.RUNNING;
            else if ((bits & Task.NOTIFIED) != 0) state = TaskInfo.State.SCHEDULED;
            else state = TaskInfo.State.WAITING;
            Object raw = null;
            if (state == TaskInfo.State.WAITING) { // I1
                raw = thread != null ? ((WaitRecorder) blocker).recordedWaits() : t.recordedWaits();
            }
            List<WaitInfo> waits = describeAll(raw);
            TaskDiag diag = t.diagRecord();
            Optional<Duration> age = Optional.empty();
            Optional<Duration> sinceLastPoll = Optional.empty();
            List<StackTraceElement> spawnSite = List.of();
            Optional<String> name = Optional.empty();
            int polls = -1;
            if (diag != null) {
                age = Optional.of(Duration.ofNanos(Math.max(0, now - diag.spawnNanos())));
                long last = diag.lastPollNanos();
                if (last != 0) sinceLastPoll = Optional.of(Duration.ofNanos(Math.max(0, now - last)));
                StackTraceElement[] site = diag.spawnSite();
                if (site != null) spawnSite = Arrays.asList(site);
                name = Optional.ofNullable(diag.name());
                polls = diag.polls();
            }
            List<StackTraceElement> stack = thread == null ? List.of() : Arrays.asList(thread.getStackTrace());
            String what = future != null ? future.getClass().getName()
                    : t instanceof ThreadBacked ? "async block (spawnAsync)" : "-";
            infos.add(new TaskInfo(new TaskId(t.taskId()), name, kind, state, age, sinceLastPoll, spawnSite, waits, stack,
                    what));
            stamps.put(t.taskId(), Arrays.asList(polls, blocker, state)); // I3
        }
        List<Deadlock> deadlocks = WaitForGraph.cycles(scheduler.name(), infos);
        return new Snapshot(new TaskDump(scheduler.name(), at, scheduler.diagnosticsEnabled(), infos, deadlocks),
                stamps);
    }

    private static List<WaitInfo> describeAll(Object raw) {
        if (raw == null) return List.of();
        if (raw == Waits.SEVERAL) {
            return List.of(new WaitInfo(ResourceKind.OTHER, "several", List.of(), false, raw.toString()));
        }
        if (raw instanceof Waits.Several several) {
            List<WaitInfo> out = new ArrayList<>();
            for (Object r : several.toArray()) {
                WaitInfo w = describe(r);
                if (w != null) out.add(w);
            }
            return out;
        }
        WaitInfo w = describe(raw);
        return w == null ? List.of() : List.of(w);
    }

    /** What {@code r} (a wait record) stands for, or null when it went stale (I1). */
    static WaitInfo describe(Object r) {
        if (r instanceof EventuallyFairLock.Waiter w) { // a Mutex acquisition (the eventually fair lock, ADR 0013)
            if (!w.isWaiting()) return null;
            String id = label(ResourceKind.MUTEX, w.owner());
            if (!w.owner().tracksHolder()) return new WaitInfo(ResourceKind.MUTEX, id, List.of(), false, "");
            Object holder = w.owner().holderSnapshot();
            if (holder instanceof Task<?> owner) {
                return new WaitInfo(ResourceKind.MUTEX, id, List.of(new TaskId(owner.taskId())), true, "");
            }
            return new WaitInfo(ResourceKind.MUTEX, id, List.of(), false, "");
        }
        if (r instanceof BatchSemaphore.Waiter w) {
            if (!w.isQueued()) return null;
            String cls = w.getClass().getName();
            ResourceKind k = cls.startsWith("dev.weft.sync.Mutex$") ? ResourceKind.MUTEX
                    : cls.startsWith("dev.weft.sync.RwLock$") ? ResourceKind.RW_LOCK
                    : cls.startsWith("dev.weft.sync.OnceCell$") ? ResourceKind.ONCE_CELL
                    : cls.startsWith("dev.weft.sync.Mpsc") ? ResourceKind.CHANNEL
                    : ResourceKind.SEMAPHORE;
            String id = label(k, w.semaphore());
            String detail = switch (k) {
                case RW_LOCK -> w.permits() == 1 ? "read lock wanted" : "write lock wanted";
                case SEMAPHORE -> w.permits() + (w.permits() == 1 ? " permit wanted" : " permits wanted");
                case ONCE_CELL -> "another task is initialising it";
                case CHANNEL -> "the channel is full";
                default -> "";
            };
            if (!WaitInfo.isOwned(k)) return new WaitInfo(k, id, List.of(), false, detail);
            List<BatchSemaphore.Holding> holdings = w.semaphore().holdersSnapshot();
            if (holdings == null) return new WaitInfo(k, id, List.of(), false, detail);
            Set<TaskId> actors = new LinkedHashSet<>();
            boolean complete = true;
            for (BatchSemaphore.Holding h : holdings) {
                if (h.owner() instanceof Task<?> owner) actors.add(new TaskId(owner.taskId()));
                else complete = false;
            }
            List<TaskId> sorted = new ArrayList<>(actors);
            sorted.sort(Comparator.comparingLong(TaskId::value));
            return new WaitInfo(k, id, sorted, complete, detail);
        }
        if (r instanceof Task<?> joined) {
            if (joined.isComplete()) return null;
            TaskId id = new TaskId(joined.taskId());
            return new WaitInfo(ResourceKind.JOIN_HANDLE, id.toString(), List.of(id), true, "");
        }
        String top = topLevelSimpleName(r.getClass());
        ResourceKind k = switch (top) {
            case "MpscChan", "Mpsc" -> ResourceKind.CHANNEL;
            case "Oneshot" -> ResourceKind.ONESHOT;
            case "Broadcast" -> ResourceKind.BROADCAST;
            case "Watch" -> ResourceKind.WATCH;
            case "Notify" -> ResourceKind.NOTIFY;
            case "Barrier" -> ResourceKind.BARRIER;
            case "CancellationToken" -> ResourceKind.CANCELLATION_TOKEN;
            case "TimerEntry" -> ResourceKind.TIMER;
            case "Registration" -> ResourceKind.SOCKET;
            case "JoinSet" -> ResourceKind.JOIN_SET;
            case "TaskTracker" -> ResourceKind.TASK_TRACKER;
            default -> ResourceKind.OTHER;
        };
        String id = k == ResourceKind.OTHER ? top.toLowerCase(java.util.Locale.ROOT) + "@"
                + Integer.toHexString(System.identityHashCode(r)) : label(k, r);
        return new WaitInfo(k, id, List.of(), false, "");
    }

    private static String label(ResourceKind k, Object identity) {
        String name = switch (k) {
            case MUTEX -> "mutex";
            case RW_LOCK -> "rwlock";
            case SEMAPHORE -> "semaphore";
            case ONCE_CELL -> "oncecell";
            case CHANNEL -> "mpsc";
            case ONESHOT -> "oneshot";
            case BROADCAST -> "broadcast";
            case WATCH -> "watch";
            case NOTIFY -> "notify";
            case BARRIER -> "barrier";
            case CANCELLATION_TOKEN -> "cancellation-token";
            case TIMER -> "timer";
            case SOCKET -> "socket";
            case JOIN_HANDLE -> "join";
            case JOIN_SET -> "joinset";
            case TASK_TRACKER -> "tasktracker";
            case OTHER -> "other";
        };
        return name + "@" + Integer.toHexString(System.identityHashCode(identity));
    }

    private static String topLevelSimpleName(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) top = top.getEnclosingClass();
        String n = top.getName();
        return n.substring(n.lastIndexOf('.') + 1);
    }
}
