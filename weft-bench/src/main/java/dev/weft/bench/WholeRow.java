package dev.weft.bench;

import java.io.PrintStream;

/**
 * An implementation measured whole rather than in timed rounds: it runs its own protocol (warm-up, counted
 * runs, median, its own checks) and returns the finished {@link Row}. The HTTP rows (dev.weft.bench.http) are
 * such: one row is a server JVM driven by wrk for a fixed time. {@link Runner} calls {@link #measure} instead of
 * the round loop.
 */
public interface WholeRow {

    /**
     * Measures the row at {@code size} (the workload's size unit), logging progress; returns an OK row, or an NA
     * row saying why it was skipped. A failed check throws.
     */
    Row measure(long size, PrintStream progress) throws Exception;

    /** {@link #measure}, with a failure turned into a FAIL row (never a throw), as the round loop does. */
    static Row measureOrFail(WholeRow row, long size, PrintStream progress) {
        WorkloadImpl impl = (WorkloadImpl) row;
        try {
            return row.measure(size, progress);
        } catch (Throwable t) {
            progress.println("  RUN OR CHECK FAILED: " + impl.workload().id() + " " + impl.impl() + ": " + t);
            t.printStackTrace(progress);
            return new Row(impl.workload(), impl.impl(), Row.Status.FAIL, Double.NaN, Double.NaN, size,
                    "FAILED: " + t.getClass().getSimpleName() + ": " + t.getMessage());
        }
    }
}
