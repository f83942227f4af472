package dev.weft.sync;

/**
 * Thrown by an acquire future of a {@link Semaphore} that was {@linkplain Semaphore#close() closed}: Tokio's
 * {@code AcquireError}. Every waiter queued at the time of the close fails with it, and so does every later
 * acquire.
 */
public class SemaphoreClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message saying what was attempted. */
    public SemaphoreClosedException(String message) {
        super(message);
    }
}
