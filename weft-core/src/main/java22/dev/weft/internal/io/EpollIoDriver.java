package dev.weft.internal.io;

import static dev.weft.internal.io.EpollNative.DATA_OFFSET;
import static dev.weft.internal.io.EpollNative.EPOLLET;
import static dev.weft.internal.io.EpollNative.EPOLLIN;
import static dev.weft.internal.io.EpollNative.EPOLLOUT;
import static dev.weft.internal.io.EpollNative.EPOLLRDHUP;
import static dev.weft.internal.io.EpollNative.EVENT_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.weft.internal.util.Driver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The epoll I/O driver (Linux, JDK 22+): the readiness reactor on one epoll instance called through the Foreign
 * Function &amp; Memory API, woken through an eventfd (Netty's native epoll transport without JNI; mio's design).
 * Sockets stay JDK channels: the driver only needs their file descriptors, read through
 * {@code sun.nio.ch.SelChImpl.getFDVal()}, which needs {@code --add-exports java.base/sun.nio.ch=dev.weft.core}
 * (ADR 0014).
 *
 * <p>Compared with the JDK selector it keeps no fd-to-key map (an event's epoll data is the registration's slot in
 * an array), no selected-key set and no interest updates: each fd is registered once, edge-triggered, for both
 * directions (see {@link EpollRegistration}).
 */
public final class EpollIoDriver extends IoDriver {
    /*
     * Implementation notes
     *
     * Threads: park() is called by one thread at a time (the holder of the runtime's driver; Parker I2 /
     * CurrentThreadScheduler's core lock), not always the same one: "the driver thread". Everything else may be
     * called from any thread.
     *
     * I1. `selecting` is true exactly while the driver thread is inside (or about to enter) a blocking epoll_wait.
     *     The driver writes selecting = true and THEN re-reads `notified`; unpark() writes notified = true and THEN
     *     reads `selecting`. Both are volatile (sequentially consistent), so either the driver sees the
     *     notification and does not block, or unpark sees `selecting` and writes the eventfd (Dekker).
     * I2. `wakeupSent` limits unparkers to one eventfd write per blocking wait; the driver resets it before it
     *     sets `selecting`. A write that lands after its wait ended makes the next blocking wait return at once
     *     (a spurious return, which Driver.park allows).
     * I3. `notified` is set by unpark() and consumed only by park()'s getAndSet: a park that finds it set does not
     *     block. The eventfd is registered edge-triggered and never read: every write is a new edge, and its
     *     counter (2^64 - 2 writes) is reset by a read only if a write ever finds it full.
     * I4. Slots. Each registration owns a slot of `table`; its index is the epoll data of the fd's events (the
     *     eventfd's is WAKE_TOKEN). Slots are handed out and returned under `slabLock`; `table` is replaced (grown)
     *     only under it and its elements are written with release semantics, read by dispatch with acquire (a null
     *     seen there is re-read under the lock: the slot of a registration added during the batch).
     * I5. A slot is reused only after its fd left the epoll set AND the driver thread began a new park. deregister
     *     removes the fd (EPOLL_CTL_DEL) first, then queues the slot in `pendingFree`; the driver moves queued
     *     slots to the free list at the start of park, before its epoll_wait. The kernel serialises DEL with
     *     epoll_wait, so only a batch returned before the DEL can carry the old slot, and that batch is dispatched
     *     within the park that read it, before the slot can be freed: an event never reaches another channel's
     *     registration. (DEL is skipped when the channel is already closed: the kernel removed the fd with it.)
     * I6. `users` guards the two descriptors against close(): every native call on epfd or the eventfd (park's
     *     wait, register's and deregister's epoll_ctl, an eventfd write) runs between enter() and exit(), and
     *     close() sets CLOSED_BIT, wakes the wait, waits for the count to drain, and only then closes them, so no
     *     call ever reaches a closed (possibly reused) descriptor. The buffers are in an automatic arena, freed
     *     when the driver is unreachable, so no segment is ever used after it is freed. After close, enter() fails: park
     *     and unpark fall back to `afterClose`, register fails, deregister skips the kernel.
     * I7. Wakers are called by the driver thread with no lock held, after the epoll_wait and outside enter/exit;
     *     a waker that throws (an Error included) is contained per registration (EpollRegistration I5, and a
     *     guard per event here), so the driver thread survives and every other event is still dispatched.
     * I8. Interrupts: the blocking epoll_wait runs between AbstractSelector.begin() and end() of a private
     *     selector whose wakeup() writes the eventfd, so Thread.interrupt() wakes it as it wakes a JDK selector,
     *     and a wait entered with the flag set returns at once (the caller clears it when it means nothing to it:
     *     Worker I6; blockOn's thread treats it as cancellation). A wait never pins an interrupt to epoll: the
     *     flag is left as found.
     *
     * Ordering table:
     *   write                               mode      matching read
     *   notified = true                     volatile  park(): notified.getAndSet / get after selecting (I1, I3)
     *   selecting = true                    volatile  unpark(): selecting (I1)
     *   table[i] = reg (under slabLock)     release   dispatch(): getAcquire, else re-read under slabLock (I4)
     *   pendingFree += i; freesPending      lock      park(): freesPending, then the list under slabLock (I5)
     *   users |= CLOSED_BIT                 atomic    enter(): getAndIncrement (I6)
     */
    private static final System.Logger LOG = System.getLogger(IoDriver.class.getName());
    private static final long WAKE_TOKEN = -1L;
    private static final int MAX_EVENTS = 1024;
    private static final int CLOSED_BIT = Integer.MIN_VALUE;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(EpollRegistration[].class);
    /** {@code sun.nio.ch.SelChImpl.getFDVal()} as {@code (Object)int}, or null when the package is not exported. */
    private static final MethodHandle FD_VAL = fdValHandle();

    private final Driver afterClose;
    /**
     * The driver's native buffers (events, errno capture, the eventfd's 1). An automatic arena: its memory lives as
     * long as the driver is reachable, and using its segments costs no session acquire/release per downcall (a
     * shared arena's atomic acquire/release showed as 6% of the driver thread's samples in W11).
     */
    private final Arena arena = Arena.ofAuto();
    private final int epfd;
    private final int eventfd;
    private final MemorySegment events;
    /** errno capture of the blocking epoll_wait (driver thread only). */
    private final MemorySegment waitCapture;
    /** 8 bytes holding 1: what an eventfd write adds. */
    private final MemorySegment one;
    private final Interrupter interrupter = new Interrupter();
    /** I6: native calls in flight on epfd/eventfd, plus CLOSED_BIT. */
    private final AtomicInteger users = new AtomicInteger();
    /** I1. */
    private volatile boolean selecting;
    /** I2. */
    private final AtomicBoolean wakeupSent = new AtomicBoolean();
    /** I3. */
    private final AtomicBoolean notified = new AtomicBoolean();
    private final AtomicInteger registrations = new AtomicInteger();
    private volatile boolean closed;

    private final Object slabLock = new Object();
    /** I4: slot i holds the registration whose events carry data i; replaced (grown) under slabLock. */
    private volatile EpollRegistration[] table = new EpollRegistration[64];
    private int[] freeSlots = new int[64]; // guarded by slabLock
    private int freeCount; // guarded by slabLock
    private int nextSlot; // guarded by slabLock
    private int[] pendingFree = new int[16]; // guarded by slabLock (I5)
    private int pendingCount; // guarded by slabLock
    private volatile boolean freesPending;

    /**
     * A driver on a new epoll instance that parks on {@code afterClose} once {@link #close()}d.
     *
     * @throws IllegalStateException when the epoll driver is unavailable in this JVM ({@link #unavailableReason()})
     * @throws UncheckedIOException when epoll or the eventfd cannot be created
     */
    public EpollIoDriver(Driver afterClose) {
        this.afterClose = Objects.requireNonNull(afterClose, "afterClose");
        String reason = unavailableReason();
        if (reason != null) throw new IllegalStateException("the epoll I/O driver is unavailable: " + reason);
        try {
            MemorySegment capture = arena.allocate(EpollNative.CAPTURE);
            int ep = (int) EpollNative.EPOLL_CREATE1.invokeExact(capture, EpollNative.EPOLL_CLOEXEC);
            if (ep < 0) {
                int errno = EpollNative.errno(capture);
                throw new UncheckedIOException(new IOException("epoll_create1: " + EpollNative.errnoName(errno)));
            }
            int ev = (int) EpollNative.EVENTFD.invokeExact(capture, 0,
                    EpollNative.EFD_CLOEXEC | EpollNative.EFD_NONBLOCK);
            if (ev < 0) {
                int errno = EpollNative.errno(capture);
                closeFd(ep);
                throw new UncheckedIOException(new IOException("eventfd: " + EpollNative.errnoName(errno)));
            }
            this.epfd = ep;
            this.eventfd = ev;
            this.events = arena.allocate(EVENT_SIZE * MAX_EVENTS, 8);
            this.waitCapture = arena.allocate(EpollNative.CAPTURE);
            this.one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            int rc = ctl(EpollNative.EPOLL_CTL_ADD, eventfd, EPOLLIN | EPOLLET, WAKE_TOKEN);
            if (rc != 0) {
                closeFd(ev);
                closeFd(ep);
                throw new UncheckedIOException(new IOException("epoll_ctl(ADD, eventfd): "
                        + EpollNative.errnoName(rc)));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw EpollNative.rethrow(t);
        }
    }

    /**
     * Why this driver cannot run in this JVM, or null when it can (called reflectively by {@link IoDriver}). Checks
     * without linking any native function (linking is what the JDK warns about without native access), so it must
     * not initialise {@link EpollNative}.
     */
    static String unavailableReason() {
        String os = System.getProperty("os.name", "");
        if (!os.startsWith("Linux")) return "epoll is Linux only, this is " + os;
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "it supports x86-64 and AArch64 (the layout of struct epoll_event), this is " + arch;
        }
        if (FD_VAL == null) {
            Module me = EpollIoDriver.class.getModule();
            return "reading a socket channel's file descriptor needs the JVM option --add-exports"
                    + " java.base/sun.nio.ch=" + (me.isNamed() ? me.getName() : "ALL-UNNAMED");
        }
        try {
            var libc = Linker.nativeLinker().defaultLookup();
            for (String f : new String[] {"epoll_create1", "epoll_ctl", "epoll_wait", "eventfd"}) {
                if (libc.find(f).isEmpty()) return "the C library has no " + f;
            }
        } catch (RuntimeException | Error e) {
            return "the native linker is unavailable: " + e;
        }
        return null;
    }

    /** True when native access is enabled for weft-core (linking then prints no warning). */
    static boolean nativeAccessEnabled() {
        return EpollIoDriver.class.getModule().isNativeAccessEnabled();
    }

    private static MethodHandle fdValHandle() {
        try {
            Module me = EpollIoDriver.class.getModule();
            if (!Object.class.getModule().isExported("sun.nio.ch", me)) return null;
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            return MethodHandles.lookup().findVirtual(selCh, "getFDVal", MethodType.methodType(int.class))
                    .asType(MethodType.methodType(int.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The channel's file descriptor. */
    private static int fdOf(SelectableChannel channel) {
        try {
            return (int) FD_VAL.invokeExact((Object) channel);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("channel: " + channel.getClass().getName()
                    + " (expected: a JDK socket channel; the epoll driver reads its file descriptor)", e);
        } catch (Throwable t) {
            throw EpollNative.rethrow(t);
        }
    }

    @Override
    public IoDriver.Kind kind() {
        return IoDriver.Kind.EPOLL;
    }

    @Override
    public EpollRegistration register(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int fd = fdOf(channel);
        if (!enter()) throw shutDown();
        try {
            EpollRegistration reg;
            synchronized (slabLock) { // I4
                int slot = freeCount > 0 ? freeSlots[--freeCount] : nextSlot++;
                EpollRegistration[] t = table;
                if (slot >= t.length) table = t = Arrays.copyOf(t, t.length * 2);
                reg = new EpollRegistration(this, channel, fd, slot);
                SLOT.setRelease(t, slot, reg);
            }
            int rc = ctl(EpollNative.EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, reg.index);
            if (rc != 0) {
                synchronized (slabLock) { // no event can name a slot whose ADD failed: free it now
                    SLOT.setRelease(table, reg.index, (EpollRegistration) null);
                    pushFree(reg.index);
                }
                throw new UncheckedIOException(new IOException("epoll_ctl(ADD, fd " + fd + "): "
                        + EpollNative.errnoName(rc)));
            }
            registrations.incrementAndGet();
            return reg;
        } finally {
            exit();
        }
    }

    private static UncheckedIOException shutDown() {
        return new UncheckedIOException(new IOException("the runtime's I/O driver is shut down"));
    }

    @Override
    public int registrationCount() {
        return registrations.get();
    }

    @Override
    public int waiterCount() {
        int n = 0;
        synchronized (slabLock) { // O(slots): tests and metrics only, so the wait path counts nothing
            for (EpollRegistration r : table) {
                if (r != null) n += r.waiters();
            }
        }
        return n;
    }

    @Override
    public void park(long timeoutNanos) {
        if (closed || !enter()) { // I6
            afterClose.park(timeoutNanos);
            return;
        }
        int n;
        try {
            if (freesPending) releaseFreed(); // I5: before the wait
            if (timeoutNanos == 0 || notified.getAndSet(false)) {
                n = waitNow(); // I3
            } else {
                wakeupSent.set(false); // I2
                selecting = true; // I1: then re-check the notification
                try {
                    n = notified.get() ? waitNow() : waitBlocking(timeoutNanos);
                } finally {
                    selecting = false;
                }
                // `notified` is consumed only by the getAndSet above (the NIO driver's reasoning): clearing it here
                // could erase an unpark that arrived after the wait returned
            }
        } finally {
            exit();
        }
        dispatch(n);
    }

    @Override
    public void unpark() {
        notified.set(true); // I1, I3
        if (selecting && !wakeupSent.getAndSet(true)) signal(); // I2
        if (closed) afterClose.unpark();
    }

    /**
     * Closes the epoll instance and the eventfd (runtime shutdown, after the driver threads stopped). Registered
     * channels stay open but leave the reactor; later parks use the fallback driver. Idempotent.
     */
    @Override
    public void close() {
        int prev = users.getAndUpdate(u -> u | CLOSED_BIT);
        if ((prev & CLOSED_BIT) != 0) return;
        closed = true;
        if ((prev & ~CLOSED_BIT) != 0) writeEventfd(); // a wait in flight: wake it (the fds are still open)
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        while ((users.get() & ~CLOSED_BIT) != 0) { // I6: let in-flight calls finish
            if (System.nanoTime() - deadline > 0) {
                LOG.log(System.Logger.Level.WARNING, "closing the epoll I/O driver: a native call on its descriptors"
                        + " did not return within 10 s; the descriptors are left open");
                afterClose.unpark();
                return;
            }
            LockSupport.parkNanos(100_000);
        }
        closeFd(eventfd);
        closeFd(epfd);
        afterClose.unpark();
    }

    /** I6: one more native call on the descriptors, unless closed. */
    private boolean enter() {
        if (users.getAndIncrement() < 0) {
            users.getAndDecrement();
            return false;
        }
        return true;
    }

    private void exit() {
        users.getAndDecrement();
    }

    /** Writes the eventfd (a new edge for the epoll wait) unless the driver is closed (I6). */
    private void signal() {
        if (!enter()) return;
        try {
            writeEventfd();
        } finally {
            exit();
        }
    }

    /** Caller holds a use (I6) or is close() before the descriptors are closed. */
    private void writeEventfd() {
        try {
            long r = (long) EpollNative.WRITE.invokeExact(eventfd, one, 8L);
            if (r < 0) { // only a full counter (EAGAIN) fails: reset it and write again (I3)
                try (Arena a = Arena.ofConfined()) {
                    long ignored = (long) EpollNative.READ.invokeExact(eventfd, a.allocate(JAVA_LONG), 8L);
                }
                r = (long) EpollNative.WRITE.invokeExact(eventfd, one, 8L);
                if (r < 0) LOG.log(System.Logger.Level.ERROR, "epoll I/O driver: the eventfd write failed");
            }
        } catch (Throwable t) {
            throw EpollNative.rethrow(t);
        }
    }

    /** A key of the Selector API is the wrong tool here; the JDK's interrupt hook is the right one (I8). */
    private final class Interrupter extends AbstractSelector {
        Interrupter() {
            super(SelectorProvider.provider());
        }

        void enterBlocking() {
            begin();
        }

        void exitBlocking() {
            end();
        }

        @Override
        public Selector wakeup() {
            signal();
            return this;
        }

        @Override
        protected void implCloseSelector() {
            // owns nothing
        }

        @Override
        protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
            throw new UnsupportedOperationException("the epoll driver's interrupt hook registers no channel");
        }

        @Override
        public Set<SelectionKey> keys() {
            return Set.of();
        }

        @Override
        public Set<SelectionKey> selectedKeys() {
            return Set.of();
        }

        @Override
        public int selectNow() {
            return 0;
        }

        @Override
        public int select(long timeout) {
            return 0;
        }

        @Override
        public int select() {
            return 0;
        }
    }

    /** epoll_wait without blocking (a critical call). Caller holds a use. */
    private int waitNow() {
        try {
            int n = (int) EpollNative.EPOLL_WAIT_NOW.invokeExact(epfd, events, MAX_EVENTS, 0);
            return Math.max(n, 0); // EINTR (the only plausible error) means no events
        } catch (Throwable t) {
            throw EpollNative.rethrow(t);
        }
    }

    /** The blocking epoll_wait, interruptible (I8). Caller holds a use. */
    private int waitBlocking(long timeoutNanos) {
        int ms = timeoutNanos < 0 ? -1
                : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        interrupter.enterBlocking();
        try {
            int n = (int) EpollNative.EPOLL_WAIT.invokeExact(waitCapture, epfd, events, MAX_EVENTS, ms);
            if (n < 0) {
                int errno = EpollNative.errno(waitCapture);
                if (errno != EpollNative.EINTR) {
                    LOG.log(System.Logger.Level.ERROR, "epoll I/O driver: epoll_wait failed: "
                            + EpollNative.errnoName(errno));
                }
                return 0;
            }
            return n;
        } catch (Throwable t) {
            throw EpollNative.rethrow(t);
        } finally {
            interrupter.exitBlocking();
        }
    }

    /** Dispatches the first {@code n} events of the buffer (I4, I7). Driver thread only. */
    private void dispatch(int n) {
        if (n == 0) return;
        MemorySegment ev = events;
        EpollRegistration[] t = table;
        for (int i = 0; i < n; i++) {
            long at = i * EVENT_SIZE;
            int bits = ev.get(JAVA_INT_UNALIGNED, at);
            long token = ev.get(JAVA_LONG_UNALIGNED, at + DATA_OFFSET);
            if (token == WAKE_TOKEN) continue; // I3: the edge was the wake-up
            int slot = (int) token;
            EpollRegistration reg = slot < t.length ? (EpollRegistration) SLOT.getAcquire(t, slot) : null;
            if (reg == null) reg = slotLocked(slot); // I4: registered during this batch
            if (reg == null) continue;
            try {
                reg.onEvents(bits);
            } catch (Throwable e) { // I7: nothing a registration does may stop the dispatch or the driver
                LOG.log(System.Logger.Level.ERROR, "dispatching readiness to " + reg + " failed; ignored", e);
            }
        }
    }

    private EpollRegistration slotLocked(int slot) {
        synchronized (slabLock) {
            EpollRegistration[] t = table;
            return slot < t.length ? t[slot] : null;
        }
    }

    /**
     * Called by {@link EpollRegistration#deregister()} once CLOSED is set: removes the fd from the epoll set and
     * queues the slot (I5).
     */
    void deregistered(EpollRegistration reg) {
        registrations.decrementAndGet();
        if (!enter()) return; // I6: the epoll instance is gone, and every fd with it
        try {
            if (reg.channel.isOpen()) { // a closed channel's fd left the set with it (and may be reused)
                int rc = ctl(EpollNative.EPOLL_CTL_DEL, reg.fd, 0, 0);
                if (rc != 0 && rc != EpollNative.ENOENT && rc != EpollNative.EBADF) {
                    LOG.log(System.Logger.Level.WARNING, "epoll I/O driver: epoll_ctl(DEL, fd " + reg.fd + "): "
                            + EpollNative.errnoName(rc));
                }
            }
            synchronized (slabLock) {
                if (pendingCount == pendingFree.length) pendingFree = Arrays.copyOf(pendingFree, pendingCount * 2);
                pendingFree[pendingCount++] = reg.index;
                freesPending = true;
            }
        } finally {
            exit();
        }
    }

    /** Driver thread, at the start of a park: queued slots become free (I5). */
    private void releaseFreed() {
        synchronized (slabLock) {
            EpollRegistration[] t = table;
            for (int i = 0; i < pendingCount; i++) {
                int slot = pendingFree[i];
                SLOT.setRelease(t, slot, (EpollRegistration) null);
                pushFree(slot);
            }
            pendingCount = 0;
            freesPending = false;
        }
    }

    private void pushFree(int slot) { // under slabLock
        if (freeCount == freeSlots.length) freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        freeSlots[freeCount++] = slot;
    }

    /** epoll_ctl; returns 0 or the errno. Caller holds a use (I6). */
    private int ctl(int op, int fd, int eventBits, long data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ev = a.allocate(EVENT_SIZE, 8);
            ev.set(JAVA_INT_UNALIGNED, 0, eventBits);
            ev.set(JAVA_LONG_UNALIGNED, DATA_OFFSET, data);
            MemorySegment capture = a.allocate(EpollNative.CAPTURE);
            int rc = (int) EpollNative.EPOLL_CTL.invokeExact(capture, epfd, op, fd, ev);
            return rc == 0 ? 0 : EpollNative.errno(capture);
        } catch (Throwable t) {
            throw EpollNative.rethrow(t);
        }
    }

    private static void closeFd(int fd) {
        try {
            int ignored = (int) EpollNative.CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw EpollNative.rethrow(t);
        }
    }

    /** The registration in {@code slot} (for tests). */
    EpollRegistration registrationInSlot(int slot) {
        return slotLocked(slot);
    }

    @Override
    public String toString() {
        return "EpollIoDriver[epfd " + epfd + ", " + registrations.get() + " registrations]";
    }
}
