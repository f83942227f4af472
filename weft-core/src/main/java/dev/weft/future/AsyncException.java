package dev.weft.future;

/**
 * A checked exception that left an async body, wrapped so that {@link Future#await()} callers can catch it by
 * type: {@link #getCause()} is the exception the body threw (an {@code IOException}, a {@code SQLException},
 * ...), unchanged.
 *
 * {@snippet class=dev.weft.future.snippets.FutureSnippets region=asyncException}
 *
 * <p><b>Which exceptions are wrapped.</b> Only checked ones. An unchecked exception ({@code RuntimeException} or
 * {@code Error}) thrown by a body reaches the awaiting caller as it is, never wrapped. The wrapping happens once,
 * where the exception leaves a future's {@code poll}: an async block ({@link Async#async}), a blocking body
 * ({@code Tasks.spawnBlocking}), a {@link Futures#failed failed future} or a combinator rethrowing a child's
 * checked failure. An {@code AsyncException} passing through further blocks and combinators is not wrapped again
 * (it is unchecked).
 *
 * <p><b>Tasks.</b> A task's {@link dev.weft.task.JoinError.Failed} carries the body's own exception as its cause,
 * never this wrapper: {@code spawnAsync(body)}, {@code spawn(Async.async(body))} and {@code spawnBlocking(body)}
 * all fail with {@code JoinError.Failed} whose {@code getCause()} is, say, the {@code IOException}.
 *
 * <p>Before 0.1, such exceptions were rethrown "sneakily" as they were, so callers could not name them in a
 * {@code catch} clause.
 */
public class AsyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps {@code cause}, the checked exception an async body threw.
     *
     * @param cause the body's exception
     * @throws NullPointerException when {@code cause} is null
     */
    public AsyncException(Throwable cause) {
        super(java.util.Objects.requireNonNull(cause, "cause").toString(), cause);
    }

    /**
     * Wraps {@code cause} with a message of the caller's choosing.
     *
     * @param message what failed
     * @param cause the body's exception
     * @throws NullPointerException when {@code cause} is null
     */
    public AsyncException(String message, Throwable cause) {
        super(message, java.util.Objects.requireNonNull(cause, "cause"));
    }
}
