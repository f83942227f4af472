package dev.weft.internal.sync;

/**
 * An intrusive doubly-linked FIFO of waiters: the wait queue behind every coordination primitive of
 * {@code dev.weft.sync}. Nodes carry their own links, so enqueueing allocates nothing and a cancelled waiter
 * unlinks itself in O(1) (Tokio's {@code util::linked_list}).
 *
 * <p>Not thread-safe: every method must be called with the owning primitive's lock held.
 *
 * @param <N> the node type
 */
public final class WaitList<N extends WaitList.Node> {
    /*
     * Implementation notes
     *
     * I1. A node is in at most one list at a time; `linked` is true exactly while it is in a list.
     * I2. head.prev == null, tail.next == null; head == null iff tail == null iff the list is empty.
     * All fields are guarded by the owner's lock (no memory ordering of their own).
     */

    /** A node of a {@link WaitList}: extend it to make a waiter. Links are guarded by the owner's lock. */
    public abstract static class Node {
        Node prev;
        Node next;
        boolean linked;

        /** Creates an unlinked node. */
        protected Node() {}

        /** True while this node is in a list; read it only under the owner's lock. */
        public final boolean isLinked() {
            return linked;
        }
    }

    private Node head;
    private Node tail;

    /** Creates an empty list. */
    public WaitList() {}

    /** True when no node is linked. */
    public boolean isEmpty() {
        return head == null;
    }

    /** Appends {@code node} at the tail (the newest waiter). */
    public void addLast(N node) {
        if (node.linked) throw new IllegalStateException("node already linked (a waiter may be queued once)");
        node.linked = true;
        node.next = null;
        node.prev = tail;
        if (tail == null) head = node;
        else tail.next = node;
        tail = node;
    }

    /** The oldest waiter, or {@code null}. */
    @SuppressWarnings("unchecked")
    public N peekFirst() {
        return (N) head;
    }

    /** Removes and returns the oldest waiter, or {@code null}. */
    public N pollFirst() {
        N n = peekFirst();
        if (n != null) remove(n);
        return n;
    }

    /** The node after {@code node} (towards the tail), or {@code null}; for iteration under the lock. */
    @SuppressWarnings("unchecked")
    public N next(N node) {
        return (N) node.next;
    }

    /** Unlinks {@code node}; returns false (and does nothing) when it is not linked. */
    public boolean remove(N node) {
        if (!node.linked) return false;
        Node p = node.prev;
        Node n = node.next;
        if (p == null) head = n;
        else p.next = n;
        if (n == null) tail = p;
        else n.prev = p;
        node.prev = null;
        node.next = null;
        node.linked = false;
        return true;
    }
}
