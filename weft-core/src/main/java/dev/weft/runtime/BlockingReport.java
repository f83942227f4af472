package dev.weft.runtime;

import dev.weft.internal.scheduler.BlockingWatchdog;
import dev.weft.task.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A thread of a runtime was found stuck inside one poll for longer than the blocking threshold
 * ({@link WeftRuntime.Builder#detectBlocking(Duration)}): a blocking call, a long computation, or a wait on a
 * platform lock inside {@code poll()}. While a poll runs, its thread runs no other task.
 *
 * <p>One report is made per episode (one poll, however long it lasts), as soon as the poll has run for the
 * threshold, while it still runs: {@link #stack()} shows where the thread is stuck. {@link #toString()} is the
 * multi-line text the default handler logs at {@code WARNING} through {@link System.Logger}
 * {@code "dev.weft.runtime"}; a JFR event {@code dev.weft.BlockedWorker} carries the same facts.
 */
public final class BlockingReport {
    private final BlockingWatchdog.BlockedPoll poll;

    BlockingReport(BlockingWatchdog.BlockedPoll poll) {
        this.poll = poll;
    }

    /** The runtime's name. */
    public String runtime() {
        return poll.runtime();
    }

    /** The blocked thread's name (e.g. {@code weft-1-worker-0}). */
    public String thread() {
        return poll.thread();
    }

    /**
     * Which of the runtime's threads: {@code "worker N"}, {@code "the thread"} of the current-thread flavour, or
     * {@code "spare thread for worker N"}.
     */
    public String where() {
        return poll.where();
    }

    /**
     * The task being polled; empty when the blocked poll is the current-thread flavour's poll of the future
     * passed to {@link WeftRuntime#blockOn}.
     */
    public Optional<TaskId> task() {
        return poll.taskId() == 0 ? Optional.empty() : Optional.of(new TaskId(poll.taskId()));
    }

    /** What the task runs: the class name of its future (of the blockOn future when {@link #task()} is empty). */
    public String taskName() {
        return poll.what();
    }

    /** How long the poll had run when it was found (at least {@link #threshold()}; a lower bound). */
    public Duration blockedFor() {
        return Duration.ofNanos(poll.blockedNanos());
    }

    /** The runtime's blocking threshold. */
    public Duration threshold() {
        return Duration.ofNanos(poll.thresholdNanos());
    }

    /** The blocked thread's stack, taken while it was still inside the poll. */
    public List<StackTraceElement> stack() {
        return List.of(poll.stack());
    }

    /** Where the task was spawned; empty when the runtime does not capture spawn sites. */
    public List<StackTraceElement> spawnSite() {
        return List.of(poll.spawnSite());
    }

    /**
     * True when a spare thread was started to run the blocked worker's queued tasks until the poll returns
     * ({@link WeftRuntime.Builder#compensateBlocking(boolean)}).
     */
    public boolean compensated() {
        return poll.spare() != null;
    }

    /** The report as a person reads it: what is blocked, for how long, what to do, and the stack. */
    @Override
    public String toString() {
        return poll.text();
    }
}
