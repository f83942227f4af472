package dev.weft.task;

import dev.weft.internal.task.Task;

/**
 * Aborts a task without being able to await it (Tokio's {@code AbortHandle}); may be shared and used from any
 * thread.
 */
public final class AbortHandle {
    private final Task<?> task;

    AbortHandle(Task<?> task) {
        this.task = task;
    }

    /**
     * Requests cancellation of the task: an idle task is cancelled at once on this thread; a running one when
     * its current poll returns. Aborting a finished task does nothing. See {@link JoinHandle#abort()}.
     */
    public void abort() {
        task.abort();
    }

    /** True once the task has completed, failed or been cancelled. */
    public boolean isFinished() {
        return task.isComplete();
    }

    /** The task's id. */
    public TaskId id() {
        return new TaskId(task.taskId());
    }
}
