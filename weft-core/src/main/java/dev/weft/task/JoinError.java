package dev.weft.task;

/**
 * Why awaiting a {@link JoinHandle} did not produce the task's value: the task was {@link Cancelled} (aborted, or
 * the runtime shut down) or {@link Failed} (its future threw; the exception is the cause).
 *
 * {@snippet class=dev.weft.task.snippets.TaskSnippets region=joinError}
 */
public abstract sealed class JoinError extends RuntimeException permits JoinError.Cancelled, JoinError.Failed {
    private static final long serialVersionUID = 1L;
    private final transient TaskId id;

    private JoinError(TaskId id, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
    }

    /** The task this error is about. */
    public TaskId id() {
        return id;
    }

    /** True for {@link Cancelled}. */
    public boolean isCancelled() {
        return this instanceof Cancelled;
    }

    /** The task was cancelled before it completed. */
    public static final class Cancelled extends JoinError {
        private static final long serialVersionUID = 1L;

        Cancelled(TaskId id) {
            super(id, id + " was cancelled", null);
        }
    }

    /** The task's future threw; {@link #getCause()} is what it threw. */
    public static final class Failed extends JoinError {
        private static final long serialVersionUID = 1L;

        Failed(TaskId id, Throwable cause) {
            super(id, id + " failed: " + cause, cause);
        }
    }
}
