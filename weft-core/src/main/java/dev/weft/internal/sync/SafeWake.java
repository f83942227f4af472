package dev.weft.internal.sync;

import dev.weft.future.Waker;

/**
 * Calls a waker on behalf of a primitive whose caller must not be harmed by it: a {@link Waker#wake()} that
 * throws (an {@code Error} included) is reported through {@link System.Logger} (logger {@code dev.weft.sync},
 * level WARNING) and swallowed, so the sender, releaser or notifier that woke it returns normally and the other
 * waiters are still woken. Tokio's wakers cannot fail the waking side either: a panic in {@code wake} unwinds
 * into the waker's own executor code, never into the channel operation.
 */
public final class SafeWake {
    private static final System.Logger LOG = System.getLogger("dev.weft.sync");

    private SafeWake() {}

    /** Wakes {@code waker} ({@code null} is ignored); a throwable it raises is logged, never rethrown. */
    public static void wake(Waker waker) {
        if (waker == null) return;
        try {
            waker.wake();
        } catch (Throwable t) {
            report(t);
        }
    }

    /** Reports a throwable raised by a waker or other user callback that a primitive invoked. */
    public static void report(Throwable t) {
        try {
            LOG.log(System.Logger.Level.WARNING, "a Waker.wake() called by a dev.weft.sync primitive threw;"
                    + " the waking operation completed normally and the other waiters were woken", t);
        } catch (Throwable ignored) {
            // a failing logger must not fail the primitive either
        }
    }
}
