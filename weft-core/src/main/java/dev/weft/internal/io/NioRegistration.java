package dev.weft.internal.io;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;

/**
 * One channel's registration with a {@link NioIoDriver}: a {@link SelectionKey} and one waker slot per direction
 * (see {@link Registration} for the directions and the contract).
 */
public final class NioRegistration extends Registration {
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
     *   bits 16, 20       ARMED (OP_READ, OP_ACCEPT << 16): the key's interest set holds this read-side op
     *   bits 24-26, 28-30 GRACE (OP_READ, OP_ACCEPT): stale reports still forgiven since a waiter was woken
     *
     * I1. A waiter registers its waker BEFORE setting its op bit; the driver clears the bit BEFORE waking. So a
     *     set bit always has a registered waker, and a waker woken by the driver sees its bit cleared.
     * I2. Whoever sets an op bit (0 -> 1) also sets QUEUED and, if QUEUED was clear, queues the registration
     *     with the driver. The driver clears QUEUED before reading the op bits it applies (applyInterest), so a
     *     bit set after that read queues the registration again: the key's interest converges to the op bits.
     * I3. dispatch (driver thread) clears the ready op bits and wakes their wakers. Write-side ops (OP_WRITE,
     *     OP_CONNECT) leave the key's interest set at once: a socket is almost always writable, and a connected
     *     socket's OP_CONNECT interest is never reported ready again, so both would keep a level-triggered
     *     selector spinning. Read-side ops (OP_READ, OP_ACCEPT) stay ARMED after a wake-up: the woken task
     *     usually reads and waits again before the next select, and then needs no interest change at all (two
     *     epoll_ctl calls and a selector wake-up saved per wait: the echo round trip's largest avoidable cost).
     *     A read-side op reported ready while nobody waits for it is disarmed then (lazily), except for the
     *     first MAX_GRACE such reports after a wake-up (GRACE, a count per op): the woken task is usually still
     *     queued and about to read, so the reports are stale and disarming would cost an epoll_ctl now and
     *     another at its next wait. Under load the woken task waits behind the worker's other tasks while the
     *     workers poll the driver every EVENT_INTERVAL ticks, so one report of grace was not enough: on H1
     *     (256 connections, two workers) one report left an epoll_ctl pair for every other pipelined batch,
     *     three left one pair in four batches, seven one in a hundred. A key whose task stopped reading is
     *     still reported at most MAX_GRACE times per wake-up, so a blocking select spins at most that often
     *     before it disarms.
     * I4. clear(op) (cancel of a pending operation) clears the waker and the bit; for a write-side op it queues
     *     an interest update, a read-side op stays armed (I3). If the key reports the op before the update,
     *     dispatch finds the bit clear and wakes nobody.
     * I7. ARMED bits are written by the driver thread only (arm in applyInterest, disarm in onReady by a CAS that
     *     expects the op's waiter bit clear), and the key's interest set is always ARMED | write-side op bits as
     *     of the driver's last update. await() of a read-side op that finds ARMED set in the getAndBitwiseOr that
     *     sets its bit needs no change: a disarm racing with it fails its CAS, re-reads, sees the waiter and wakes
     *     it; a disarm that won makes the await see ARMED clear and queue an update (I2).
     * I5. CLOSED is set by deregister() before it wakes both wakers; await() re-checks CLOSED after setting its
     *     bit, so a waiter racing with close is woken (and then fails on its channel op) rather than stranded.
     * I6. The driver's waiter count changes exactly when an op bit goes 0 -> 1 (+1) or 1 -> 0 (-1) while CLOSED is
     *     clear; deregister() sets CLOSED and clears every op bit in one CAS and subtracts what it cleared. Bits
     *     set after CLOSED (a waiter racing with close, I5) are never counted.
     * I8. Wakers woken here (dispatch on the driver thread, deregister on the closing thread) are user code: one
     *     that throws (an Error included) is logged and the other direction is still woken; the driver thread
     *     (a worker) and the closing thread carry on. The state word is updated before any waker runs.
     */
    private static final int QUEUED = 1 << 8;
    private static final int CLOSED = 1 << 9;
    private static final int ARMED_SHIFT = 16;
    private static final int READ_GRACE_SHIFT = 24;
    private static final int ACCEPT_GRACE_SHIFT = 28;
    /** I3: stale reports forgiven after a wake-up (a 3-bit count per read-side op). */
    static final int MAX_GRACE = 7;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(NioRegistration.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NioIoDriver driver;
    private final AtomicWaker readWaker = new AtomicWaker();
    private final AtomicWaker writeWaker = new AtomicWaker();
    /** Written once by {@link IoDriver#register} before the registration is published. */
    private SelectionKey key;
    /**
     * Link in the driver's change stack (IoDriver#changes): written by the thread that queues this registration
     * before its publishing CAS, read and cleared by the driver thread after taking the stack.
     */
    NioRegistration nextChange;
    /** Read and written with VarHandle atomics (see the notes). */
    @SuppressWarnings("unused")
    private volatile int state;

    NioRegistration(NioIoDriver driver) {
        this.driver = driver;
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    @Override
    public NioIoDriver driver() {
        return driver;
    }

    /**
     * Waits for {@code op} (one of the {@link SelectionKey} {@code OP_*} constants): {@code waker} is woken once
     * the channel reports it ready (or the registration is closed). Call after the non-blocking operation found
     * nothing to do, then return {@code Pending}; a spurious wake-up is possible, so retry and wait again.
     */
    @Override
    public void await(int op, Waker waker) {
        AtomicWaker slot = slot(op);
        slot.register(waker); // I1: waker first
        int prev = (int) STATE.getAndBitwiseOr(this, op);
        if ((prev & CLOSED) != 0) { // I5
            slot.wake();
            return;
        }
        if ((prev & op) == 0) driver.waiterAdded(); // I6
        if ((prev & (op << ARMED_SHIFT)) != 0) return; // I7: the key reports it already
        queueChange(); // I2
    }

    /** Sets QUEUED and queues this registration with the driver unless it is queued already (I2). */
    private void queueChange() {
        int prev = (int) STATE.getAndBitwiseOr(this, QUEUED);
        if ((prev & QUEUED) == 0) driver.requestChange(this);
    }

    /** Stops waiting for {@code op} (cancel of a pending operation): clears its waker and interest (I4). */
    @Override
    public void clear(int op) {
        slot(op).clear();
        int prev = (int) STATE.getAndBitwiseAnd(this, ~op);
        if ((prev & op) == 0 || (prev & CLOSED) != 0) return; // I6: bits set after CLOSED were never counted
        driver.waiterRemoved(); // I6
        if ((op & WRITE_OPS) != 0) queueChange(); // I4: a read-side op stays armed (I3)
    }

    /** True while a task waits for {@code op}. */
    @Override
    public boolean isWaiting(int op) {
        return ((int) STATE.getVolatile(this) & op) != 0;
    }

    /**
     * Cancels the key at once and wakes both directions (their retry then fails on the channel); idempotent.
     * Call when the channel is closed.
     */
    @Override
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
    @Override
    public boolean isClosed() {
        return ((int) STATE.getVolatile(this) & CLOSED) != 0;
    }

    /** Driver thread: applies the op bits to the key's interest set (I2). */
    void applyInterest() {
        int s = (int) STATE.getAndBitwiseAnd(this, ~QUEUED);
        if ((s & CLOSED) != 0) return;
        s = (int) STATE.getVolatile(this);
        int arm = (s & READ_OPS) << ARMED_SHIFT; // I7: arm every read-side op with a waiter
        if (arm != 0) s = (int) STATE.getAndBitwiseOr(this, arm) | arm;
        setInterest(s);
    }

    /**
     * Driver thread: the key's interest becomes ARMED | write-side waiters of state word {@code s} (I7). A key
     * cancelled meanwhile (closed concurrently) wakes both directions: at worst a spurious wake-up, which the
     * readiness protocol allows.
     */
    private void setInterest(int s) {
        int ops = ((s >>> ARMED_SHIFT) & READ_OPS) | (s & WRITE_OPS);
        try {
            key.interestOps(ops & key.channel().validOps()); // the JDK ignores an unchanged set
        } catch (CancelledKeyException e) {
            wakeAll();
        }
    }

    /** Driver thread: {@code readyOps} were selected (I3). */
    void onReady(int readyOps) {
        int fired = readyOps & OPS;
        int prev, next;
        do { // I3, I7: clear the fired waiter bits; disarm fired read-side ops nobody waits for (after GRACE)
            prev = (int) STATE.getVolatile(this);
            next = prev & ~fired;
            if ((fired & SelectionKey.OP_READ) != 0) {
                next = afterReport(prev, next, SelectionKey.OP_READ, READ_GRACE_SHIFT);
            }
            if ((fired & SelectionKey.OP_ACCEPT) != 0) {
                next = afterReport(prev, next, SelectionKey.OP_ACCEPT, ACCEPT_GRACE_SHIFT);
            }
        } while (!STATE.compareAndSet(this, prev, next));
        if ((next & CLOSED) == 0) setInterest(next);
        int woken = prev & fired;
        if ((prev & CLOSED) == 0) {
            for (int i = Integer.bitCount(woken); i > 0; i--) driver.waiterRemoved(); // I6
        }
        if ((woken & READ_OPS) != 0) wake(readWaker); // I8 (Registration.wake)
        if ((woken & WRITE_OPS) != 0) wake(writeWaker);
    }

    /**
     * I3: the state after read-side {@code op} was reported ready, from {@code prev} (before the report) and
     * {@code next} (with the fired waiter bits already cleared): a woken waiter restarts the grace count; a stale
     * report spends one unit of it; with none left, the op is disarmed.
     */
    private static int afterReport(int prev, int next, int op, int graceShift) {
        int grace = (prev >>> graceShift) & MAX_GRACE;
        next &= ~(MAX_GRACE << graceShift);
        if ((prev & op) != 0) return next | (MAX_GRACE << graceShift);
        if (grace > 0) return next | ((grace - 1) << graceShift);
        return next & ~(op << ARMED_SHIFT);
    }

    /** The key's interest set as last applied by the driver (for tests). */
    int interestOps() {
        return key.interestOps();
    }

    void wakeAll() {
        wake(readWaker); // I8 (Registration.wake)
        wake(writeWaker);
    }

    private AtomicWaker slot(int op) {
        return isReadSide(op) ? readWaker : writeWaker;
    }
}
