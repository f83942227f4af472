package dev.weft.internal.time;

import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One timer: an intrusive node of the {@link TimerWheel}'s doubly linked slot lists plus the waker to call when
 * it fires. A {@code Sleep} owns exactly one entry and reuses it for every deadline it is reset to, so
 * registering, resetting and cancelling a timer allocate nothing and cost O(1).
 *
 * <p>The owner (the task polling the sleep) reads {@link #isFired()} and stores its waker without locking; every
 * structural change (insert, remove, fire) happens under the driver's lock.
 */
public final class TimerEntry {
    /*
     * Implementation notes
     *
     * state: IDLE -> REGISTERED (TimeDriver.register, under lock) -> FIRED (TimeDriver firing, under lock)
     *        REGISTERED -> IDLE (TimeDriver.cancel, under lock); FIRED/IDLE -> REGISTERED (register again)
     *
     * I1. prev/next/when/level/slot are read and written only under the owning driver's lock.
     * I2. The entry is linked into a wheel slot or the wheel's pending list iff state == REGISTERED.
     * I3. No lost wake-up (Dekker pairing, all accesses volatile):
     *        owner:  write waker; read state       firer: write state = FIRED; getAndSet(waker, null)
     *     Either the owner reads FIRED (and completes), or the firer's getAndSet sees the owner's waker (and
     *     wakes it); both may happen, giving a harmless spurious wake-up.
     * I4. The firer takes the waker under the lock but calls it only after releasing the lock.
     */
    static final int IDLE = 0;
    static final int REGISTERED = 1;
    static final int FIRED = 2;

    private static final VarHandle WAKER;

    static {
        try {
            WAKER = MethodHandles.lookup().findVarHandle(TimerEntry.class, "waker", Waker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Guarded by the driver lock (I1). */
    TimerEntry prev;
    /** Guarded by the driver lock (I1). */
    TimerEntry next;
    /** The deadline in wheel ticks (ms since the driver's origin), rounded up; guarded by the driver lock. */
    long when;
    /** The wheel level holding this entry, or {@link TimerWheel#PENDING}; guarded by the driver lock. */
    int level;
    /** The slot within {@link #level}; guarded by the driver lock. */
    int slot;

    /** Written under the driver lock, read lock-free by the owner (volatile; I3). */
    private volatile int state;
    /** Written by the owner, taken by the firer (volatile; I3). */
    @SuppressWarnings("unused")
    private volatile Waker waker;

    /** Creates an idle entry, registered nowhere. */
    public TimerEntry() {}

    /** True once the entry's deadline has been reached and it was taken out of the wheel. */
    public boolean isFired() {
        return state == FIRED;
    }

    /** True while the entry is in a wheel (registered and not yet fired or cancelled). */
    public boolean isRegistered() {
        return state == REGISTERED;
    }

    /**
     * Stores the waker to call when the entry fires, replacing any earlier one. Owner only; re-check
     * {@link #isFired()} afterwards (I3).
     */
    public void registerWaker(Waker w) {
        Waker cur = (Waker) WAKER.getVolatile(this);
        if (cur != null && cur.willWake(w)) return;
        WAKER.setVolatile(this, w);
    }

    /** Forgets the stored waker (on cancel, or once the owner has seen the entry fire). Owner only. */
    public void clearWaker() {
        WAKER.setVolatile(this, null);
    }

    /** Takes the waker for firing (I3). */
    Waker takeWaker() {
        return (Waker) WAKER.getAndSet(this, (Waker) null);
    }

    int state() {
        return state;
    }

    void setState(int s) {
        state = s;
    }

    @Override
    public String toString() {
        return "TimerEntry[" + switch (state) {
            case IDLE -> "idle";
            case REGISTERED -> "registered";
            default -> "fired";
        } + "]";
    }
}
