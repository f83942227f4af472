package dev.weft.sync;

import dev.weft.future.Waker;
import dev.weft.internal.sync.BatchSemaphore;
import dev.weft.internal.sync.ChannelWaiters;
import dev.weft.internal.sync.MpscArrayRing;
import dev.weft.internal.sync.MpscSegmentQueue;
import dev.weft.internal.sync.SafeWake;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The shared state of one mpsc channel behind its {@link Mpsc.Sender} and {@link Mpsc.Receiver} handles.
 * Subclasses supply the buffer and the capacity rule: {@link Bounded} and {@link Unbounded}.
 */
abstract sealed class MpscChan<T> permits MpscChan.Bounded, MpscChan.Unbounded {
    /*
     * Implementation notes
     *
     * Structure as in Tokio's mpsc (chan.rs, bounded.rs): a buffer that many senders append to, one receiver
     * waker, a count of sender handles (reaching zero closes the channel for sending), and a "receiver closed"
     * flag that senders observe. Bounded channels add Tokio's fair batch semaphore (BatchSemaphore) of
     * `capacity` permits, whose FIFO wait queue holds the senders waiting for a slot. What we changed: the ring
     * has no tail of its own; its producer index is the claim counter in the upper half of the semaphore's state
     * word (BatchSemaphore I8), so the uncontended send (trySend, or a send whose first poll finds a permit) takes
     * its permit and claims its slot in ONE CAS, then publishes with a volatile store (I1): two fenced operations
     * (Tokio's bounded send pays a semaphore CAS, a fetch_add on the list's tail and a fetch_or on the block's
     * ready bits).
     *
     * I1. Receiver wake-up (no lost wake-up): the receiver stores its waker (volatile) and then re-reads the
     *     head slot (volatile, inside peek()); a sender publishes its element with a volatile store and then
     *     reads the waker (volatile). Sequential consistency of volatiles makes one side see the other. A
     *     receiver that finds the head claimed but not yet published ("busy") returns Pending like an empty
     *     one: it never spins on a worker, and the producer's wake-up after publishing brings it back
     *     (MpscArrayRing I3, Tokio's Busy). Only the synchronous tryRecv waits out that window (peekWaiting).
     * I2. Closing for sending (last sender handle closed, or the receiver closed) sets a closed bit with a
     *     volatile RMW on the word that sends also RMW (the semaphore's state word, or the segment queue's
     *     tail), so every send is ordered before or after the close: it either succeeds and will be received,
     *     or fails and hands the value back. Closing the semaphore fails every waiting sender.
     * I3. End of stream: the receiver reports "closed and drained" only when the closed bit is set AND no
     *     message is buffered or in flight (bounded: every permit is back, read in the same volatile load as
     *     the closed bit; unbounded: tail index == head, likewise). Whoever completes the last in-flight
     *     operation after the close wakes the receiver: the publisher of the last message, the releaser of the
     *     last permit (a consumed message, an unused Permit, a cancelled sender's assignment), or an unbounded
     *     producer that failed on the closed bit and undid its transient claim.
     * I4. A permit is held from acquisition until the receiver consumed the message (or the Permit was closed).
     *     The batch receive (recvMany) releases the permits of the messages it took with one release per
     *     RELEASE_BATCH messages and the rest at the end of its poll. Releasing per group, not once at the end
     *     of the batch, keeps parked senders producing on other workers while the receiver drains. A message
     *     taken and its permit not yet released is only ever visible inside one receiver poll (at most
     *     RELEASE_BATCH - 1 of them), never after it returns.
     * I5. Fairness (FIFO, as Tokio's bounded channel): while a sender waits, the semaphore's count is 0 and a
     *     released permit is assigned to the oldest waiting sender under the semaphore's lock (BatchSemaphore
     *     I2), so trySend, a fresh send or reserve can never take it: a waiting sender is overtaken by no one
     *     that arrived after it. A sender given a permit and then cancelled hands it to the next waiter (or the
     *     count) at once (BatchSemaphore I5). The uncontended send is still one CAS on the state word, which also
     *     claims its slot; a sender whose permit came another way (assigned while it waited, or a reserved
     *     Permit used later) claims its slot with one getAndAdd on that word's claim half when it sends. Either
     *     way the claim and the publication happen in the same call, with nothing between them that can fail
     *     (MpscArrayRing I1).
     * I6. Wakers are called outside every lock, through SafeWake (a waker that throws is logged and the
     *     waking operation still succeeds).
     * I7. Layout: the semaphore's state word, which every send and every release RMWs (and which holds the
     *     ring's producer index), lives in its own small object; the ring pads its read-mostly fields and its
     *     consumer index apart from it and from each other (MpscArrayRing I4). The fields of this object (the
     *     receiver waker, read by every send; the references to ring and semaphore) are then read-mostly.
     */
    static final int OK = 0;
    static final int FULL = 1;
    static final int CLOSED = 2;
    /** How many messages recvMany takes before it releases their permits at once (I4). */
    static final int RELEASE_BATCH = 64;

    private static final VarHandle RX_WAKER;
    private static final VarHandle SENDERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RX_WAKER = l.findVarHandle(MpscChan.class, "rxWaker", Waker.class);
            SENDERS = l.findVarHandle(MpscChan.class, "senders", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The receiver's waker; set (volatile) by the receiver, taken with getAndSet by anyone (I1). */
    @SuppressWarnings("unused")
    private volatile Waker rxWaker;
    /** Live sender handles and permits; getAndAdd by any thread. */
    @SuppressWarnings("unused")
    private volatile int senders = 1;
    /** Set once by Receiver.close(); read by senders. */
    volatile boolean rxClosed;
    /** Futures returned by Sender.closed(). */
    final ChannelWaiters closedWaiters = new ChannelWaiters();

    // ---- sender side ----

    /** Sends {@code value} if there is room now, without waiting: OK, FULL or CLOSED (I2, I5). */
    abstract int trySend(T value);

    /** Appends a message for which a permit is held and wakes the receiver. */
    abstract void pushAcquired(T value);

    /** Gives back a permit that was not used for a message. */
    abstract void releaseUnused();

    /** True while a sender waits for a permit (tests and diagnostics). */
    abstract boolean hasSendWaiters();

    /** The permits free now. */
    abstract int availablePermits();

    /** The buffer size, or Integer.MAX_VALUE when unbounded. */
    abstract int maxCapacity();

    /** True once the channel is closed for sending (I2). */
    abstract boolean isClosedForSending();

    /** Marks the channel closed for sending (I2) and wakes whoever must see it. */
    abstract void closeForSending();

    final void retainSender() {
        SENDERS.getAndAdd(this, 1);
    }

    final void releaseSender() {
        if ((int) SENDERS.getAndAdd(this, -1) == 1) closeForSending();
    }

    final void wakeRx() {
        if (RX_WAKER.getVolatile(this) != null) { // I1: volatile read after the sender's RMW
            Waker w = (Waker) RX_WAKER.getAndSet(this, (Waker) null);
            SafeWake.wake(w); // a throwing waker is logged: the sender still succeeds
        }
    }

    // ---- receiver side (one thread at a time) ----

    /** True when the channel is closed and nothing is buffered or in flight (I3); read before peek(). */
    abstract boolean isTerminated();

    /**
     * As {@link #isTerminated()} for the synchronous tryRecv, which must not report a transient state: an
     * unbounded producer that fails on the closed bit briefly holds a claim it then undoes (I3), and tryRecv
     * waits that out rather than answer Empty on a closed, drained channel (MpscLincheckTest found it).
     */
    boolean isTerminatedWaiting() {
        return isTerminated();
    }

    /** The oldest message, or null when none is published at the head (empty, or busy: I1); never waits. */
    abstract T peek();

    /** As peek(), but waits out a claimed-but-unpublished head (I1); for the synchronous tryRecv only. */
    abstract T peekWaiting();

    /** Consumes the message peek() returned (and releases its permit). */
    abstract void advance();

    /** Consumes the message peek() returned but keeps its permit until {@link #releaseConsumed} (I4). */
    abstract void advanceDeferred();

    /** Releases the permits of {@code n > 0} messages taken with {@link #advanceDeferred}; wakes up to n senders. */
    abstract void releaseConsumed(int n);

    /** Messages buffered (estimate). */
    abstract long length();

    /** Test seam: {@code hook} runs in every producer between claiming its slot and publishing it. */
    abstract void afterClaimForTesting(Runnable hook);

    final void registerRxWaker(Waker w) {
        RX_WAKER.setVolatile(this, w); // I1: volatile write before the re-check in peek()
    }

    final void clearRxWaker() {
        RX_WAKER.setRelease(this, (Waker) null);
    }

    /** Receiver.close(): stops senders; buffered messages stay receivable. */
    void closeReceiver() {
        rxClosed = true;
        closeForSending();
        closedWaiters.wakeAll();
    }

    /** A bounded channel: a fair semaphore of {@code capacity} permits plus an array ring. */
    static final class Bounded<T> extends MpscChan<T> {
        /** One permit per buffered or in-flight message (I2, I4, I5). */
        final BatchSemaphore permits;
        private final int capacity;
        private final MpscArrayRing<T> ring;

        Bounded(int capacity) {
            this(capacity, 0);
        }

        /** Test seam: a channel whose ring indices start at {@code firstIndex} (wrap-around tests). */
        Bounded(int capacity, int firstIndex) {
            this.capacity = capacity;
            this.permits = new BatchSemaphore(capacity, firstIndex);
            this.ring = new MpscArrayRing<>(capacity, permits); // after the semaphore: it holds the ring's tail
        }

        @Override
        int trySend(T value) {
            long index = permits.tryAcquireOneAndClaim(); // permit and slot in one CAS; never overtakes a waiter (I5)
            if (index >= 0) {
                pushClaimed((int) index, value);
                return OK;
            }
            return index == BatchSemaphore.CLAIM_NO_PERMITS ? FULL : CLOSED;
        }

        /** Publishes a message at the index claimed with its permit, and wakes the receiver (I1). */
        void pushClaimed(int index, T value) {
            ring.publish(index, value); // volatile store, then the volatile read of the waker (I1)
            wakeRx();
        }

        @Override
        void pushAcquired(T value) {
            pushClaimed(permits.claim(), value); // the permit came without an index: claim one (I5)
        }

        @Override
        void releaseUnused() {
            releaseConsumed(1);
        }

        /** After a permit went back outside this class (a cancelled sender's assignment): I3's wake-up. */
        void afterExternalRelease() {
            if (permits.isClosed()) wakeRx(); // I3: the receiver may be waiting for the last permit
        }

        @Override
        int availablePermits() {
            return permits.availablePermits();
        }

        @Override
        boolean hasSendWaiters() {
            return permits.hasWaiters();
        }

        @Override
        int maxCapacity() {
            return capacity;
        }

        @Override
        void closeForSending() {
            if (permits.isClosed()) return;
            permits.close(); // I2: fails every waiting and later acquisition
            wakeRx();
        }

        @Override
        boolean isClosedForSending() {
            return permits.isClosed();
        }

        @Override
        boolean isTerminated() {
            return permits.isClosedWithAvailable(capacity); // I3: one volatile read of the state word
        }

        @Override
        T peek() {
            return ring.peek();
        }

        @Override
        T peekWaiting() {
            return ring.peekWaiting();
        }

        @Override
        void advance() {
            ring.advance();
            releaseConsumed(1);
        }

        @Override
        void advanceDeferred() {
            ring.advance();
        }

        @Override
        void releaseConsumed(int n) {
            permits.release(n); // I4: assigns to the oldest waiting senders first, then to the count (I5)
            if (permits.isClosed()) wakeRx(); // I3
        }

        @Override
        long length() {
            return ring.sizeEstimate();
        }

        @Override
        void afterClaimForTesting(Runnable hook) {
            ring.afterClaimForTesting(hook);
        }
    }

    /** An unbounded channel: a segment queue whose tail word carries the closed bit. */
    static final class Unbounded<T> extends MpscChan<T> {
        private final MpscSegmentQueue<T> queue = new MpscSegmentQueue<>();

        @Override
        int trySend(T value) {
            return offer(value) ? OK : CLOSED;
        }

        /** Sends without a permit: true when appended, false when closed (I2). */
        boolean offer(T value) {
            boolean sent = queue.offer(value);
            wakeRx(); // after the publication, or after a failed producer's undo (I3)
            return sent;
        }

        @Override
        void pushAcquired(T value) {
            offer(value); // a Permit used after the receiver closed drops its value (as Tokio)
        }

        @Override
        void releaseUnused() {}

        @Override
        int availablePermits() {
            return Integer.MAX_VALUE;
        }

        @Override
        boolean hasSendWaiters() {
            return false;
        }

        @Override
        int maxCapacity() {
            return Integer.MAX_VALUE;
        }

        @Override
        void closeForSending() {
            if (queue.close()) wakeRx();
        }

        @Override
        boolean isClosedForSending() {
            return queue.isClosed();
        }

        @Override
        boolean isTerminated() {
            return queue.isClosedAndDrained(); // I3
        }

        @Override
        boolean isTerminatedWaiting() {
            return queue.isClosedAndDrainedWaiting(); // I3: a failed producer's undo is waited out
        }

        @Override
        T peek() {
            return queue.peek();
        }

        @Override
        T peekWaiting() {
            return queue.peekWaiting();
        }

        @Override
        void advance() {
            queue.advance();
        }

        @Override
        void advanceDeferred() {
            queue.advance();
        }

        @Override
        void releaseConsumed(int n) {}

        @Override
        long length() {
            return queue.sizeEstimate();
        }

        @Override
        void afterClaimForTesting(Runnable hook) {
            queue.afterClaimForTesting(hook);
        }
    }
}
