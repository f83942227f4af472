package dev.weft.internal.sync;

import dev.weft.future.Waker;
import java.util.Arrays;

/**
 * Wakers collected under a lock and woken after it is released (Tokio's {@code WakeList}), so no waker runs
 * user or executor code while a primitive's lock is held.
 *
 * <p>A waker that throws does not stop the others: {@link SafeWake} logs it and the next one is woken.
 *
 * <p>Holds the first waker in a field and allocates an array only for a second one. Not thread-safe: one
 * thread fills it under the lock and wakes it after unlocking.
 */
public final class WakeList {
    private Waker first;
    private Waker[] more;
    private int moreCount;

    /** Creates an empty list. */
    public WakeList() {}

    /** Adds {@code waker}; {@code null} is ignored. */
    public void add(Waker waker) {
        if (waker == null) return;
        if (first == null) {
            first = waker;
            return;
        }
        if (more == null) more = new Waker[4];
        else if (moreCount == more.length) more = Arrays.copyOf(more, moreCount * 2);
        more[moreCount++] = waker;
    }

    /** Wakes every collected waker once, in the order added, and empties the list. Call it with no lock held. */
    public void wakeAll() {
        Waker w = first;
        first = null;
        SafeWake.wake(w); // a waker that throws is logged; the rest are still woken
        for (int i = 0; i < moreCount; i++) {
            Waker m = more[i];
            more[i] = null;
            SafeWake.wake(m);
        }
        moreCount = 0;
    }
}
