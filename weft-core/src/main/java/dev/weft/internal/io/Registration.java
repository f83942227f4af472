package dev.weft.internal.io;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;

/**
 * One channel's registration with an {@link IoDriver} (Tokio's {@code ScheduledIo}): a {@link SelectionKey} and
 * one waker slot per direction. The read direction covers {@link SelectionKey#OP_READ} and
 * {@link SelectionKey#OP_ACCEPT}; the write direction {@link SelectionKey#OP_WRITE} and
 * {@link SelectionKey#OP_CONNECT}. One task at a time may wait in each direction (the reader and the writer of
 * a split stream wait independently).
 */
public final class Registration {
    /*
     * Implementation notes
     *
     * State word (int): the NIO interest bits that have a waiter, plus QUEUED and CLOSED.
     *   bit 0  OP_READ    \
     *   bit 2  OP_WRITE    | a task waits for this operation (its waker is in readWaker / writeWaker)
     *   bit 3  OP_CONNECT  |
     *   bit 4  OP_ACCEPT  /
     *   bit 8  QUEUED     this registration is in the driver's change queue
     *   bit 9  CLOSED     deregistered; never cleared
     *
     * I1. A waiter registers its waker BEFORE setting its op bit; the driver clears the bit BEFORE waking. So a
     *     set bit always has a registered waker, and a waker woken by the driver sees its bit cleared.
     * I2. Whoever sets an op bit (0 -> 1) also sets QUEUED and, if QUEUED was clear, queues the registration
     *     with the driver. The driver clears QUEUED before reading the op bits it applies (applyInterest), so a
     *     bit set after that read queues the registration again: the key's interest converges to the op bits.
     * I3. dispatch (driver thread) clears the ready op bits, wakes their wakers, and removes them from the key's
     *     interest set: a level-triggered selector reports each wait at most once (one-shot).
     * I4. clear(op) (cancel of a pending operation) clears the waker and the bit and queues an interest update;
     *     if the key still reports the op before the update, dispatch finds the bit clear and wakes nobody.
     * I5. CLOSED is set by deregister() before it wakes both wakers; await() re-checks CLOSED after setting its
     *     bit, so a waiter racing with close is woken (and then fails on its channel op) rather than stranded.
     * I6. The driver's waiter count changes exactly when an op bit goes 0 -> 1 (+1) or 1 -> 0 (-1) while CLOSED is
     *     clear; deregister() sets CLOSED and clears every op bit in one CAS and subtracts what it cleared. Bits
     *     set after CLOSED (a waiter racing with close, I5) are never counted.
     */
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    private static final int OPS = READ_OPS | WRITE_OPS;
    private static final int QUEUED = 1 << 8;
    private static final int CLOSED = 1 << 9;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Registration.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IoDriver driver;
    private final AtomicWaker readWaker = new AtomicWaker();
    private final AtomicWaker writeWaker = new AtomicWaker();
    /** Written once by {@link IoDriver#register} before the registration is published. */
    private SelectionKey key;
    /** Read and written with VarHandle atomics (see the notes). */
    @SuppressWarnings("unused")
    private volatile int state;

    Registration(IoDriver driver) {
        this.driver = driver;
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    /** The driver this channel is registered with. */
    public IoDriver driver() {
        return driver;
    }

    /**
     * Waits for {@code op} (one of the {@link SelectionKey} {@code OP_*} constants): {@code waker} is woken once
     * the channel reports it ready (or the registration is closed). Call after the non-blocking operation found
     * nothing to do, then return {@code Pending}; a spurious wake-up is possible, so retry and wait again.
     */
    public void await(int op, Waker waker) {
        slot(op).register(waker); // I1: waker first
        int prev = (int) STATE.getAndBitwiseOr(this, op | QUEUED);
        if ((prev & CLOSED) != 0) { // I5
            slot(op).wake();
            return;
        }
        if ((prev & op) == 0) driver.waiterAdded(); // I6
        if ((prev & QUEUED) == 0) driver.requestChange(this); // I2
    }

    /** Stops waiting for {@code op} (cancel of a pending operation): clears its waker and interest (I4). */
    public void clear(int op) {
        slot(op).clear();
        int prev = (int) STATE.getAndBitwiseAnd(this, ~op);
        if ((prev & op) == 0 || (prev & CLOSED) != 0) return; // I6: bits set after CLOSED were never counted
        driver.waiterRemoved(); // I6
        prev = (int) STATE.getAndBitwiseOr(this, QUEUED);
        if ((prev & QUEUED) == 0) driver.requestChange(this); // I2
    }

    /** True while a task waits for {@code op}. */
    public boolean isWaiting(int op) {
        return ((int) STATE.getVolatile(this) & op) != 0;
    }

    /**
     * Cancels the key at once and wakes both directions (their retry then fails on the channel); idempotent.
     * Call when the channel is closed.
     */
    public void deregister() {
        int bits;
        do { // CLOSED and clearing the op bits in one step (I6: a later clear() must not count them again)
            bits = (int) STATE.getVolatile(this);
            if ((bits & CLOSED) != 0) return;
        } while (!STATE.compareAndSet(this, bits, (bits & ~OPS) | CLOSED));
        key.cancel();
        for (int i = Integer.bitCount(bits & OPS); i > 0; i--) driver.waiterRemoved(); // I6
        driver.deregistered();
        wakeAll();
    }

    /** True once {@link #deregister()}ed. */
    public boolean isClosed() {
        return ((int) STATE.getVolatile(this) & CLOSED) != 0;
    }

    /** Driver thread: applies the op bits to the key's interest set (I2). */
    void applyInterest() {
        int s = (int) STATE.getAndBitwiseAnd(this, ~QUEUED);
        if ((s & CLOSED) != 0) return;
        s = (int) STATE.getVolatile(this);
        try {
            key.interestOps(s & OPS & key.channel().validOps());
        } catch (CancelledKeyException e) {
            wakeAll();
        }
    }

    /** Driver thread: {@code readyOps} were selected (I3). */
    void onReady(int readyOps) {
        int fired = readyOps & OPS;
        int prev = (int) STATE.getAndBitwiseAnd(this, ~fired);
        try {
            key.interestOps((prev & ~fired) & OPS & key.channel().validOps());
        } catch (CancelledKeyException e) {
            // closed concurrently: deregister() wakes the waiters
        }
        int woken = prev & fired;
        if ((prev & CLOSED) == 0) {
            for (int i = Integer.bitCount(woken); i > 0; i--) driver.waiterRemoved(); // I6
        }
        if ((woken & READ_OPS) != 0) readWaker.wake();
        if ((woken & WRITE_OPS) != 0) writeWaker.wake();
    }

    void wakeAll() {
        readWaker.wake();
        writeWaker.wake();
    }

    private AtomicWaker slot(int op) {
        if ((op & READ_OPS) != 0 && (op & WRITE_OPS) == 0) return readWaker;
        if ((op & WRITE_OPS) != 0 && (op & READ_OPS) == 0) return writeWaker;
        throw new IllegalArgumentException("op: " + op + " (expected: one of OP_READ, OP_ACCEPT, OP_WRITE, OP_CONNECT)");
    }
}
