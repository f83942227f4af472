package dev.weft.internal.io;

import static dev.weft.internal.io.EpollNative.EPOLLERR;
import static dev.weft.internal.io.EpollNative.EPOLLHUP;
import static dev.weft.internal.io.EpollNative.EPOLLIN;
import static dev.weft.internal.io.EpollNative.EPOLLOUT;
import static dev.weft.internal.io.EpollNative.EPOLLPRI;
import static dev.weft.internal.io.EpollNative.EPOLLRDHUP;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;

/**
 * One channel's registration with an {@link EpollIoDriver}: its file descriptor is in the epoll set once, for
 * both directions, edge-triggered, from {@link EpollIoDriver#register} to {@link #deregister()}; waiting changes
 * nothing in the kernel. One waker slot per direction (see {@link Registration} for the directions and the
 * contract).
 */
final class EpollRegistration extends Registration {
    /*
     * Implementation notes
     *
     * State word (int):
     *   bit 0  READ_WAITER   a task waits for the read side (its waker is in readWaker)
     *   bit 1  WRITE_WAITER  a task waits for the write side (writeWaker)
     *   bit 2  READ_READY    a read-side edge arrived while no task waited for it, not yet taken by an await
     *   bit 3  WRITE_READY   the same for the write side
     *   bit 4  CLOSED        deregistered; never cleared
     *   bit 5  PEER_CLOSED   an event reported the peer's end of stream, a hang-up or an error; never cleared
     *
     * The fd is registered once with EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET. Edge-triggered epoll reports an
     * event each time new data, buffer space, a connection or an error arrives (not only on a not-ready to ready
     * transition), so a task that waits only after its non-blocking call would block (the protocol) is woken by
     * the next arrival, and no interest ever changes: no epoll_ctl and no reactor wake-up per wait.
     *
     * I1. await registers its waker BEFORE it sets its WAITER bit; onEvents clears the WAITER bit BEFORE it wakes.
     *     A set WAITER bit always has a registered waker.
     * I2. No lost wake-up. An arrival after a task's failed attempt is reported by an epoll_wait that returns after
     *     the arrival. onEvents handles it in one CAS: a WAITER bit set is cleared and its task woken; otherwise
     *     the READY bit is set. await takes a set READY bit in one CAS (clears it and wakes its own waker at once:
     *     the edge may be newer than the attempt) or else sets WAITER. The CASes order every event against every
     *     await, so the edge either finds the waiter or is found by it. An edge older than the attempt makes a
     *     READY that costs one spurious retry, which the protocol allows.
     * I3. clear(op) (a pending operation cancelled) clears the waker and the WAITER bit. An edge that already
     *     cleared the bit woke nobody (the slot was empty): the next operation tries the socket first, so nothing
     *     is lost.
     * I4. deregister sets CLOSED and clears both WAITER bits in one CAS, then removes the fd from the epoll set
     *     (EpollIoDriver I5) and wakes both wakers; await re-checks CLOSED in its CAS loop, so a waiter racing with
     *     close is woken (and then fails on its channel op) rather than stranded. onEvents ignores a CLOSED
     *     registration (a batch read before the removal may still carry its events).
     * I6. awaitEdge (a read after a short read, StreamIo I4) skips the attempt only when no edge arrived since
     *     the last one that woke or was taken, so it must see every arrival the short read did not consume. An
     *     arrival after the short read reports a fresh edge (it sets READY or wakes the waiter, as in I2). One
     *     before it was already reported to a waiter or left READY, except that epoll coalesces: a FIN that lands
     *     while the data's event still sits in the ready list is reported in that same event, and the short read
     *     returns the data but not the end of stream. So PEER_CLOSED is sticky, set by onEvents on EPOLLRDHUP,
     *     EPOLLHUP or EPOLLERR, and awaitEdge always retries once it is set (Tokio keeps its closed readiness
     *     for the same reason). A READY edge older than the short read costs one read that finds nothing.
     * I5. Wakers are user code: one that throws is logged (Registration.wake) and the other direction is still
     *     woken. The state word is updated before any waker runs.
     */
    static final int READ_WAITER = 1;
    static final int WRITE_WAITER = 2;
    static final int READ_READY = 4;
    static final int WRITE_READY = 8;
    static final int CLOSED = 16;
    static final int PEER_CLOSED = 32;
    /** Events after which a read returns the end of stream or an error: sticky (I6). */
    static final int PEER_CLOSED_EVENTS = EPOLLRDHUP | EPOLLHUP | EPOLLERR;
    /** Events that make the read side worth a retry: data, end of stream, hang-up, error. */
    static final int READ_EVENTS = EPOLLIN | EPOLLPRI | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
    /** Events that make the write side worth a retry: buffer space, connection finished, hang-up, error. */
    static final int WRITE_EVENTS = EPOLLOUT | EPOLLHUP | EPOLLERR;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EpollRegistration.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EpollIoDriver driver;
    final SelectableChannel channel;
    /** The channel's file descriptor (JDK channels never change it while open). */
    final int fd;
    /** This registration's slot in the driver's table: the epoll_data of its events (EpollIoDriver I4). */
    final int index;
    private final AtomicWaker readWaker = new AtomicWaker();
    private final AtomicWaker writeWaker = new AtomicWaker();
    /** Read and written with VarHandle atomics (see the notes). */
    @SuppressWarnings("unused")
    private volatile int state;

    EpollRegistration(EpollIoDriver driver, SelectableChannel channel, int fd, int index) {
        this.driver = driver;
        this.channel = channel;
        this.fd = fd;
        this.index = index;
    }

    @Override
    public EpollIoDriver driver() {
        return driver;
    }

    @Override
    public void await(int op, Waker waker) {
        boolean read = isReadSide(op);
        AtomicWaker slot = read ? readWaker : writeWaker;
        int waiter = read ? READ_WAITER : WRITE_WAITER;
        int ready = read ? READ_READY : WRITE_READY;
        slot.register(waker); // I1: waker first
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if ((s & CLOSED) != 0) { // I4
                wake(slot);
                return;
            }
            if ((s & ready) != 0) { // I2: an edge nobody took: retry now
                if (STATE.compareAndSet(this, s, s & ~ready)) {
                    wake(slot);
                    return;
                }
            } else if ((s & waiter) != 0 || STATE.compareAndSet(this, s, s | waiter)) {
                return;
            }
        }
    }

    @Override
    public boolean edgeTriggered() {
        return true;
    }

    @Override
    public boolean awaitEdge(int op, Waker waker) {
        boolean read = isReadSide(op);
        AtomicWaker slot = read ? readWaker : writeWaker;
        int waiter = read ? READ_WAITER : WRITE_WAITER;
        int ready = read ? READ_READY : WRITE_READY;
        int retryAnyway = read ? CLOSED | PEER_CLOSED : CLOSED; // I4, I6
        slot.register(waker); // I1: waker first
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if ((s & retryAnyway) != 0) return false;
            if ((s & ready) != 0) { // I2: an edge nobody took: try now
                if (STATE.compareAndSet(this, s, s & ~ready)) return false;
            } else if ((s & waiter) != 0 || STATE.compareAndSet(this, s, s | waiter)) {
                return true;
            }
        }
    }

    @Override
    public void clear(int op) {
        boolean read = isReadSide(op);
        (read ? readWaker : writeWaker).clear(); // I3
        STATE.getAndBitwiseAnd(this, ~(read ? READ_WAITER : WRITE_WAITER));
    }

    @Override
    public boolean isWaiting(int op) {
        return ((int) STATE.getVolatile(this) & (isReadSide(op) ? READ_WAITER : WRITE_WAITER)) != 0;
    }

    /** Number of directions with a waiting task (0, 1 or 2). */
    int waiters() {
        return Integer.bitCount((int) STATE.getVolatile(this) & (READ_WAITER | WRITE_WAITER));
    }

    @Override
    public void deregister() {
        int s;
        do { // I4: CLOSED and no waiter in one step
            s = (int) STATE.getVolatile(this);
            if ((s & CLOSED) != 0) return;
        } while (!STATE.compareAndSet(this, s, (s & ~(READ_WAITER | WRITE_WAITER)) | CLOSED));
        driver.deregistered(this);
        wakeAll();
    }

    @Override
    public boolean isClosed() {
        return ((int) STATE.getVolatile(this) & CLOSED) != 0;
    }

    /** Driver thread: epoll reported {@code events} for this fd (I2). */
    void onEvents(int events) {
        boolean r = (events & READ_EVENTS) != 0;
        boolean w = (events & WRITE_EVENTS) != 0;
        int prev;
        int next;
        do {
            prev = (int) STATE.getVolatile(this);
            if ((prev & CLOSED) != 0) return; // I4
            next = prev;
            if (r) next = (prev & READ_WAITER) != 0 ? next & ~READ_WAITER : next | READ_READY;
            if (w) next = (prev & WRITE_WAITER) != 0 ? next & ~WRITE_WAITER : next | WRITE_READY;
            if ((events & PEER_CLOSED_EVENTS) != 0) next |= PEER_CLOSED; // I6
        } while (next != prev && !STATE.compareAndSet(this, prev, next));
        if (r && (prev & READ_WAITER) != 0) wake(readWaker); // I5
        if (w && (prev & WRITE_WAITER) != 0) wake(writeWaker);
    }

    void wakeAll() {
        wake(readWaker); // I5
        wake(writeWaker);
    }

    /** The state word (for tests). */
    int state() {
        return (int) STATE.getVolatile(this);
    }

    @Override
    public String toString() {
        return "EpollRegistration[fd " + fd + ", slot " + index + ", state " + Integer.toBinaryString(state()) + "]";
    }
}
