package dev.weft.runtime;

import dev.weft.task.TaskId;
import java.util.List;
import java.util.Objects;

/**
 * One resource a task waits on, as a {@link TaskDump} shows it: which Weft resource, and which tasks hold it or are
 * expected to act on it.
 *
 * @param kind what sort of resource it is
 * @param resource the resource's identity within the dump, e.g. {@code mutex@1b6d3586} or {@code task-12} (for a
 *        join handle); two waits on the same resource have the same identity
 * @param actors the tasks that hold it (a mutex, a read-write lock, semaphore permits) or that must finish (a join
 *        handle); empty when nobody in particular is expected to act (a channel, a timer, a socket) or when unknown
 * @param actorsComplete true when {@code actors} is the whole list: every holder of a lock or permit is a task of a
 *        runtime built with diagnostics, or the resource is a join handle. Only complete waits take part in
 *        deadlock detection
 * @param detail a short note for people, e.g. "write lock, 1 of 1 permits wanted"; may be empty
 */
public record WaitInfo(ResourceKind kind, String resource, List<TaskId> actors, boolean actorsComplete, String detail) {
    /**
     * Validates and copies the lists.
     *
     * @throws NullPointerException when a component is null
     */
    public WaitInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        actors = List.copyOf(actors);
        Objects.requireNonNull(detail, "detail");
    }

    /** The sorts of resource a task can wait on. */
    public enum ResourceKind {
        /** {@code dev.weft.sync.Mutex}. */
        MUTEX,
        /** {@code dev.weft.sync.RwLock}. */
        RW_LOCK,
        /** {@code dev.weft.sync.Semaphore}. */
        SEMAPHORE,
        /** {@code dev.weft.sync.OnceCell} (another task is initialising it). */
        ONCE_CELL,
        /** An {@code Mpsc} channel (receiving, sending into a full bounded channel, or waiting for it to close). */
        CHANNEL,
        /** A {@code Oneshot} channel. */
        ONESHOT,
        /** A {@code Broadcast} channel. */
        BROADCAST,
        /** A {@code Watch} channel. */
        WATCH,
        /** {@code dev.weft.sync.Notify}. */
        NOTIFY,
        /** {@code dev.weft.sync.Barrier}. */
        BARRIER,
        /** {@code dev.weft.sync.CancellationToken}. */
        CANCELLATION_TOKEN,
        /** A timer ({@code Time.sleep}, a timeout, an interval). */
        TIMER,
        /** Socket readiness (TCP, UDP, Unix sockets). */
        SOCKET,
        /** Another task's {@code JoinHandle}: the actor is that task. */
        JOIN_HANDLE,
        /** A {@code JoinSet}. */
        JOIN_SET,
        /** A {@code TaskTracker}'s wait. */
        TASK_TRACKER,
        /** Several resources at once (a select or join) that were not listed, or something else. */
        OTHER
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(resource);
        if (!detail.isEmpty()) b.append(" (").append(detail).append(')');
        if (kind == ResourceKind.JOIN_HANDLE) return b.insert(0, "the join handle of ").toString();
        if (!actors.isEmpty()) {
            b.append(", held by ");
            for (int i = 0; i < actors.size(); i++) b.append(i == 0 ? "" : ", ").append(actors.get(i));
            if (!actorsComplete) b.append(" and others not diagnosed");
        } else if (isOwned(kind) && actorsComplete) {
            b.append(", holder not recorded yet");
        } else if (isOwned(kind)) {
            b.append(", holders unknown (build the runtime with diagnostics(true) before creating it)");
        }
        return b.toString();
    }

    static boolean isOwned(ResourceKind kind) {
        return kind == ResourceKind.MUTEX || kind == ResourceKind.RW_LOCK || kind == ResourceKind.SEMAPHORE;
    }
}
