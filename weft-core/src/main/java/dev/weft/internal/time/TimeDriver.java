package dev.weft.internal.time;

import dev.weft.future.Waker;
import dev.weft.internal.util.Driver;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The timer driver of a runtime: a {@link TimerWheel} behind one lock, and the {@link Driver} layer that parks
 * the worker until the next timer is due and then fires every expired timer (Tokio's
 * {@code runtime/time/mod.rs}).
 *
 * <p><b>Parking.</b> {@link #park(long)} computes the next deadline of the wheel, parks the inner driver for at
 * most the time left until it (or the caller's timeout, if shorter), then {@linkplain #processExpired() fires}
 * what is due. When the clock is paused and may auto-advance, it does not sleep: it polls the inner driver
 * without waiting and, unless that was interrupted by {@link #unpark()}, advances the clock to the next
 * deadline instead.
 *
 * <p><b>Registering.</b> Any thread may {@link #register register}, re-register (reset) or {@link #cancel
 * cancel} a {@link TimerEntry} at any time, concurrently with the thread that drives; each is O(1). A timer
 * registered earlier than the deadline the driver is sleeping towards unparks the driver.
 *
 * <p><b>Runtimes that do not park</b> (a worker checking timers every N ticks) call {@link #processExpired()}
 * directly and may use {@link #nextDeadlineNanos()} to size their own waits.
 */
public final class TimeDriver implements Driver {
    /*
     * Implementation notes
     *
     * Locking: ONE ReentrantLock guards the whole wheel (Tokio's driver mutex; Tokio later sharded the wheel per
     * worker — a possible refinement once a benchmark shows contention). ReentrantLock rather than a monitor so
     * that virtual threads (async blocks polling a sleep) never pin their carrier on it. It is taken through
     * lockWheel(), which re-tries a held lock up to LOCK_SPINS times before queueing: a service that arms and
     * cancels a deadline per request from both workers (H4) collided often enough that 5% of its samples were
     * the unlocking worker's futex unpark of the one that had queued; with the spin the waiter almost always
     * gets the lock before it parks (H4 on PostgreSQL, three alternations: 32.5 us of server CPU per request
     * against 36.2; W6 and W13 level).
     *
     * Ticks: tick = milliseconds since `origin` (the clock value when the driver was made). A deadline maps to
     * ceil(ms) and `now` to floor(ms), and an entry fires only when floor(now) >= ceil(deadline), so a timer
     * never fires before its deadline (it may fire up to 1 ms plus scheduling delay after it).
     *
     * I1. The wheel, `nextWake` and every TimerEntry's links are touched only under `lock`.
     * I2. Wakers are collected under the lock (at most WAKE_BATCH at a time) and called only after unlocking;
     *     the batch loop re-acquires the lock before touching the wheel again (Tokio's WakeList).
     * I3. `nextWake` is a tick by which the driver is sure to re-examine the wheel (NONE when there is none), and
     *     `sleeping` says that a thread is inside park() between its look at the wheel and its processing (it
     *     may be blocked in the inner driver). A registration with when < nextWake while sleeping unparks the
     *     inner driver, so the sleeper re-computes its timeout, and lowers nextWake to `when`: the unpark is
     *     delivered at the current park, which then re-reads the whole wheel (under the lock), so later
     *     registrations at or after `when` need no unpark of their own. A registration while nobody sleeps
     *     needs none at all: the next park() reads the wheel under the lock before it blocks, and a busy worker
     *     polls the driver every EVENT_INTERVAL ticks. Without this, a select loop registering (and cancelling)
     *     a fresh sleep per message on a running worker paid an eventfd write per message, and the next park of
     *     its worker returned at once only to park again (W13). Parking and processing set nextWake to the
     *     wheel's next expiration, which is <= every entry's deadline: this errs on the side of spurious unparks,
     *     never missed ones.
     * I4. `didWake` is set by unpark() and consumed by the auto-advance path: a park that was interrupted by a
     *     wake-up (e.g. the runtime's own task yielded) must not advance the paused clock.
     * I5. `entryCount` mirrors wheel.size() and is written under the lock after every change; read racily.
     *
     * Progress: blocking (one lock), held for O(1) per registration and O(fired + cascaded) per processing step.
     */
    private static final System.Logger LOG = System.getLogger(TimeDriver.class.getName());
    private static final long NANOS_PER_TICK = 1_000_000L;
    private static final long MAX_TICK = 1L << 60;
    private static final int WAKE_BATCH = 32;
    /** "No deadline" for {@link #nextDeadlineNanos()}. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Driver inner;
    private final Clock clock;
    private final long originNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Re-tries of a held wheel lock before queueing on it; 0 on one processor, where the holder cannot run. */
    static final int LOCK_SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;
    /** Guarded by {@code lock} (I1). */
    private final TimerWheel wheel;
    /** Guarded by {@code lock} (I3). */
    private long nextWake = TimerWheel.NONE;
    /** Guarded by {@code lock} (I3): a thread is inside {@link #park(long)}, between its look and its processing. */
    private boolean sleeping;
    /** Written under {@code lock}, read racily (I5). */
    private volatile int entryCount;
    /** I4. */
    private final AtomicBoolean didWake = new AtomicBoolean();

    /**
     * A driver with Tokio's wheel (6 levels of 64 one-millisecond slots).
     *
     * @param inner the driver to park when waiting (the I/O driver, or a plain thread parker)
     * @param clock the runtime's clock
     */
    public TimeDriver(Driver inner, Clock clock) {
        this(inner, clock, 6, 6);
    }

    /**
     * A driver with a wheel of {@code levels} levels of {@code 2^slotBits} slots; small wheels let tests
     * exercise cascading and the beyond-range path cheaply.
     */
    public TimeDriver(Driver inner, Clock clock, int levels, int slotBits) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wheel = new TimerWheel(levels, slotBits);
        this.originNanos = clock.nowNanos();
    }

    /** The clock this driver reads. */
    public Clock clock() {
        return clock;
    }

    /** The current time of this driver's clock, in nanoseconds. */
    public long nowNanos() {
        return clock.nowNanos();
    }

    /** The number of entries currently registered (not yet fired or cancelled). */
    public int entryCount() {
        return entryCount;
    }

    /**
     * Takes the wheel's lock, re-trying a held lock LOCK_SPINS times before queueing on it ("Locking" above): a
     * registration or cancel holds it for a few hundred nanoseconds, while a queued waiter costs a park and its
     * holder an unpark (a futex system call each).
     */
    private void lockWheel() {
        if (lock.tryLock()) return;
        for (int i = 0; i < LOCK_SPINS; i++) {
            Thread.onSpinWait();
            if (!lock.isLocked() && lock.tryLock()) return;
        }
        lock.lock();
    }

    /**
     * Registers {@code entry} to fire at {@code deadlineNanos} (a value of {@link #nowNanos()}'s scale); if it is
     * already registered it is moved (reset). A deadline whose tick has already been processed fires at once:
     * the entry is marked fired and its stored waker, if any, is woken before this method returns.
     */
    public void register(TimerEntry entry, long deadlineNanos) {
        long when = tickCeil(deadlineNanos);
        Waker toWake = null;
        boolean unpark = false;
        lockWheel();
        try {
            if (entry.state() == TimerEntry.REGISTERED) wheel.remove(entry);
            if (wheel.insert(entry, when)) {
                entry.setState(TimerEntry.REGISTERED);
                if (sleeping && when < nextWake) { // I3
                    unpark = true;
                    nextWake = when;
                }
            } else {
                entry.setState(TimerEntry.FIRED);
                toWake = entry.takeWaker();
            }
            entryCount = wheel.size();
        } finally {
            lock.unlock();
        }
        if (toWake != null) wake(toWake); // I2
        if (unpark) inner.unpark();
    }

    /** Same as {@link #register}: moves a registered entry to a new deadline, or registers it again. */
    public void reset(TimerEntry entry, long deadlineNanos) {
        register(entry, deadlineNanos);
    }

    /**
     * Removes {@code entry} from the wheel synchronously. Returns true when it was registered (it will now never
     * fire), false when it had already fired or was not registered.
     */
    public boolean cancel(TimerEntry entry) {
        if (entry.state() != TimerEntry.REGISTERED) {
            // owner-side fast path: only the driver moves REGISTERED -> FIRED, and never FIRED/IDLE -> REGISTERED
            return false;
        }
        lockWheel();
        try {
            if (entry.state() != TimerEntry.REGISTERED) return false;
            wheel.remove(entry);
            entry.setState(TimerEntry.IDLE);
            entryCount = wheel.size();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fires every entry whose deadline is at or before the clock's current time: marks it fired, removes it and
     * wakes its waker (after releasing the lock). Safe from any thread, concurrently with registrations.
     *
     * @return the number of entries fired
     */
    public int processExpired() {
        return processExpired(false);
    }

    /** {@link #processExpired()}; {@code afterSleep}: called by the thread leaving park(), which clears I3's flag. */
    private int processExpired(boolean afterSleep) {
        Waker[] batch = null;
        int n = 0;
        int fired = 0;
        lockWheel();
        try {
            if (afterSleep) sleeping = false; // I3: from here on registrations need no unpark
            long now = tickFloor(clock.nowNanos());
            for (TimerEntry e; (e = wheel.poll(now)) != null; ) {
                e.setState(TimerEntry.FIRED);
                fired++;
                Waker w = e.takeWaker();
                if (w == null) continue;
                if (batch == null) batch = new Waker[WAKE_BATCH];
                batch[n++] = w;
                if (n == WAKE_BATCH) {
                    entryCount = wheel.size();
                    lock.unlock(); // I2
                    try {
                        wakeAll(batch, n);
                    } finally {
                        n = 0;
                        lockWheel();
                    }
                }
            }
            nextWake = wheel.nextExpirationTick(); // I3
            entryCount = wheel.size();
        } finally {
            lock.unlock();
        }
        wakeAll(batch, n);
        return fired;
    }

    /**
     * The deadline (in clock nanoseconds) at which the wheel next has work, or {@link #NO_DEADLINE}. The wheel
     * may need to wake at a slot boundary before the earliest timer to cascade entries down a level.
     */
    public long nextDeadlineNanos() {
        long next;
        lockWheel();
        try {
            next = wheel.nextExpirationTick();
        } finally {
            lock.unlock();
        }
        return next == TimerWheel.NONE ? NO_DEADLINE : tickToNanos(next);
    }

    /**
     * Parks until the next timer is due, {@link #unpark()} is called or {@code timeoutNanos} elapse (negative: no
     * timeout; zero: do not wait), then fires the expired timers. With a paused clock that may auto-advance, the
     * clock jumps to the next deadline instead of the thread sleeping (see the class description).
     */
    @Override
    public void park(long timeoutNanos) {
        long next;
        lockWheel();
        try {
            next = wheel.nextExpirationTick();
            nextWake = next; // I3: from here on, an earlier registration unparks us
            sleeping = timeoutNanos != 0;
        } finally {
            lock.unlock();
        }
        if (timeoutNanos == 0) {
            inner.park(0);
        } else if (next != TimerWheel.NONE) {
            long wait = tickToNanos(next) - clock.nowNanos();
            if (wait > 0) {
                parkFor(timeoutNanos > 0 ? Math.min(wait, timeoutNanos) : wait);
            } else {
                inner.park(0);
            }
        } else if (timeoutNanos > 0) {
            parkFor(timeoutNanos);
        } else {
            inner.park(-1);
        }
        processExpired(timeoutNanos != 0);
    }

    private void parkFor(long nanos) {
        if (clock.canAutoAdvance()) {
            inner.park(0);
            if (!didWake.getAndSet(false)) clock.advanceNanos(nanos); // I4
        } else {
            inner.park(nanos);
        }
    }

    /** Makes the current or next {@link #park(long)} return promptly (and not auto-advance the clock). */
    @Override
    public void unpark() {
        didWake.set(true);
        inner.unpark();
    }

    /** The tick of a deadline, rounded up so that a timer never fires early. */
    long tickCeil(long deadlineNanos) {
        if (deadlineNanos <= originNanos) return 0;
        long d = deadlineNanos - originNanos;
        if (d < 0) return MAX_TICK; // overflow: the far future
        long t = d / NANOS_PER_TICK + (d % NANOS_PER_TICK != 0 ? 1 : 0);
        return Math.min(t, MAX_TICK);
    }

    /** The tick containing {@code nowNanos}, rounded down. */
    long tickFloor(long nowNanos) {
        if (nowNanos <= originNanos) return 0;
        long d = nowNanos - originNanos;
        if (d < 0) return MAX_TICK;
        return Math.min(d / NANOS_PER_TICK, MAX_TICK);
    }

    /** The clock value at which tick {@code tick} starts. */
    long tickToNanos(long tick) {
        long n = originNanos + tick * NANOS_PER_TICK;
        return tick > Long.MAX_VALUE / NANOS_PER_TICK || n < originNanos ? Long.MAX_VALUE : n;
    }

    /** True when the calling thread holds the wheel lock, for tests of the "wake after unlock" rule (I2). */
    boolean lockHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** The wheel's processed tick, for tests. */
    long elapsedTick() {
        lockWheel();
        try {
            return wheel.elapsed();
        } finally {
            lock.unlock();
        }
    }

    private static void wakeAll(Waker[] batch, int n) {
        for (int i = 0; i < n; i++) {
            Waker w = batch[i];
            batch[i] = null;
            wake(w);
        }
    }

    private static void wake(Waker w) {
        try {
            w.wake();
        } catch (Throwable t) { // a waker must never throw; one that does must not take the driver down
            LOG.log(System.Logger.Level.ERROR, "waker " + w + " threw from wake(); ignored", t);
        }
    }

    @Override
    public String toString() {
        return "TimeDriver[" + clock + ", entries=" + entryCount + "]";
    }
}
