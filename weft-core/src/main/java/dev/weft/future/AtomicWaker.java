package dev.weft.future;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * A slot for one waker that one thread registers into while any thread may wake it concurrently: the building
 * block of hand-written futures completed from another thread (futures-rs {@code AtomicWaker}).
 *
 * <p>Register first, then check the condition; the producer sets the condition, then calls {@link #wake()}.
 * Whatever the interleaving, the consumer either sees the condition or is woken.
 * {@snippet class=dev.weft.future.snippets.FutureSnippets region=atomicWaker}
 *
 * <p><b>Memory effects:</b> actions before {@code wake()} happen-before the registered waker's
 * {@code wake()} is invoked, and a {@code register} that races with {@code wake} wakes its own waker.
 *
 * <p>The class is open only so that a synchronization primitive can embed the slot by extending it (one object
 * fewer per instance: {@code Oneshot}'s shared state does); every method is final.
 */
public class AtomicWaker {
    /*
     * Implementation notes
     *
     * The futures-rs AtomicWaker protocol (futures-core/src/task/__internal/atomic_waker.rs), re-expressed with
     * a VarHandle on an int state.
     *
     * State bits: REGISTERING (a register() is writing `waker`), WAKING (a wake() is taking `waker`).
     *   WAITING (0)           idle; `waker` may be read or written by whoever sets a bit first
     *   REGISTERING           owned by register()
     *   WAKING                owned by take()
     *   REGISTERING | WAKING  a take() arrived during register(); register() must wake the new waker itself
     *
     * I1. `waker` is written only by the thread that moved state from WAITING to REGISTERING or WAKING.
     * I2. A register() that finds WAKING set wakes its argument directly: the wake-up it would miss is
     *     delivered to it.
     * I3. A take() that finds REGISTERING set leaves the WAKING bit for register() to observe (I2).
     *
     * Ordering: every state transition is a CAS or getAndBitwiseOr (volatile); `waker` is a plain field
     * published by those transitions. Progress: lock-free; register() is wait-free when uncontended.
     */
    private static final int WAITING = 0;
    private static final int REGISTERING = 0b01;
    private static final int WAKING = 0b10;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AtomicWaker.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Written by CAS/getAndBitwiseOr from any thread. */
    @SuppressWarnings("unused")
    private volatile int state;

    /** Guarded by the REGISTERING/WAKING bits (I1). */
    private Waker waker;

    /** Creates an empty slot. */
    public AtomicWaker() {}

    /**
     * Stores {@code w}, replacing any earlier waker. Call it from the polling thread only.
     *
     * @throws NullPointerException when {@code w} is null
     */
    public final void register(Waker w) {
        if (w == null) throw new NullPointerException("waker");
        int prev = (int) STATE.compareAndExchange(this, WAITING, REGISTERING);
        if (prev == WAITING) {
            waker = w;
            int now = (int) STATE.compareAndExchange(this, REGISTERING, WAITING);
            if (now != REGISTERING) {
                // I2: a wake() came in while registering (state REGISTERING | WAKING)
                Waker taken = waker;
                waker = null;
                STATE.setVolatile(this, WAITING);
                if (taken != null) taken.wake();
            }
        } else if ((prev & WAKING) != 0) {
            w.wake(); // I2: a wake is in progress
        }
        // else: a concurrent register(), which the single-registrar contract rules out; drop this one
    }

    /** Wakes and removes the registered waker, if any. Safe from any thread. */
    public final void wake() {
        Waker w = take();
        if (w != null) w.wake();
    }

    /** Removes and returns the registered waker without waking it, or {@code null}. */
    public final @Nullable Waker take() {
        int prev = (int) STATE.getAndBitwiseOr(this, WAKING);
        if (prev == WAITING) {
            Waker w = waker;
            waker = null;
            STATE.getAndBitwiseAnd(this, ~WAKING);
            return w;
        }
        return null; // I3
    }

    /** Forgets the registered waker without waking it (used on cancel). */
    public final void clear() {
        take();
    }
}
