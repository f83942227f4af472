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
     * I3. `closed` rejects pushes after shutdown; the task is then cancelled by the caller.
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

    /** Appends a linked batch first..last of {@code n} tasks. */
    synchronized void pushBatch(Task<?> first, Task<?> last, int n) {
        last.queueNext = null;
        if (tail == null) head = first;
        else tail.queueNext = first;
        tail = last;
        len = len + n;
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

    synchronized void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
