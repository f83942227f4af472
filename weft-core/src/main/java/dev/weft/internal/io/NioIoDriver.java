package dev.weft.internal.io;

import dev.weft.internal.util.Driver;
import dev.weft.internal.util.ThreadParkDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The NIO I/O driver: a readiness reactor on one {@link Selector} (every JDK and OS; the default). The worker
 * holding the driver blocks in {@code select} rather than in {@code LockSupport.park}, and dispatches readiness to
 * the waiting {@link NioRegistration}s before returning.
 *
 * <p>See the {@linkplain dev.weft.internal.io package description} for the readiness protocol.
 */
public final class NioIoDriver extends IoDriver {
    /*
     * Implementation notes
     *
     * Threads: park() is called by one thread at a time (the holder of the runtime's driver; Parker I2 /
     * CurrentThreadScheduler's core lock): "the driver thread". Everything else may be called from any thread.
     *
     * I1. SelectionKey.interestOps is written only by the driver thread (drain() and dispatch()). Other threads
     *     request changes by setting bits in a NioRegistration's state word and queueing the registration once
     *     (NioRegistration I2); drain() runs at the start of every park, before select, so a queued change is in
     *     effect for the next select.
     * I2. `selecting` is true exactly while the driver thread is inside (or about to enter) a blocking select.
     *     The driver writes selecting = true and THEN re-reads `changes`; a requester offers to `changes` and THEN
     *     reads `selecting`. Both are volatile (sequentially consistent), so either the driver sees the change and
     *     does not block, or the requester sees `selecting` and wakes the selector (Dekker).
     * I3. `wakeupSent` limits requesters to one Selector.wakeup() per blocking select; it is reset by the driver
     *     before it sets `selecting`.
     * I4. `notified` is set by unpark() before Selector.wakeup(). park() consumes it: a park that finds it set
     *     does not block. It exists because selectNow() (park(0)) clears a pending Selector wake-up, which would
     *     otherwise lose an unpark issued before a blocking park (the TimeDriver relies on unpark being sticky).
     * I5. Key registration (SelectableChannel.register) and cancellation (SelectionKey.cancel) are done by any
     *     thread: since JDK 11 both may be invoked during a select (they take effect at the next one). A cancelled
     *     key's channel is only released (its descriptor closed, if the channel was closed) at the next select,
     *     so deregister() wakes a blocked selector.
     * I6. Wakers are called by the driver thread with no lock held: select's action only records the ready keys
     *     (no selected-key set to fill and empty); dispatch() runs after select returned. A waker that throws
     *     (an Error included) is contained per registration (NioRegistration I8, and a guard per entry here), so
     *     the driver thread survives and every other ready registration is still dispatched.
     * I8. select returns at once while the driver thread's interrupt flag is set; the caller clears it before
     *     parking when the flag means nothing to it (Worker I6); blockOn's thread treats it as cancellation.
     * I7. After close() (runtime shutdown, no driver thread left), park/unpark fall back to `afterClose`.
     *
     * Ordering table:
     *   write                                   mode      matching read
     *   NioRegistration.state |= op|QUEUED         volatile  drain(): state read after QUEUED cleared
     *   CAS changes (push reg)                  volatile  park(): changes != null after selecting = true (I2)
     *   selecting = true                        volatile  requestChange(): selecting (I2)
     *   notified = true                         volatile  park(): notified.getAndSet(false) (I4)
     */
    private static final System.Logger LOG = System.getLogger(IoDriver.class.getName());

    private final Selector selector;
    private final Driver afterClose;
    /**
     * NioRegistrations whose interest must be recomputed, as an intrusive Treiber stack through
     * {@link NioRegistration#nextChange} (a push is one CAS and allocates nothing; order does not matter: each
     * registration is queued at most once per QUEUED bit, NioRegistration I2); drained by the driver thread (I1).
     */
    private volatile NioRegistration changes;
    private static final java.lang.invoke.VarHandle CHANGES;

    static {
        try {
            CHANGES = java.lang.invoke.MethodHandles.lookup()
                    .findVarHandle(NioIoDriver.class, "changes", NioRegistration.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Collects one selected key with its ready set during a select (I6: dispatched after the select returns, with
     * no selector lock held); driver thread only. The action form of select avoids the selected-key HashSet.
     */
    private final java.util.function.Consumer<SelectionKey> collector = this::collect;
    private NioRegistration[] readyRegs = new NioRegistration[64];
    private int[] readyOps = new int[64];
    private int readyCount;
    /** I2. */
    private volatile boolean selecting;
    /** I3. */
    private final AtomicBoolean wakeupSent = new AtomicBoolean();
    /** I4. */
    private final AtomicBoolean notified = new AtomicBoolean();
    /** Live registrations (registered and not yet deregistered). */
    private final AtomicInteger registrations = new AtomicInteger();
    /** Directions with a waiter (a bit set in some registration's state word). */
    private final AtomicInteger waiters = new AtomicInteger();
    /** I7. */
    private volatile boolean closed;

    /**
     * A driver on a new selector.
     *
     * @throws UncheckedIOException when the selector cannot be opened
     */
    public NioIoDriver() {
        this(new ThreadParkDriver());
    }

    /**
     * A driver on a new selector that parks on {@code afterClose} once {@link #close()}d.
     *
     * @throws UncheckedIOException when the selector cannot be opened
     */
    public NioIoDriver(Driver afterClose) {
        this(afterClose, openSelector());
    }

    /** A driver on {@code selector}: model checks drive registrations through a selector of their own. */
    NioIoDriver(Driver afterClose, Selector selector) {
        this.afterClose = Objects.requireNonNull(afterClose, "afterClose");
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    private static Selector openSelector() {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the I/O driver's selector", e);
        }
    }

    /**
     * Registers {@code channel} (switched to non-blocking mode) with no interest yet.
     *
     * @throws UncheckedIOException when the channel is closed or cannot be registered
     */
    @Override
    public NioRegistration register(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        NioRegistration reg = new NioRegistration(this);
        try {
            channel.configureBlocking(false);
            reg.attach(channel.register(selector, 0, reg)); // I5
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClosedSelectorException e) {
            throw new UncheckedIOException(new IOException("the runtime's I/O driver is shut down", e));
        }
        registrations.incrementAndGet();
        return reg;
    }

    /** Number of live registrations (channels registered and not closed/deregistered); for tests and metrics. */
    @Override
    public int registrationCount() {
        return registrations.get();
    }

    /** Number of directions (read or write side of a registration) with a waiting task; for tests and metrics. */
    @Override
    public int waiterCount() {
        return waiters.get();
    }

    @Override
    public void park(long timeoutNanos) {
        if (closed) {
            afterClose.park(timeoutNanos);
            return;
        }
        try {
            drain();
            if (timeoutNanos == 0 || notified.getAndSet(false)) {
                selector.selectNow(collector); // I4: `notified` survives a concurrent unpark's cleared wake-up
            } else {
                wakeupSent.set(false); // I3
                selecting = true; // I2: then re-check the queue and the notification
                try {
                    if (changes != null || notified.get()) {
                        drain();
                        selector.selectNow(collector);
                    } else if (timeoutNanos < 0) {
                        selector.select(collector);
                    } else {
                        selector.select(collector, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
                    }
                } finally {
                    selecting = false;
                }
                // `notified` is consumed only by the getAndSet above: clearing it here could erase an unpark that
                // arrived after select returned, whose selector wake-up a later selectNow() would also clear; at
                // worst the next park does one extra non-blocking select

            }
            dispatch();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "I/O driver select failed", e);
        } catch (ClosedSelectorException e) {
            // closed concurrently by shutdown: nothing to dispatch
        }
    }

    @Override
    public void unpark() {
        notified.set(true); // I4: before the wake-up
        selector.wakeup(); // a no-op on a closed selector
        if (closed) afterClose.unpark();
    }

    /**
     * Closes the selector (runtime shutdown, after the driver threads stopped). Registered channels stay open
     * but are deregistered; later parks use the fallback driver. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the I/O driver's selector failed", e);
        }
        afterClose.unpark();
    }

    @Override
    public IoDriver.Kind kind() {
        return IoDriver.Kind.NIO;
    }

    /** Queues {@code reg} for an interest update (NioRegistration I2) and wakes a blocked selector (I2, I3). */
    void requestChange(NioRegistration reg) {
        NioRegistration head;
        do {
            head = changes;
            reg.nextChange = head;
        } while (!CHANGES.compareAndSet(this, head, reg));
        wakeSelector();
    }

    /** A key was cancelled: wake a blocked selector so the channel is released now (I5). */
    void deregistered() {
        registrations.decrementAndGet();
        wakeSelector();
    }

    /** NioRegistrations queued for an interest update (for tests; O(n)). */
    int queuedChanges() {
        int n = 0;
        for (NioRegistration r = changes; r != null; r = r.nextChange) n++;
        return n;
    }

    void waiterAdded() {
        waiters.incrementAndGet();
    }

    void waiterRemoved() {
        waiters.decrementAndGet();
    }

    private void wakeSelector() {
        if (selecting && !wakeupSent.getAndSet(true)) selector.wakeup();
    }

    /** Applies queued interest changes (I1). Driver thread only. */
    private void drain() {
        if (changes == null) return;
        NioRegistration reg = (NioRegistration) CHANGES.getAndSet(this, (NioRegistration) null);
        while (reg != null) {
            NioRegistration next = reg.nextChange;
            reg.nextChange = null;
            reg.applyInterest(); // clears QUEUED first: a re-queue may push reg again right away (NioRegistration I2)
            reg = next;
        }
    }

    /** Dispatches the selected keys' readiness (I1, I6). Driver thread only. */
    private void dispatch() {
        int n = readyCount;
        readyCount = 0;
        NioRegistration[] regs = readyRegs;
        int[] ops = readyOps;
        for (int i = 0; i < n; i++) {
            NioRegistration reg = regs[i];
            regs[i] = null;
            try {
                if (ops[i] < 0) reg.wakeAll(); // the key was cancelled meanwhile
                else reg.onReady(ops[i]);
            } catch (Throwable t) { // I6: nothing a registration does may stop the dispatch or the driver
                LOG.log(System.Logger.Level.ERROR, "dispatching readiness to " + reg + " failed; ignored", t);
            }
        }
    }

    /** The select action: records the key's registration and ready set (driver thread, inside select). */
    private void collect(SelectionKey key) {
        int n = readyCount;
        if (n == readyRegs.length) {
            readyRegs = java.util.Arrays.copyOf(readyRegs, n * 2);
            readyOps = java.util.Arrays.copyOf(readyOps, n * 2);
        }
        readyRegs[n] = (NioRegistration) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            ready = -1;
        }
        readyOps[n] = ready;
        readyCount = n + 1;
    }
}
