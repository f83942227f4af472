package dev.weft.internal.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a bounded mpsc channel: a power-of-two array ring that many producers append to and one
 * consumer drains, for callers that already hold one of {@code capacity} permits per element.
 *
 * <p>It never checks for fullness: the channel's permit counter guarantees that at most {@code capacity}
 * elements are claimed and not yet consumed, so the slot a producer claims is always free. It has no producer
 * index of its own: producers claim indices from the claim counter in the upper half of the channel's
 * {@link BatchSemaphore} state word (its I8), so the send fast path takes its permit and its index in one CAS.
 */
public final class MpscArrayRing<E> extends MpscArrayRingPad1 {
    /*
     * Implementation notes
     *
     * A multi-producer array queue in the style of JCTools' MpscArrayQueue, simplified by the external permit
     * counter, whose state word also holds the producer index ("tail"): the claim counter of BatchSemaphore I8.
     * A producer claims an index either in the same CAS that takes its permit
     * (BatchSemaphore.tryAcquireOneAndClaim, or a Waiter built to claim) or, holding a permit already (assigned
     * from the wait queue, or reserved), with a getAndAdd on the counter (BatchSemaphore.claim: never fails, so no
     * CAS retry), then publishes the element into slot (index & mask) with publish(). A null slot means "not yet
     * published". Indices are 32-bit ints that wrap; slots.length is a power of two <= 2^30, so it divides 2^32
     * and (index & mask) names the same slot across the wrap. Every comparison of indices is an int equality or an
     * int difference (at most capacity apart), so the wrap needs no special case.
     *
     * I1. At most `capacity <= slots.length` indices are claimed and unconsumed (the caller holds a permit per
     *     claimed index until the consumer has advanced past it and released the permit), so the slot of a newly
     *     claimed index was nulled by the consumer before that permit was released: the producer never
     *     overwrites a live element. Every claimed index is published (the callers claim only where nothing
     *     between the claim and publish() can fail), or the consumer would stop at it for ever (I3).
     * I2. Only the consumer reads and writes `head` (others read it opaquely for size estimates). It starts at
     *     the counter's value when the ring is built; its low 32 bits are the next index to consume, so it is
     *     only ever compared through an int cast (a long keeps it out of the 4-byte holes of the padding, I4).
     * I3. claimed != head with slot(head) == null means a producer has claimed `head` and is between its claim
     *     and its store ("busy"). peek() never waits for it: it returns null, and the channel's
     *     receiver returns Pending with its waker registered (Tokio's list returns Busy the same way). The
     *     producer publishes with a VOLATILE store and only then reads the receiver waker (volatile, in
     *     MpscChan.wakeRx), so by sequential consistency either the receiver's re-check after registering sees
     *     the element or the producer sees the waker: no lost wake-up (MpscChan I1). Only peekWaiting(), used by
     *     the synchronous tryRecv, waits out the window (as Tokio's try_recv parks on Busy).
     * I4. Layout: the read-mostly fields (slots, mask, claims, the test hook) and `head` (written by the
     *     consumer per element) sit on different cache lines, with padding before, between and after them (the
     *     superclasses below, as in JCTools), so the consumer's head stores do not invalidate the line every
     *     operation reads `slots` from. The producers' RMW target, the claim counter, lives in the semaphore's
     *     state word, in another object (MpscChan I7) that the channel allocates just before the ring: the front
     *     padding keeps it off the line of the read-mostly fields.
     *
     * Ordering:      write                         mode         matching read
     *   claim        state word CAS / getAndAdd    volatile     claims.claimedVolatile() in peekWaiting()
     *   publish      slot setVolatile(e)           volatile     slot getVolatile in peek() (I3)
     *   consume      slot setRelease(null)         release      the permit RMW that follows (I1)
     * Progress: publish wait-free (the claim CAS is lock-free, the getAndAdd wait-free); peek() wait-free;
     * peekWaiting() waits only in the I3 window.
     */
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

    /**
     * A ring with room for at least {@code capacity} elements whose producers claim indices from {@code claims}'
     * claim counter (BatchSemaphore I8); the consumer starts at the counter's current value.
     *
     * @throws IllegalArgumentException when capacity is not in [1, 2^30]
     */
    public MpscArrayRing(int capacity, BatchSemaphore claims) {
        super(new Object[slotCount(capacity)], claims);
    }

    private static int slotCount(int capacity) {
        Arguments.positive("capacity", capacity, 1 << 30);
        int size = Integer.highestOneBit(capacity);
        return size < capacity ? size << 1 : size;
    }

    /** Test seam: {@code hook} runs in every producer between its claim and its publication. */
    public void afterClaimForTesting(Runnable hook) {
        this.afterClaim = hook;
    }

    /**
     * Stores {@code e} at {@code index}, which the caller claimed from the counter and holds a permit for (I1).
     * Any thread.
     */
    public void publish(int index, E e) {
        Runnable hook = afterClaim;
        if (hook != null) hook.run();
        // volatile: publishes e and orders it before the producer's read of the receiver waker (I3)
        SLOTS.setVolatile(slots, index & mask, e);
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
        int h = (int) head;
        int i = h & mask;
        Object v = SLOTS.getVolatile(slots, i);
        if (v != null) return (E) v;
        if (claims.claimedVolatile() == h) return null; // nothing claimed at or past h (int equality: wrap-safe)
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
        setHeadOpaque(h + 1); // its int cast wraps with the claim counter (I2)
    }

    /** An estimate of the number of claimed, unconsumed elements. Any thread. */
    public long sizeEstimate() {
        int t = claims.claimedVolatile();
        int h = (int) headOpaque();
        return Math.max(0, t - h); // int difference: wrap-safe (at most capacity apart, or a little below 0)
    }
}

/**
 * Padding before the read-mostly fields (MpscArrayRing I4): the channel allocates its semaphore, whose state word
 * every send and release RMWs, just before the ring.
 */
abstract class MpscArrayRingPadFront {
    @SuppressWarnings("unused")
    private int p0; // fills the 4-byte hole after the object header, so no field of a subclass lands there
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** MpscArrayRing's read-mostly fields (I4): the slot array, its index mask, the claim counter's owner, the hook. */
abstract class MpscArrayRingFields extends MpscArrayRingPadFront {
    /** Elements; written by producers (volatile) and nulled by the consumer (release). */
    final Object[] slots;
    final int mask;
    /** Holds the claim counter, the producers' index (BatchSemaphore I8). */
    final BatchSemaphore claims;
    /** Test seam: runs between a producer's claim and its publication (null in production). */
    Runnable afterClaim;

    MpscArrayRingFields(Object[] slots, BatchSemaphore claims) {
        this.slots = slots;
        this.mask = slots.length - 1;
        this.claims = claims;
    }
}

/** Padding between the read-only fields and {@code head} (MpscArrayRing I4). */
abstract class MpscArrayRingPad0 extends MpscArrayRingFields {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;

    MpscArrayRingPad0(Object[] slots, BatchSemaphore claims) {
        super(slots, claims);
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

    /**
     * Next index to consume in its low 32 bits (I2: compared through an int cast); written by the consumer only
     * (opaque), read opaquely by size estimates.
     */
    long head;

    MpscArrayRingHead(Object[] slots, BatchSemaphore claims) {
        super(slots, claims);
        this.head = claims.claimedVolatile(); // I2: published with the ring (the channel is shared after this)
    }

    final void setHeadOpaque(long h) {
        HEAD.setOpaque(this, h);
    }

    final long headOpaque() {
        return (long) HEAD.getOpaque(this);
    }
}

/** Padding after {@code head}, so whatever follows the ring in memory is off its line (MpscArrayRing I4). */
abstract class MpscArrayRingPad1 extends MpscArrayRingHead {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;

    MpscArrayRingPad1(Object[] slots, BatchSemaphore claims) {
        super(slots, claims);
    }
}
