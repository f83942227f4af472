package dev.weft.internal.context;

/**
 * The runtime handle an executor attaches to the contexts it polls with and installs on the threads of the async
 * blocks they start: the current runtime, its task locals, its time and I/O drivers. Engine code finds a driver by
 * testing the ambient for the interface that provides it ({@code dev.weft.internal.time.TimeSource},
 * {@code dev.weft.internal.io.IoSource}); those tests live in {@code internal} and in the facades' private code,
 * never in public API.
 */
public interface Ambient {
    /**
     * The ambient state as it is now on this thread (task-local values included), to be installed on another
     * thread: an async block captures it at its first poll. The default returns {@code this}.
     *
     * @return the state to install on the async block's thread
     */
    default Ambient capture() {
        return this;
    }

    /**
     * Returns a runnable that runs {@code body} with this ambient's state installed; the default returns
     * {@code body} (async blocks install a captured ambient through {@link ThreadContext} instead).
     *
     * @param body the code to run
     * @return {@code body}, or a wrapper that installs this ambient around it
     */
    default Runnable bind(Runnable body) {
        return body;
    }

    /**
     * A thread carrying this ambient (an async block's) became runnable: it started, or it was woken while parked
     * in {@code await()}. With {@link #threadIdle()} this lets a runtime with a paused clock know that it is not
     * idle while such a thread has work to do. Calls are balanced; the default does nothing.
     */
    default void threadRunnable() {}

    /** A thread carrying this ambient parked in {@code await()} or finished. See {@link #threadRunnable()}. */
    default void threadIdle() {}

    /**
     * True once the runtime behind this ambient began shutting down: threads that only inherited it (created
     * inside an async block) stop seeing it, so their timers fail fast instead of waiting on a stopped driver.
     * The default returns false.
     *
     * @return whether the runtime is shutting down or shut down
     */
    default boolean isShutDown() {
        return false;
    }

    /**
     * The body of a thread carrying this ambient (an async block's) is about to run on the current thread: the
     * ambient enters whatever must be entered around it (the tracing span current where the block started, so
     * listeners such as an MDC bridge see it on this thread). Balanced by {@link #exitThread(Object)} on the same
     * thread; never throws. The default enters nothing and returns null.
     *
     * @return a token for {@link #exitThread(Object)}
     */
    default Object enterThread() {
        return null;
    }

    /**
     * The body started after {@link #enterThread()} has ended on this thread; never throws. The default does
     * nothing.
     *
     * @param token what {@link #enterThread()} returned
     */
    default void exitThread(Object token) {}
}
