package dev.weft.runtime;

import dev.weft.task.TaskId;

/**
 * Receives the failures of tasks that nobody was waiting for (Tokio's panic hook), installed with
 * {@link WeftRuntime.Builder#unhandledFailureHandler}.
 *
 * <p><b>When a failure is reported.</b> Java cannot see a {@link dev.weft.task.JoinHandle} being dropped, so the
 * rule is about interest registered at completion: a task that ends with a failure (its future threw, an
 * {@code Error} included, or its async block or blocking body did) is reported exactly once when, at the moment
 * it completes, nobody has registered interest in its outcome: its handle (or {@link dev.weft.task.JoinSet}) was
 * never polled, or was detached ({@link dev.weft.task.JoinHandle#detach()}, or {@code cancel()} after the task
 * finished). It is also reported when the handle is detached
 * after the task failed and before the failure was taken from it. It is not reported when a poller of the
 * handle or set was waiting for it (that poller receives the failure). A failure reported because nobody was
 * waiting can still be taken from the handle later. Cancellation is not a failure.
 *
 * <p>The handler runs on the thread that completed the task (often a worker): keep it short and non-blocking.
 * What it throws is logged and otherwise ignored. Without a handler the runtime logs the failure with its stack
 * at {@code WARNING} through {@link System.Logger} {@code "dev.weft.runtime"}.
 */
@FunctionalInterface
public interface UnhandledFailureHandler {

    /**
     * Called once for an unobserved failure.
     *
     * @param task the failed task's id
     * @param failure what the task threw
     */
    void unhandledFailure(TaskId task, Throwable failure);
}
