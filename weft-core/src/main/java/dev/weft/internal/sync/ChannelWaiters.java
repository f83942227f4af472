package dev.weft.internal.sync;

import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO list of parked channel operations ({@code closed()} futures, broadcast
 * receivers) with O(1) removal on cancel.
 *
 * <p>Each waiting future owns one {@link Node} for its whole life and passes it to {@link #register} on every
 * pending poll. A notifier pops nodes ({@link #wakeOne()}, {@link #wakeAll()}) and wakes their wakers after
 * releasing the list's lock.
 */
public final class ChannelWaiters {
    /*
     * Implementation notes
     *
     * An intrusive doubly linked list guarded by `lock`, a ReentrantLock (never `synchronized`, which pins a
     * virtual thread on JDK 21; a short critical section: link, unlink, pop; wakers are collected under the
     * lock and called after it is released, never under it, through SafeWake: a waker that throws is logged
     * and the remaining wakers are still called, so a notifier never fails because of a waiter).
     *
     * I1. node.state is QUEUED exactly while the node is linked. Only a holder of the lock changes it from
     *     QUEUED; only the owning future changes it from NOTIFIED (back to IDLE, in remove()).
     * I2. A notifier moves a node QUEUED -> NOTIFIED and takes its waker; the notification is then owed to the
     *     owner. An owner that no longer needs it (cancelled, or it completed by other means) learns so from
     *     remove() == true and must pass it on (the caller's duty, e.g. wakeOne() again), so a cancelled waiter
     *     never swallows a wake-up meant for the next one.
     * I3. `size` is written (volatile) inside the lock and read without it. Callers use it for the Dekker check
     *     "I changed the resource, then I read size" against "I registered, then I re-read the resource": both
     *     sides perform a volatile write followed by a volatile read, so one of them sees the other.
     *
     * Progress: blocking (a lock) on the slow path only; isEmpty() is a single volatile read.
     */
    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int NOTIFIED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Node.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A waiting future's place in the list; reusable across polls, owned by one future. */
    public static final class Node {
        /** IDLE, QUEUED or NOTIFIED (I1); volatile. */
        @SuppressWarnings("unused")
        private volatile int state;
        // guarded by the list's lock
        private Node prev;
        private Node next;
        private Waker waker;

        /** A node that is not in any list. */
        public Node() {}

        /** True while the node waits in a list. */
        public boolean isQueued() {
            return (int) STATE.getVolatile(this) == QUEUED;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private Node head;
    private Node tail;
    /** Number of queued nodes; written under the lock (volatile), read anywhere (I3). */
    private volatile int size;

    /** An empty list. */
    public ChannelWaiters() {}

    /**
     * Queues {@code node} at the back with {@code waker}, or, if it is already queued, replaces its waker.
     * A node that was notified and not yet removed is reset and queued again.
     */
    public void register(Node node, Waker waker) {
        lock.lock();
        try {
            node.waker = waker;
            if ((int) STATE.getVolatile(node) == QUEUED) return;
            node.prev = tail;
            node.next = null;
            if (tail == null) head = node;
            else tail.next = node;
            tail = node;
            STATE.setVolatile(node, QUEUED);
            size = size + 1; // I3: volatile write before the caller's re-check
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code node} out of the list. Returns true when it had been notified and the notification was not
     * consumed yet (I2): the caller must pass it on if it does not act on it.
     */
    public boolean remove(Node node) {
        int s = (int) STATE.getVolatile(node);
        if (s == IDLE) return false;
        lock.lock();
        try {
            s = (int) STATE.getVolatile(node);
            if (s == QUEUED) {
                unlink(node);
                STATE.setVolatile(node, IDLE);
                return false;
            }
        } finally {
            lock.unlock();
        }
        if (s == NOTIFIED) {
            STATE.setVolatile(node, IDLE);
            return true;
        }
        return false;
    }

    /** Notifies the oldest waiter, if any; returns true when one was notified. */
    public boolean wakeOne() {
        if (size == 0) return false;
        Waker w;
        lock.lock();
        try {
            Node n = head;
            if (n == null) return false;
            unlink(n);
            w = n.waker;
            n.waker = null;
            STATE.setVolatile(n, NOTIFIED);
        } finally {
            lock.unlock();
        }
        SafeWake.wake(w); // after the lock is released
        return true;
    }

    /**
     * Notifies the {@code n} oldest waiters (fewer when fewer wait) under one lock hold; returns how many were
     * notified. Each notification is owed as with {@link #wakeOne()} (I2).
     */
    public int wakeUpTo(int n) {
        if (n <= 0 || size == 0) return 0;
        if (n == 1) return wakeOne() ? 1 : 0;
        Waker first = null;
        List<Waker> more = null;
        int woken = 0;
        lock.lock();
        try {
            while (woken < n && head != null) {
                Node x = head;
                unlink(x);
                Waker w = x.waker;
                x.waker = null;
                STATE.setVolatile(x, NOTIFIED);
                woken++;
                if (w == null) continue;
                if (first == null) {
                    first = w;
                } else {
                    if (more == null) more = new ArrayList<>();
                    more.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        SafeWake.wake(first); // after the lock is released
        if (more != null) for (Waker w : more) SafeWake.wake(w);
        return woken;
    }

    /** Notifies every waiter. */
    public void wakeAll() {
        if (size == 0) return;
        List<Waker> wakers = new ArrayList<>();
        lock.lock();
        try {
            for (Node n = head; n != null; ) {
                Node next = n.next;
                if (n.waker != null) wakers.add(n.waker);
                n.waker = null;
                n.prev = null;
                n.next = null;
                STATE.setVolatile(n, NOTIFIED);
                n = next;
            }
            head = null;
            tail = null;
            size = 0;
        } finally {
            lock.unlock();
        }
        for (Waker w : wakers) SafeWake.wake(w); // after the lock is released
    }

    /** True when no node is queued (one volatile read; see I3). */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The number of queued nodes. */
    public int size() {
        return size;
    }

    // guarded by lock
    private void unlink(Node n) {
        Node p = n.prev;
        Node x = n.next;
        if (p == null) head = x;
        else p.next = x;
        if (x == null) tail = p;
        else x.prev = p;
        n.prev = null;
        n.next = null;
        size = size - 1;
    }
}
