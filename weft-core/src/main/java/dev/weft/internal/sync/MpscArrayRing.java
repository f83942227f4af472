package dev.weft.internal.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a bounded mpsc channel: a power-of-two array ring that many producers append to and one
 * consumer drains, for callers that already hold one of {@code capacity} permits per element.
 *
 * <p>It never checks for fullness: the channel's permit counter guarantees that at most {@code capacity}
 * elements are claimed and not yet consumed, so the slot a producer claims is always free.
 */
public final class MpscArrayRing<E> extends MpscArrayRingTail {
    /*
     * Implementation notes
     *
     * A multi-producer array queue in the style of JCTools' MpscArrayQueue, simplified by the external permit
     * counter: producers claim an index with getAndAdd on `tail` (never fails, so no CAS retry under
     * contention), then publish the element into slot (index & mask) with a release store. A null slot means
     * "not yet published".
     *
     * I1. At most `capacity <= slots.length` indices are claimed and unconsumed (the caller holds a permit per
     *     claimed index until the consumer has advanced past it and released the permit), so the slot of a newly
     *     claimed index was nulled by the consumer before that permit was released: the producer never
     *     overwrites a live element.
     * I2. Only the consumer reads and writes `head` (others read it opaquely for size estimates).
     * I3. tail > head with slot(head) == null means a producer has claimed `head` and is between its
     *     getAndAdd and its store ("busy"). peek() never waits for it: it returns null, and the channel's
     *     receiver returns Pending with its waker registered (Tokio's list returns Busy the same way). The
     *     producer publishes with a VOLATILE store and only then reads the receiver waker (volatile, in
     *     MpscChan.wakeRx), so by sequential consistency either the receiver's re-check after registering sees
     *     the element or the producer sees the waker: no lost wake-up (MpscChan I1). Only peekWaiting(), used by
     *     the synchronous tryRecv, waits out the window (as Tokio's try_recv parks on Busy).
 * I4. Layout: the read-only fields (slots, mask), `head` (written by the consumer per element) and `tail`
     *     (RMW by every producer) sit on different cache lines (the padding superclasses below, as in JCTools),
     *     so the consumer's head stores do not invalidate the producers' tail line and neither invalidates the
     *     line every operation reads `slots` from.
     *
     * Ordering:      write                         mode         matching read
     *   claim        tail getAndAdd                volatile     tailVolatile() in peek()
     *   publish      slot setVolatile(e)           volatile     slot getVolatile in peek() (I3)
     *   consume      slot setRelease(null)         release      the permit RMW that follows (I1)
     * Progress: producers wait-free; peek() wait-free; peekWaiting() waits only in the I3 window.
     */
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17; // I4: tail's line ends here

    /**
     * A ring with room for at least {@code capacity} elements.
     *
     * @throws IllegalArgumentException when capacity is not in [1, 2^30]
     */
    public MpscArrayRing(int capacity) {
        super(new Object[slotCount(capacity)]);
    }

    private static int slotCount(int capacity) {
        Arguments.positive("capacity", capacity, 1 << 30);
        int size = Integer.highestOneBit(capacity);
        return size < capacity ? size << 1 : size;
    }

    /** Test seam: runs between a producer's claim and its publication (null in production). */
    private Runnable afterClaim;

    /** Test seam: {@code hook} runs in every producer between its claim and its publication. */
    public void afterClaimForTesting(Runnable hook) {
        this.afterClaim = hook;
    }

    /** Appends {@code e}; the caller holds a permit (I1). Any thread. */
    public void push(E e) {
        long t = claim();
        Runnable hook = afterClaim;
        if (hook != null) hook.run();
        // volatile: publishes e and orders it before the producer's read of the receiver waker (I3)
        SLOTS.setVolatile(slots, (int) t & mask, e);
    }

    /**
     * The oldest element without removing it, or {@code null} when none is published at the head: either nothing
     * was claimed past it, or a producer claimed it and has not published yet (I3). Never waits. Consumer
     * thread only.
     */
    @SuppressWarnings("unchecked")
    public E peek() {
        return (E) SLOTS.getVolatile(slots, (int) head & mask); // pairs with the volatile publish (I3)
    }

    /**
     * As {@link #peek()}, but when a producer has claimed the head and not yet published it, waits for the
     * publication (I3: a window of a few instructions unless the producer is preempted). Consumer thread only.
     */
    @SuppressWarnings("unchecked")
    public E peekWaiting() {
        long h = head;
        int i = (int) h & mask;
        Object v = SLOTS.getVolatile(slots, i);
        if (v != null) return (E) v;
        if (tailVolatile() == h) return null;
        for (int spins = 0; ; spins++) { // I3: a producer claimed h and is about to publish it
            v = SLOTS.getVolatile(slots, i);
            if (v != null) return (E) v;
            ChannelBackoff.pause(spins);
        }
    }

    /** Removes the element {@link #peek()} returned. Consumer thread only. */
    public void advance() {
        long h = head;
        SLOTS.setRelease(slots, (int) h & mask, null);
        setHeadOpaque(h + 1);
    }

    /** An estimate of the number of claimed, unconsumed elements. Any thread. */
    public long sizeEstimate() {
        long t = tailVolatile();
        long h = headOpaque();
        return Math.max(0, t - h);
    }
}

/** MpscArrayRing's read-only fields (I4): the slot array and its index mask. */
abstract class MpscArrayRingFields {
    /** Elements; written by producers (release) and nulled by the consumer (release). */
    final Object[] slots;
    final int mask;

    MpscArrayRingFields(Object[] slots) {
        this.slots = slots;
        this.mask = slots.length - 1;
    }
}

/** Padding between the read-only fields and {@code head} (MpscArrayRing I4). */
abstract class MpscArrayRingPad0 extends MpscArrayRingFields {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;

    MpscArrayRingPad0(Object[] slots) {
        super(slots);
    }
}

/** MpscArrayRing's consumer index. */
abstract class MpscArrayRingHead extends MpscArrayRingPad0 {
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(MpscArrayRingHead.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Next index to consume; written by the consumer only (opaque), read opaquely by size estimates. */
    long head;

    MpscArrayRingHead(Object[] slots) {
        super(slots);
    }

    final void setHeadOpaque(long h) {
        HEAD.setOpaque(this, h);
    }

    final long headOpaque() {
        return (long) HEAD.getOpaque(this);
    }
}

/** Padding between {@code head} and {@code tail} (MpscArrayRing I4). */
abstract class MpscArrayRingPad1 extends MpscArrayRingHead {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;

    MpscArrayRingPad1(Object[] slots) {
        super(slots);
    }
}

/** MpscArrayRing's producer index. */
abstract class MpscArrayRingTail extends MpscArrayRingPad1 {
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MpscArrayRingTail.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Next index to claim; getAndAdd by producers. */
    @SuppressWarnings("unused")
    private volatile long tail;

    MpscArrayRingTail(Object[] slots) {
        super(slots);
    }

    final long claim() {
        return (long) TAIL.getAndAdd(this, 1L);
    }

    final long tailVolatile() {
        return (long) TAIL.getVolatile(this);
    }
}
