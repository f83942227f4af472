package dev.weft.internal.scheduler;

import dev.weft.internal.task.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's bounded run queue: the owner pushes at the tail and pops at the head; other workers steal half of
 * it from the head. FIFO for everyone.
 */
final class LocalQueue {
    /*
     * Implementation notes
     *
     * Tokio's local run queue (tokio/src/runtime/scheduler/multi_thread/queue.rs), in Java.
     *
     *   head (long) = [ steal : 32 | real : 32 ]     tail (int)
     *
     * `real` is the next slot to pop; `steal` trails it while a stealer copies slots out and equals it
     * otherwise. Indices are ints that wrap; differences are taken with int subtraction.
     *
     * I1. Only the owner writes `tail` and stores tasks into slots; it stores into slot i only while
     *     i - steal < capacity, so a slot being copied by a stealer (between steal and real) is never overwritten.
     *     Slots are cleared (set to null, so a taken task is not retained) by whoever took them: the owner's pop,
     *     the owner's overflow, and a stealer for the slots it claimed (before its completing CAS, so the clear
     *     happens-before the owner reuses the slot).
     * I2. At most one stealer at a time: a steal starts only when steal == real, and claims [real, real+n) by
     *     moving `real` while leaving `steal` behind; it ends by setting steal = real.
     * I3. The owner's pop CASes `real` forward; when a steal is in progress it keeps `steal` unchanged.
     * I4. Overflow: when full and no steal is in progress, the owner claims half the queue with one CAS and moves
     *     it, plus the new task, to the injection queue as one batch. When full during a steal, the new task
     *     alone goes to the injection queue.
     * I5. A closed injection queue refuses (InjectQueue I3): pushBack then cancels every task it could not place
     *     (the new one, and the claimed half on overflow) on the owner's thread, so nothing it held is stranded.
     *
     * Ordering:
     *   slot write (plain) -> tail setRelease  ... pairs with tail getAcquire in steal (the stealer reads slots)
     *   head CAS (volatile)                   ... orders pops, steal claims and steal completion; the stealer's
     *                                             slot reads happen before its completing CAS, which the owner
     *                                             reads (acquire) before reusing those slots (I1).
     * Progress: push and pop are lock-free; steal is obstruction-free against other stealers (one at a time).
     */
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(LocalQueue.class, "head", long.class);
            TAIL = l.findVarHandle(LocalQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Task<?>[] buffer;
    private final int mask;
    private final int capacity;
    /** Written by CAS from owner and stealers. */
    @SuppressWarnings("unused")
    private volatile long head;
    /** Written by the owner only (setRelease); read with acquire by stealers, plainly by the owner. */
    @SuppressWarnings("unused")
    private volatile int tail;

    LocalQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: a power of two >= 2)");
        }
        this.buffer = new Task<?>[capacity];
        this.mask = capacity - 1;
        this.capacity = capacity;
    }

    private static int steal(long h) {
        return (int) (h >>> 32);
    }

    private static int real(long h) {
        return (int) h;
    }

    private static long pack(int steal, int real) {
        return ((long) steal << 32) | (real & 0xFFFF_FFFFL);
    }

    int capacity() {
        return capacity;
    }

    /** Number of queued tasks (approximate when read by another thread). */
    int len() {
        long h = (long) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        return t - real(h);
    }

    boolean isEmpty() {
        return len() <= 0;
    }

    /** Owner only: enqueues at the tail; on overflow moves half the queue to {@code inject} (I4). */
    void pushBack(Task<?> task, InjectQueue inject) {
        for (;;) {
            long h = (long) HEAD.getAcquire(this);
            int steal = steal(h);
            int real = real(h);
            int t = (int) TAIL.get(this);
            if (t - steal < capacity) {
                buffer[t & mask] = task; // I1
                TAIL.setRelease(this, t + 1);
                return;
            }
            if (steal != real) {
                // a stealer is freeing space right now; do not wait for it
                if (!inject.push(task)) task.cancelRejected(); // I5
                return;
            }
            if (pushOverflow(task, real, t, inject)) return;
            // lost a race with a stealer; retry
        }
    }

    private boolean pushOverflow(Task<?> task, int real, int t, InjectQueue inject) {
        int n = capacity / 2;
        if (t - real != capacity) throw new IllegalStateException("queue not full: tail=" + t + " head=" + real);
        long prev = pack(real, real);
        if (!HEAD.compareAndSet(this, prev, pack(real + n, real + n))) return false;
        Task<?> first = null;
        Task<?> last = null;
        for (int i = 0; i < n; i++) {
            int idx = (real + i) & mask;
            Task<?> tk = buffer[idx];
            buffer[idx] = null;
            if (first == null) first = tk;
            else last.queueNext = tk;
            last = tk;
        }
        last.queueNext = task;
        task.queueNext = null;
        if (!inject.pushBatch(first, task, n + 1)) { // I5: the runtime stopped; cancel the whole batch here
            Task<?> rejected = first;
            while (rejected != null) {
                Task<?> next = rejected.queueNext;
                rejected.queueNext = null;
                rejected.cancelRejected();
                rejected = next;
            }
        }
        return true;
    }

    /** Owner only: dequeues from the head, or null. */
    Task<?> pop() {
        long h = (long) HEAD.getAcquire(this);
        for (;;) {
            int steal = steal(h);
            int real = real(h);
            int t = (int) TAIL.get(this);
            if (real == t) return null;
            int nextReal = real + 1;
            long next = steal == real ? pack(nextReal, nextReal) : pack(steal, nextReal); // I3
            long witness = (long) HEAD.compareAndExchange(this, h, next);
            if (witness == h) {
                int idx = real & mask;
                Task<?> task = buffer[idx];
                buffer[idx] = null;
                return task;
            }
            h = witness;
        }
    }

    /**
     * Steals half of this queue into {@code dst} (owned by the calling worker) and returns one of the stolen
     * tasks to run at once, or null when there was nothing to steal or another steal is in progress.
     */
    Task<?> stealInto(LocalQueue dst) {
        int dstTail = (int) TAIL.get(dst);
        int dstSteal = steal((long) HEAD.getAcquire(dst));
        if (dstTail - dstSteal > dst.capacity / 2) return null; // dst has plenty already
        int n = stealInto2(dst, dstTail);
        if (n == 0) return null;
        n--;
        int retIdx = (dstTail + n) & dst.mask;
        Task<?> ret = dst.buffer[retIdx];
        dst.buffer[retIdx] = null;
        if (n > 0) TAIL.setRelease(dst, dstTail + n);
        return ret;
    }

    private int stealInto2(LocalQueue dst, int dstTail) {
        long prev = (long) HEAD.getAcquire(this);
        long next;
        int n;
        for (;;) {
            int srcSteal = steal(prev);
            int srcReal = real(prev);
            if (srcSteal != srcReal) return 0; // I2
            int srcTail = (int) TAIL.getAcquire(this);
            n = srcTail - srcReal;
            n -= n / 2;
            if (n <= 0) return 0;
            int stealTo = srcReal + n;
            next = pack(srcSteal, stealTo);
            long witness = (long) HEAD.compareAndExchange(this, prev, next);
            if (witness == prev) break;
            prev = witness;
        }
        int first = steal(next);
        for (int i = 0; i < n; i++) {
            int srcIdx = (first + i) & mask;
            int dstIdx = (dstTail + i) & dst.mask;
            dst.buffer[dstIdx] = buffer[srcIdx];
            buffer[srcIdx] = null;
        }
        prev = next;
        for (;;) {
            int real = real(prev);
            long done = pack(real, real);
            long witness = (long) HEAD.compareAndExchange(this, prev, done);
            if (witness == prev) return n;
            prev = witness; // the owner popped meanwhile (I3)
        }
    }
}
