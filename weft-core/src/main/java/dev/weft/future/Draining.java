package dev.weft.future;

/**
 * A future whose {@link Future#cancel()} only starts its release: the work runs on a thread of its own (an
 * async block, a {@code spawnBlocking} body), and {@code cancel()} interrupts that thread, which then unwinds
 * its {@code finally} blocks. The owner polls {@link #pollDrained(Context)} to learn when the thread is done.
 *
 * <p>Weft's runtime uses this so that an aborted async-block task reports {@code Cancelled} only after its body
 * has unwound.
 */
public interface Draining {

    /**
     * After {@code cancel()}: {@code Ready} once no code of this future runs any more; otherwise registers
     * the waker and returns {@code Pending}.
     */
    Poll<Void> pollDrained(Context cx);
}
