package dev.weft.future;

/**
 * Thrown by {@link Future#await()} when the awaiting thread was cancelled: the async block it runs in was
 * cancelled (its task aborted or the runtime shut down), or the thread was interrupted.
 *
 * <p>Let it propagate: {@code finally} blocks run and the async block then ends as cancelled. Catching it and
 * carrying on is allowed (for clean-up that must itself await), but every later {@code await()} in the same
 * block throws it again, because the thread's interrupt flag stays set.
 */
public class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying what was cancelled. */
    public CancelledException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the cause (typically an {@link InterruptedException}). */
    public CancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
