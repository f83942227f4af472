package dev.weft.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes the rows of a run as a TSV file, the benchmark page ({@link BenchPage}) and a readable table. */
public final class Report {
    private Report() {}

    /** The readable table of a run: per workload every row, and its throughput relative to the best peer. */
    public static void table(List<Row> rows, String header, PrintStream out) {
        tableOf(rows.stream().map(BenchPage.Entry::of).toList(), header, out);
    }

    /**
     * The readable table of {@code entries}: per workload every row and, as on the page ({@link BenchPage}), its
     * throughput relative to the best peer (above 1 is better; memory rows inverted), or the reason it has none.
     */
    public static void tableOf(List<BenchPage.Entry> entries, String header, PrintStream out) {
        out.println();
        out.println(header);
        out.printf(Locale.ROOT, "%-30s %-17s %10s %28s  %s%n", "workload", "impl", "median_ms", "throughput",
                "vs best peer (throughput, higher is better)");
        for (BenchPage.Group g : BenchPage.groups(entries)) {
            Optional<BenchPage.Entry> best = g.bestPeer();
            for (BenchPage.Entry e : g.entries()) {
                String ms = e.status() == Row.Status.OK ? String.format(Locale.ROOT, "%.1f", e.medianMs())
                        : e.status().name();
                String tp = e.status() == Row.Status.OK ? e.figure() : "";
                String vs;
                if (e.status() != Row.Status.OK) {
                    vs = e.notes();
                } else if (best.isPresent() && best.get() == e) {
                    vs = "best peer";
                } else if (best.isPresent()) {
                    vs = BenchPage.ratio(g.relative(e)) + " of " + best.get().impl();
                } else {
                    vs = "no peer measured";
                }
                out.printf(Locale.ROOT, "%-30s %-17s %10s %28s  %s%n", e.workload(), e.impl(), ms, tp, vs);
            }
        }
    }

    /** Writes {@code rows} as TSV (with a header line) to {@code file}. */
    public static void writeTsv(List<Row> rows, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Row.HEADER);
        for (Row r : rows) lines.add(r.tsv());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Writes the benchmark page of {@code rows} ({@link BenchPage}) to {@code file}. */
    public static void writeHtml(List<Row> rows, String title, String source, RunInfo info, Path file)
            throws IOException {
        BenchPage.write(rows.stream().map(BenchPage.Entry::of).toList(), title, source, info, file);
    }
}
