package dev.weft.time;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Thrown (as the failure of the future) by {@link Time#timeout} and {@link Time#timeoutAt} when the deadline
 * passed before the inner future completed: Tokio's {@code time::error::Elapsed}.
 *
 * <p>By the time it is thrown the inner future has been {@linkplain dev.weft.future.Future#cancel() cancelled}.
 * It is unchecked and its own type so callers can tell a timeout from a failure of the work itself:
 * {@snippet class=dev.weft.time.snippets.TimeSnippets region=timeout}
 */
public final class TimeoutElapsedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient MonotonicInstant deadline;
    private final transient Duration timeout;

    TimeoutElapsedException(MonotonicInstant deadline, Duration timeout) {
        super(timeout != null ? "deadline has elapsed: the future did not complete within " + timeout
                : "deadline has elapsed: the future did not complete by " + deadline);
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.timeout = timeout;
    }

    /** The deadline that passed. */
    public MonotonicInstant deadline() {
        return deadline;
    }

    /** The duration given to {@link Time#timeout}, or {@code null} for {@link Time#timeoutAt}. */
    public @Nullable Duration timeout() {
        return timeout;
    }
}
