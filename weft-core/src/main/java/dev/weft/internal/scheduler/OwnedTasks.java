package dev.weft.internal.scheduler;

import dev.weft.internal.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Every live task of a runtime, so that shutdown can cancel them all. Sharded intrusive doubly-linked lists
 * (through {@link Task#ownedPrev}/{@link Task#ownedNext}), one lock per shard, as in Tokio's OwnedTasks.
 */
final class OwnedTasks {
    /*
     * Implementation notes
     * I1. A task is in the shard of its id; the links are guarded by that shard's monitor.
     * I2. After close(), add() refuses new tasks (the spawner then cancels the task it created), so shutdown
     *     cannot miss a task spawned concurrently with it.
     * I3. remove() is idempotent: a task not linked (already removed) is ignored.
     */
    private static final int SHARDS = 64;
    private final Shard[] shards = new Shard[SHARDS];

    OwnedTasks() {
        for (int i = 0; i < SHARDS; i++) shards[i] = new Shard();
    }

    private static final class Shard {
        Task<?> head;
        boolean closed;
        int live;
        long added;
    }

    /** Links the task; false when closed (I2). */
    boolean add(Task<?> task) {
        Shard s = shards[(int) (task.taskId() & (SHARDS - 1))];
        synchronized (s) {
            if (s.closed) return false;
            task.ownedNext = s.head;
            task.ownedPrev = null;
            if (s.head != null) s.head.ownedPrev = task;
            s.head = task;
            s.live++;
            s.added++;
        }
        return true;
    }

    void remove(Task<?> task) {
        Shard s = shards[(int) (task.taskId() & (SHARDS - 1))];
        synchronized (s) {
            Task<?> prev = task.ownedPrev;
            Task<?> next = task.ownedNext;
            if (prev == null && s.head != task) return; // I3
            if (prev == null) s.head = next;
            else prev.ownedNext = next;
            if (next != null) next.ownedPrev = prev;
            task.ownedPrev = null;
            task.ownedNext = null;
            s.live--;
        }
    }

    long liveCount() {
        long n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.live;
            }
        }
        return n;
    }

    long addedCount() {
        long n = 0;
        for (Shard s : shards) {
            synchronized (s) {
                n += s.added;
            }
        }
        return n;
    }

    /** Refuses further tasks and returns a snapshot of those still live. */
    List<Task<?>> closeAndSnapshot() {
        List<Task<?>> out = new ArrayList<>();
        for (Shard s : shards) {
            synchronized (s) {
                s.closed = true;
                for (Task<?> t = s.head; t != null; t = t.ownedNext) out.add(t);
            }
        }
        return out;
    }

    /** A snapshot of the live tasks (for reports). */
    List<Task<?>> snapshot() {
        List<Task<?>> out = new ArrayList<>();
        for (Shard s : shards) {
            synchronized (s) {
                for (Task<?> t = s.head; t != null; t = t.ownedNext) out.add(t);
            }
        }
        return out;
    }
}
