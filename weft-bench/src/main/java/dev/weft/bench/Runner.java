package dev.weft.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs one registered (workload, impl) pair: set-up, warm-up rounds, counted rounds (each timed and
 * self-checked), tear-down; and derives its {@link Row} from the medians.
 */
public final class Runner {
    private final int warmups;
    private final int rounds;
    private final PrintStream progress;
    private final boolean isolate;

    /** A runner doing {@code warmups} un-counted then {@code rounds} counted rounds, logging to {@code progress}. */
    public Runner(int warmups, int rounds, PrintStream progress) {
        this(warmups, rounds, progress, false);
    }

    /**
     * A runner that, when {@code isolate} is set, runs every round of a workload whose measurement needs a fresh
     * process (W7: RSS) in a child JVM via {@link ChildRound}, with no warm-up rounds (a fresh JVM has nothing
     * to warm).
     */
    public Runner(int warmups, int rounds, PrintStream progress, boolean isolate) {
        if (warmups < 0) throw new IllegalArgumentException("warmups: " + warmups + " (expected: >= 0)");
        if (rounds < 1) throw new IllegalArgumentException("rounds: " + rounds + " (expected: >= 1)");
        this.warmups = warmups;
        this.rounds = rounds;
        this.progress = progress;
        this.isolate = isolate;
    }

    /** Runs {@code entry} at {@code size}; a failure (exception or self-check) becomes a FAIL row, never a throw. */
    public Row run(Registry.Entry entry, long size) {
        Workload w = entry.workload();
        if (entry.isNa()) return new Row(w, entry.impl(), Row.Status.NA, Double.NaN, Double.NaN, 0, entry.naReason());
        WorkloadImpl impl = entry.implementation();
        if (impl instanceof WholeRow whole) return WholeRow.measureOrFail(whole, size, progress);
        Optional<String> unavailable = impl.unavailable(progress);
        if (unavailable.isPresent()) {
            progress.println("  SKIPPED " + w.id() + " " + impl.impl() + ": " + unavailable.get());
            return new Row(w, impl.impl(), Row.Status.NA, Double.NaN, Double.NaN, 0, "skipped: " + unavailable.get());
        }
        long n = w.normalize(size);
        boolean child = isolate && w.needsFreshProcess();
        int warmups = child ? 0 : this.warmups;
        double[] wallMs = new double[rounds];
        double[] reportedMs = new double[rounds];
        double[] metric = new double[rounds];
        long[] ops = new long[rounds];
        List<String> outcomeNotes = new ArrayList<>();
        try {
            if (!child) impl.setUp();
            try {
                for (int i = 0; i < warmups + rounds; i++) {
                    boolean counted = i >= warmups;
                    System.gc();
                    long t0 = System.nanoTime();
                    Outcome o = child ? ChildRound.run(w, impl.impl(), n) : impl.run(n);
                    long t1 = System.nanoTime();
                    w.check(impl.impl(), n, o);
                    double ms = (t1 - t0) / 1e6;
                    progress.printf(Locale.ROOT, "  %-20s %-10s %s %d/%d  %.1f ms%s%n", w.id(), impl.impl(),
                            counted ? "round " : "warmup", counted ? i - warmups + 1 : i + 1,
                            counted ? rounds : warmups, ms, o.notes().isEmpty() ? "" : "  " + o.notes());
                    if (counted) {
                        int k = i - warmups;
                        wallMs[k] = ms;
                        reportedMs[k] = w.reportedMs(ms);
                        metric[k] = o.metric();
                        ops[k] = w.ops(n, o);
                        if (!o.notes().isEmpty()) outcomeNotes.add(o.notes());
                    }
                }
            } finally {
                if (!child) impl.tearDown();
            }
        } catch (Throwable t) {
            progress.println("  SELF-CHECK OR RUN FAILED: " + w.id() + " " + impl.impl() + ": " + t);
            t.printStackTrace(progress);
            return new Row(w, impl.impl(), Row.Status.FAIL, Double.NaN, Double.NaN, n,
                    "FAILED: " + t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        double medMs = median(reportedMs);
        double medWall = median(wallMs);
        double throughput;
        if (w.metricIsThroughput()) {
            throughput = median(metric);
        } else {
            double[] rates = new double[rounds];
            for (int k = 0; k < rounds; k++) rates[k] = ops[k] / (reportedMs[k] / 1000.0);
            throughput = ops[0] == ops[rounds - 1] ? ops[0] / (medMs / 1000.0) : median(rates);
        }
        List<String> notes = new ArrayList<>();
        notes.add("n=" + n);
        if (!impl.notes().isEmpty()) notes.add(impl.notes());
        if (child) notes.add("each round in a fresh JVM (no -Xms), no warm-up; time includes JVM start and GCs");
        String extra = w.extraNotes(medWall);
        if (!extra.isEmpty()) notes.add(extra);
        if (!outcomeNotes.isEmpty()) notes.add(outcomeNotes.get(outcomeNotes.size() / 2)); // the middle round's
        return new Row(w, impl.impl(), Row.Status.OK, medMs, throughput, n, String.join("; ", notes));
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
