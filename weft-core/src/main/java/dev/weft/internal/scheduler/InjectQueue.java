package dev.weft.internal.scheduler;

import dev.weft.internal.task.Task;

/**
 * The global injection queue: tasks woken or spawned from outside a worker, and local-queue overflow. An
 * intrusive FIFO list (linked through {@link Task#queueNext}) under a lock, as in Tokio.
 */
final class InjectQueue {
    /*
     * Implementation notes
     *
     * I1. head, tail and the queueNext links of queued tasks are guarded by `this`.
     * I2. `len` is written under the lock with a volatile write and read without it: a worker deciding whether
     *     to park reads it after announcing itself (a seq-cst write in Idle), and a pusher writes it before
     *     reading Idle's state; the volatile accesses make this a Dekker pair, so a pushed task is either seen
     *     by the parking worker or the pusher sees the worker parked and wakes one.
     * I3. After close() (shutdown, once the workers stopped) every push is refused: push() and pushBatch() return
     *     false without linking anything, and the CALLER cancels what was refused (Task.cancelRejected: abort,
     *     then run the cancellation on the pushing thread), so no task is stranded in a queue nobody serves.
     *     `closed` is written and read under the lock, so a push either happens before close() (and is drained
     *     by the closer, which pops after closing) or is refused. pop() and popBatch() keep working after close.
     */
    private Task<?> head;
    private Task<?> tail;
    private volatile int len;
    private volatile boolean closed;

    int len() {
        return len;
    }

    boolean isEmpty() {
        return len == 0;
    }

    /** Appends one task; returns false when the queue is closed. */
    synchronized boolean push(Task<?> task) {
        if (closed) return false;
        task.queueNext = null;
        if (tail == null) head = task;
        else tail.queueNext = task;
        tail = task;
        len = len + 1;
        return true;
    }

    /**
     * Appends a linked batch first..last of {@code n} tasks; returns false when the queue is closed (I3: the
     * caller then cancels every task of the batch; their links are left as they were).
     */
    synchronized boolean pushBatch(Task<?> first, Task<?> last, int n) {
        if (closed) return false;
        last.queueNext = null;
        if (tail == null) head = first;
        else tail.queueNext = first;
        tail = last;
        len = len + n;
        return true;
    }

    /** Removes the first task, or null. */
    Task<?> pop() {
        if (len == 0) return null;
        synchronized (this) {
            Task<?> t = head;
            if (t == null) return null;
            head = t.queueNext;
            if (head == null) tail = null;
            t.queueNext = null;
            len = len - 1;
            return t;
        }
    }

    /** Removes up to {@code max} tasks as a linked list (through queueNext); returns the first or null. */
    Task<?> popBatch(int max) {
        if (len == 0 || max <= 0) return null;
        synchronized (this) {
            Task<?> first = head;
            if (first == null) return null;
            Task<?> last = first;
            int n = 1;
            while (n < max && last.queueNext != null) {
                last = last.queueNext;
                n++;
            }
            head = last.queueNext;
            if (head == null) tail = null;
            last.queueNext = null;
            len = len - n;
            return first;
        }
    }

    /** Refuses every later push (I3). Idempotent. */
    synchronized void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
