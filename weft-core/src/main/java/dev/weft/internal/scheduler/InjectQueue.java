package dev.weft.internal.scheduler;

import dev.weft.internal.task.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The global injection queue: tasks woken or spawned from outside a worker, and local-queue overflow. FIFO,
 * intrusive (linked through {@link Task#queueNext}); producers never take a lock, consumers share one.
 *
 * <p>Producers are often virtual threads (an async block waking the task that awaits it, a request handler's
 * thread finishing), many at once. A monitor contended by a virtual thread parks it and hands the wake-up to the
 * JDK's unblocker thread (a platform-thread hop and a futex per contended entry): with the earlier lock-only
 * queue that hop was 10% of W8's async-block samples. So a push is one CAS onto a Treiber stack of new tasks;
 * the consumers (the runtime's workers, a few platform threads) take the whole stack at once under their lock,
 * reverse it into arrival order, and serve from that private list until it runs dry.
 */
final class InjectQueue {
    /*
     * Implementation notes
     *
     * pushed: a Treiber stack of pushed tasks, newest first, linked through queueNext; producers CAS onto it,
     * consumers take all of it with one getAndSet(null). head: the taken tasks, oldest first, a private list
     * guarded by `this` (only consumers touch it).
     *
     * I1. Every task pushed before one still on the stack is either on the private list or already popped: a
     *     refill happens only when the private list is empty and takes the whole stack. So serving the private
     *     list first, then refilling, yields tasks in the order of their successful CAS (linearizable FIFO).
     *     A take-all cannot suffer ABA: a producer's CAS from `top` to its task succeeds only while `top` is the
     *     stack's head, and then task.queueNext = top is exactly what is below it.
     * I2. `len` is raised by a producer BEFORE its CAS and lowered by a consumer after it took tasks, so it never
     *     counts fewer tasks than are linked (it may count a task whose CAS has not landed yet: a consumer then
     *     finds nothing and looks again). A worker deciding whether to park reads it after announcing itself
     *     idle (a seq-cst write in Idle), and a pusher reads Idle's state after raising it; these seq-cst
     *     accesses make a Dekker pair, so a pushed task is either seen by the parking worker or the pusher sees
     *     the worker parked and wakes one.
     * I3. After close() (shutdown, once the workers stopped) no task is stranded: push() and pushBatch() check
     *     `closed` first and return false without linking anything (the CALLER then cancels what was refused:
     *     Task.cancelRejected, abort and run the cancellation on the pushing thread); a producer that passed
     *     that check links its task and then reads `closed` again, and if it is now set drains the queue itself,
     *     cancelling each task it pops. The closer writes `closed` and then pops until empty. Both sides are
     *     seq-cst (the CAS, the volatile write and reads), so either the producer's second read sees `closed`
     *     or the closer's take-all comes after the CAS and sees the task; every task is popped once, under the
     *     consumers' lock, by whichever gets there first. pop() and popBatch() keep working after close.
     */
    private static final VarHandle PUSHED;
    private static final VarHandle LEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PUSHED = l.findVarHandle(InjectQueue.class, "pushed", Task.class);
            LEN = l.findVarHandle(InjectQueue.class, "len", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // PUSHED
    private volatile Task<?> pushed;
    @SuppressWarnings("unused") // LEN
    private volatile int len;
    private volatile boolean closed;
    /** The private list's oldest task; guarded by this. */
    private Task<?> head;

    /** Queued tasks, possibly counting one whose push is still landing (I2). */
    int len() {
        return len;
    }

    boolean isEmpty() {
        return len == 0;
    }

    /** Appends one task; returns false when the queue is closed (I3). */
    boolean push(Task<?> task) {
        if (closed) return false;
        return link(task, task, 1);
    }

    /**
     * Appends a linked batch first..last of {@code n} tasks; returns false when the queue is closed (I3: the
     * caller then cancels every task of the batch; their links are left as they were).
     */
    boolean pushBatch(Task<?> first, Task<?> last, int n) {
        if (closed) return false;
        // newest first on the stack: reverse first..last in place, so last is on top and first at the bottom
        last.queueNext = null;
        reverse(first);
        return link(last, first, n);
    }

    /**
     * Puts the run top..bottom of {@code n} tasks (linked newest first) on the stack with one CAS, then takes the
     * second look at {@code closed} (I3). Always returns true: the tasks are in, or cancelled by this thread.
     */
    private boolean link(Task<?> top, Task<?> bottom, int n) {
        LEN.getAndAdd(this, n); // I2: before the tasks are linked
        Task<?> below;
        do {
            below = (Task<?>) PUSHED.getVolatile(this);
            bottom.queueNext = below;
        } while (!PUSHED.compareAndSet(this, below, top));
        if (closed) cancelStranded(); // I3
        return true;
    }

    /** Removes the first task, or null. */
    Task<?> pop() {
        if (len == 0) return null;
        synchronized (this) {
            if (head == null && !refill()) return null;
            Task<?> t = head;
            head = t.queueNext;
            t.queueNext = null;
            LEN.getAndAdd(this, -1);
            return t;
        }
    }

    /** Removes up to {@code max} tasks as a linked list (through queueNext); returns the first or null. */
    Task<?> popBatch(int max) {
        if (len == 0 || max <= 0) return null;
        synchronized (this) {
            if (head == null && !refill()) return null;
            Task<?> first = head;
            Task<?> last = first;
            int n = 1;
            while (n < max) {
                if (last.queueNext == null) {
                    // the private list ran out: append what was pushed since (I1), then go on
                    if (!refill()) break;
                    last.queueNext = head;
                    continue;
                }
                last = last.queueNext;
                n++;
            }
            head = last.queueNext;
            last.queueNext = null;
            LEN.getAndAdd(this, -n);
            return first;
        }
    }

    /**
     * Takes the whole stack into the (empty) private list, oldest first; false when nothing was pushed. Called
     * with the lock held and head == null, or from popBatch with its run detached (head then re-linked).
     */
    private boolean refill() {
        Task<?> top = (Task<?>) PUSHED.getAndSet(this, null);
        if (top == null) return false;
        head = reverse(top);
        return true;
    }

    /** Reverses the null-terminated list from {@code first} in place; returns its new first (the old last). */
    private static Task<?> reverse(Task<?> first) {
        Task<?> reversed = null;
        Task<?> cur = first;
        while (cur != null) {
            Task<?> next = cur.queueNext;
            cur.queueNext = reversed;
            reversed = cur;
            cur = next;
        }
        return reversed;
    }

    /** I3: a push that landed after close() cancels whatever the closer's drain has not taken. */
    private void cancelStranded() {
        Task<?> t;
        while ((t = pop()) != null) t.cancelRejected();
    }

    /** Refuses every later push (I3). Idempotent. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
