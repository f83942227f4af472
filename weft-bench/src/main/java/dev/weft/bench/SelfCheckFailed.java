package dev.weft.bench;

/** Thrown when a workload round computed a wrong result: the row is reported as FAIL and the run exits non-zero. */
public final class SelfCheckFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message naming the workload, the implementation, the value and what was expected. */
    public SelfCheckFailed(String message) {
        super(message);
    }
}
