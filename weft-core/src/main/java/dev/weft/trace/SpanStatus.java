package dev.weft.trace;

/** How a {@link Span} ended. */
public enum SpanStatus {
    /** The span has not ended yet. */
    UNSET,
    /** The work completed. */
    OK,
    /** The work failed; {@link Span#failure()} holds the failure. */
    ERROR,
    /**
     * The work was cancelled before it completed: its task was aborted, it lost a {@code select}, its timeout
     * elapsed, or its runtime shut down. In Weft cancellation is ordinary control flow, not an error.
     */
    CANCELLED
}
