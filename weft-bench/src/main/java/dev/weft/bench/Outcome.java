package dev.weft.bench;

/**
 * What one round of a workload implementation returns: the value the workload self-checks, and optionally the
 * number of counted operations (when it is not fixed by the size), a non-time metric and notes.
 *
 * @param check the value compared with {@link Workload#expected(long)} (a sum, a count, ...)
 * @param ops the counted operations of this round, or -1 when the workload derives them from the size
 * @param metric a workload-specific metric (W7: bytes per idle task), or NaN
 * @param notes free text for the notes column (e.g. "lagged=0"), or empty
 */
public record Outcome(long check, long ops, double metric, String notes) {

    /** An outcome carrying only the self-checked value. */
    public static Outcome of(long check) {
        return new Outcome(check, -1, Double.NaN, "");
    }

    /** An outcome with the self-checked value and a note. */
    public static Outcome of(long check, String notes) {
        return new Outcome(check, -1, Double.NaN, notes);
    }
}
