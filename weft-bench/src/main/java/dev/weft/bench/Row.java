package dev.weft.bench;

import java.util.Locale;

/**
 * One output row: a measured (workload, impl) pair, an NA pair, or a failed one.
 *
 * @param workload the workload
 * @param impl the implementation name
 * @param status OK, NA or FAIL
 * @param medianMs the median reported milliseconds (NaN unless OK)
 * @param throughput ops per second, or the workload's metric (W7: bytes per task); NaN unless OK
 * @param size the size the rounds ran at (0 for NA)
 * @param notes the notes column
 */
public record Row(Workload workload, String impl, Status status, double medianMs, double throughput, long size,
                  String notes) {

    /** Whether a row was measured, is inexpressible, or failed its run or self-check. */
    public enum Status { OK, NA, FAIL }

    /** The TSV line {@code workload impl median_ms throughput unit notes}. */
    public String tsv() {
        String ms = switch (status) {
            case OK -> String.format(Locale.ROOT, "%.1f", medianMs);
            case NA -> "NA";
            case FAIL -> "FAIL";
        };
        String tp = status == Status.OK
                ? (workload == Workload.W7 ? String.format(Locale.ROOT, "%.1f", throughput)
                        : String.format(Locale.ROOT, "%.0f", throughput))
                : "NA";
        return workload.id() + '\t' + impl + '\t' + ms + '\t' + tp + '\t' + workload.unit() + '\t' + clean(notes);
    }

    /** The value compared across implementations and charted: lower is better (ms, or W7 bytes per task). */
    public double cost() {
        if (workload.isHttp()) return 1e6 / throughput; // microseconds per request: the HTTP rows run for a fixed time
        return workload == Workload.W7 ? throughput : medianMs;
    }

    static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').strip();
    }

    /** Header of the TSV file. */
    public static final String HEADER = "workload\timpl\tmedian_ms\tthroughput\tunit\tnotes";
}
