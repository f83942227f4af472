package dev.weft.internal.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of an unbounded mpsc channel: a linked list of fixed-size array segments that many producers
 * append to and one consumer drains, with a closed bit that makes every later {@link #offer} fail.
 *
 * <p>Allocation: one segment of {@value #SEGMENT_SIZE} slots per {@value #SEGMENT_SIZE} elements, nothing per
 * element.
 */
public final class MpscSegmentQueue<E> {
    /*
     * Implementation notes
     *
     * Tokio's mpsc block list (tokio/src/sync/mpsc/list.rs) re-expressed: producers claim a global index with
     * getAndAdd on `tail`, find (or link) the segment that holds it and publish the element with a release
     * store into its slot. The closed bit lives in the low bit of `tail` (tail = index << 1 | CLOSED), so a
     * send and a close are linearised by the same word, with no extra atomic per message.
     *
     *   tail:  63 ............ 1 | 0
     *          next index to claim | CLOSED
     *
     * I1. A producer whose getAndAdd returned a word with CLOSED set has claimed nothing: it undoes its
     *     increment with getAndAdd(-2) and fails. Hence once CLOSED is set, (tail >>> 1) returns to the number
     *     of real elements as soon as the failed producers have undone their increments.
     * I2. An index i < (tail >>> 1) claimed by a successful producer is published eventually. peek() never
     *     waits for it ("busy": it returns null, the receiver returns Pending); the producer publishes with a
     *     volatile store and then reads the receiver waker, so one of the two sees the other (MpscArrayRing
     *     I3). A failed producer's transient increment (I1) also reads as busy; MpscChan wakes the receiver
     *     after the undo. Only peekWaiting() (synchronous tryRecv) waits out the window.
     * I3. `headSegment` holds the consumer's index: headSegment.base <= head. A producer's index is never
     *     consumed before it is published, so headSegment.base <= index for every in-flight producer; a
     *     producer whose `tailHint` lies past its index restarts its walk from headSegment.
     * I4. Segments are linked once (CAS on `next` from null) and never unlinked; unreachable ones are
     *     collected. The consumer nulls every slot it consumed so elements are not retained.
     *
     * Ordering:      write                         mode         matching read
     *   claim/close  tail getAndAdd / getAndOr      volatile     tail getVolatile in peek()
     *   link         next CAS                      volatile     next getVolatile while walking
     *   publish      slot setVolatile(e)           volatile     slot getVolatile in peek() (I2)
     * Progress: producers lock-free (wait-free except for segment linking); peek() wait-free (I2).
     */
    /** Slots per segment. */
    public static final int SEGMENT_SIZE = 32;

    private static final int MASK = SEGMENT_SIZE - 1;
    private static final long CLOSED = 1L; // low bit of tail
    private static final long ONE = 2L; // one index in tail's encoding

    private static final VarHandle TAIL;
    private static final VarHandle TAIL_HINT;
    private static final VarHandle HEAD_SEGMENT;
    private static final VarHandle HEAD;
    private static final VarHandle NEXT;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(MpscSegmentQueue.class, "tail", long.class);
            TAIL_HINT = l.findVarHandle(MpscSegmentQueue.class, "tailHint", Segment.class);
            HEAD_SEGMENT = l.findVarHandle(MpscSegmentQueue.class, "headSegment", Segment.class);
            HEAD = l.findVarHandle(MpscSegmentQueue.class, "head", long.class);
            NEXT = l.findVarHandle(Segment.class, "next", Segment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One block of slots; {@code base} is the global index of slot 0. */
    static final class Segment {
        final long base;
        final Object[] slots = new Object[SEGMENT_SIZE];
        /** Linked once by CAS (I4). */
        @SuppressWarnings("unused")
        volatile Segment next;

        Segment(long base) {
            this.base = base;
        }
    }

    /** index << 1 | CLOSED; getAndAdd/getAndBitwiseOr by any thread. */
    @SuppressWarnings("unused")
    private volatile long tail;
    /** A recent segment for producers to start from; CAS forward by producers. */
    @SuppressWarnings("unused")
    private volatile Segment tailHint;
    /** The segment holding `head`; written by the consumer (release), read by producers (I3). */
    @SuppressWarnings("unused")
    private volatile Segment headSegment;
    /** Next index to consume; consumer only (opaque for estimates). */
    private long head;

    /** An empty, open queue. */
    public MpscSegmentQueue() {
        Segment first = new Segment(0);
        tailHint = first;
        headSegment = first;
    }

    /** Test seam: runs between a producer's claim and its publication (null in production). */
    private Runnable afterClaim;

    /** Test seam: {@code hook} runs in every producer between its claim and its publication. */
    public void afterClaimForTesting(Runnable hook) {
        this.afterClaim = hook;
    }

    /** Appends {@code e} and returns true, or returns false when the queue is closed (I1). Any thread. */
    public boolean offer(E e) {
        long t = (long) TAIL.getAndAdd(this, ONE);
        if ((t & CLOSED) != 0) {
            TAIL.getAndAdd(this, -ONE); // I1
            return false;
        }
        long index = t >>> 1;
        Runnable hook = afterClaim;
        if (hook != null) hook.run();
        Segment s = (Segment) TAIL_HINT.getAcquire(this);
        if (s.base > index) s = (Segment) HEAD_SEGMENT.getAcquire(this); // I3
        while (s.base + SEGMENT_SIZE <= index) {
            Segment n = (Segment) NEXT.getAcquire(s);
            if (n == null) {
                Segment fresh = new Segment(s.base + SEGMENT_SIZE);
                Segment witness = (Segment) NEXT.compareAndExchange(s, (Segment) null, fresh);
                n = witness == null ? fresh : witness;
            }
            s = n;
        }
        if ((index & MASK) == 0) advanceHint(s);
        // volatile: publishes e and orders it before the producer's read of the receiver waker (I2)
        SLOTS.setVolatile(s.slots, (int) index & MASK, e);
        return true;
    }

    private void advanceHint(Segment s) {
        for (;;) {
            Segment h = (Segment) TAIL_HINT.getAcquire(this);
            if (h.base >= s.base || TAIL_HINT.compareAndSet(this, h, s)) return;
        }
    }

    /**
     * The oldest element without removing it, or {@code null} when none is published at the head: nothing was
     * claimed past it, or its producer has not published yet (I2). Never waits. Consumer thread only.
     */
    @SuppressWarnings("unchecked")
    public E peek() {
        long h = head;
        Segment s = headSegment;
        while (h - s.base >= SEGMENT_SIZE) {
            Segment n = (Segment) NEXT.getAcquire(s);
            if (n == null) return null; // the producer of h has not linked its segment yet: busy (I2)
            HEAD_SEGMENT.setRelease(this, n);
            s = n;
        }
        return (E) SLOTS.getVolatile(s.slots, (int) h & MASK); // pairs with the volatile publish (I2)
    }

    /**
     * As {@link #peek()}, but when an index at the head is claimed and not yet published, waits for the
     * publication (or for a failed producer's undo, I1). Consumer thread only.
     */
    public E peekWaiting() {
        for (int spins = 0; ; spins++) {
            E v = peek();
            if (v != null) return v;
            if (((long) TAIL.getVolatile(this) >>> 1) <= head) return null;
            ChannelBackoff.pause(spins); // I2
        }
    }

    /** True when closed and every claimed index has been consumed (no producer in flight). Consumer only. */
    public boolean isClosedAndDrained() {
        long t = (long) TAIL.getVolatile(this);
        return (t & CLOSED) != 0 && (t >>> 1) <= head;
    }
    /**
     * As {@link #isClosedAndDrained()}, but waits out a failed producer's transient claim (I1) instead of
     * reading it as a message in flight: returns true once closed with every real claim consumed, false when
     * not closed or a message published before the close is still to be received. Synchronous tryRecv only
     * (like {@link #peekWaiting()}); consumer thread only.
     */
    public boolean isClosedAndDrainedWaiting() {
        for (int spins = 0; ; spins++) {
            long t = (long) TAIL.getVolatile(this);
            if ((t & CLOSED) == 0) return false;
            if ((t >>> 1) <= head) return true;
            if (peek() != null) return false; // claimed before the close and published: still to be received
            ChannelBackoff.pause(spins); // I1/I2: an undo or a publication ends the window
        }
    }

    /** Removes the element {@link #peek()} returned. Consumer thread only. */
    public void advance() {
        long h = head;
        Segment s = headSegment;
        s.slots[(int) h & MASK] = null; // I4: the slot is never reused, a plain store suffices
        HEAD.setOpaque(this, h + 1);
    }

    /** Sets the closed bit; returns true for the call that set it. Any thread. */
    public boolean close() {
        return ((long) TAIL.getAndBitwiseOr(this, CLOSED) & CLOSED) == 0;
    }

    /** True once {@link #close()} was called. Any thread. */
    public boolean isClosed() {
        return ((long) TAIL.getVolatile(this) & CLOSED) != 0;
    }

    /** An estimate of the number of unconsumed elements. Any thread. */
    public long sizeEstimate() {
        long t = (long) TAIL.getVolatile(this) >>> 1;
        return Math.max(0, t - (long) HEAD.getOpaque(this));
    }
}
