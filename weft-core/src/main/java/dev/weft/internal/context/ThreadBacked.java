package dev.weft.internal.context;

/**
 * A task body that runs on a thread of its own (an async block, a blocking body, a spawned async task), as the
 * task dump sees it: the thread while the body runs, so the dump can show its stack and what its {@code await()}
 * waits on.
 */
public interface ThreadBacked {
    /**
     * The thread running the body now, or null (not started yet, or finished). Read racily by a dump.
     *
     * @return the thread, or null
     */
    Thread runnerThread();

    /**
     * True when the body runs on the blocking pool (a {@code spawnBlocking} body) rather than on a virtual thread.
     *
     * @return whether this is blocking work
     */
    boolean isBlockingBody();
}
