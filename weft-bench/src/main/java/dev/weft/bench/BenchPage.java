package dev.weft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark page: a self-contained HTML file (no script, no external resource) whose chart shows each row's
 * throughput relative to the best peer, with the run's machine, JDK, JVM flags and commit ({@link RunInfo}) above it
 * and every row in a table below it.
 *
 * <p><b>What a bar means.</b> Inside one workload, the best peer is the non-Weft implementation with the highest
 * throughput among the rows that ran ({@link Group#bestPeer()}); its throughput is 1.0x and every other row's bar
 * is its throughput divided by the best peer's, so higher is better and a bar at 2.0x did twice the work per
 * second. The throughput column is used, not the median time, because some workloads count other operations than
 * their size (W10 counts delivered messages) and the HTTP rows run for a fixed time. Rows measuring memory (a unit
 * starting with {@code B/}: W7 bytes per idle task, H7 bytes per idle connection) are inverted, the best peer's
 * bytes over the row's bytes, so that there too higher is better. One linear axis serves every workload, so the
 * 1.0x line runs through the whole chart; a bar beyond the axis ({@link #AXIS_CAP}x) is cut there and says so.
 * Weft's rows (impl starting with {@code weft}) are drawn in red (orange for async blocks) on a tinted band with a
 * bold label; the best peer in dark blue, the other peers in grey. A row that failed or is inexpressible (FAIL, NA)
 * has no bar, only its status and the reason; a workload with no measured peer (H6's peers are NA, H7 has only
 * Weft rows) shows absolute figures.
 *
 * <p>The markup is well-formed XML (XHTML syntax of HTML5), so tests parse it with the JDK's XML parser; every row
 * of the chart is a {@code <g class="row ...">} carrying {@code data-workload}, {@code data-impl},
 * {@code data-status} and {@code data-relative}.
 */
public final class BenchPage {
    private BenchPage() {}

    /** The colour of a Weft row's bar (poll-based futures and every other Weft row). */
    public static final String WEFT_COLOR = "#d62728";
    /** The colour of a Weft async-block row's bar. */
    public static final String WEFT_ASYNC_COLOR = "#ff7f0e";
    /** The colour of the best peer's bar (1.0x). */
    public static final String BEST_PEER_COLOR = "#2f4b6e";
    /** The colour of the other peers' bars. */
    public static final String PEER_COLOR = "#9aabbf";
    /** The background band behind a Weft row. */
    static final String WEFT_BAND = "#fbe9e7";
    /** The widest axis, in multiples of the best peer: a longer bar is cut at it. */
    public static final double AXIS_CAP = 6.0;

    /**
     * One row of a results TSV, whatever its workload: the harness's {@link Row}s and the rows of other tools
     * writing the same six columns (connection scale, H7).
     *
     * @param workload the first column (e.g. {@code W1_spawn_join})
     * @param impl the implementation
     * @param status OK, NA or FAIL
     * @param medianMs the median milliseconds (NaN unless OK)
     * @param throughput operations per second, or bytes per task or connection for a {@code B/} unit (NaN unless OK)
     * @param unit the unit column
     * @param notes the notes column
     */
    public record Entry(String workload, String impl, Row.Status status, double medianMs, double throughput,
                        String unit, String notes) {

        /** The entry of a harness row. */
        public static Entry of(Row r) {
            return new Entry(r.workload().id(), r.impl(), r.status(), r.medianMs(), r.throughput(), r.workload().unit(),
                    Row.clean(r.notes()));
        }

        /** Whether this is one of Weft's rows. */
        public boolean isWeft() {
            return Registry.isWeft(impl);
        }

        /** Whether the throughput column holds bytes (lower is better) rather than operations per second. */
        public boolean isMemory() {
            return unit.startsWith("B/");
        }

        /** Higher is better: the throughput, or for a memory row the inverse of its bytes; NaN when not measured. */
        public double score() {
            if (status != Row.Status.OK || !Double.isFinite(throughput) || throughput < 0) return Double.NaN;
            if (isMemory()) return throughput > 0 ? 1 / throughput : Double.NaN;
            return throughput;
        }

        /** The measured figure in words: {@code 6.35 M tasks/s}, {@code 42.2 k req/s}, {@code 245 B/task}. */
        public String figure() {
            if (status != Row.Status.OK) return status.name();
            if (isMemory()) return String.format(Locale.ROOT, "%,.0f %s", throughput, unit);
            return rate(throughput) + " " + rateUnit(unit);
        }
    }

    /**
     * The rows of one workload, in file order, and its best peer.
     *
     * @param workload the workload column shared by the rows
     * @param entries the rows
     */
    public record Group(String workload, List<Entry> entries) {
        public Group {
            entries = List.copyOf(entries);
        }

        /** The non-Weft row with the highest {@link Entry#score()}; empty when no peer row was measured. */
        public Optional<Entry> bestPeer() {
            Entry best = null;
            for (Entry e : entries) {
                if (e.isWeft() || !(e.score() > 0) || !Double.isFinite(e.score())) continue;
                if (best == null || e.score() > best.score()) best = e;
            }
            return Optional.ofNullable(best);
        }

        /** {@code e}'s throughput relative to the best peer (higher is better); NaN without a peer or a figure. */
        public double relative(Entry e) {
            Optional<Entry> best = bestPeer();
            double s = e.score();
            if (best.isEmpty() || Double.isNaN(s)) return Double.NaN;
            return s / best.get().score();
        }
    }

    /** The rows grouped by workload, groups in the order their first row appears. */
    public static List<Group> groups(List<Entry> entries) {
        Map<String, List<Entry>> by = new LinkedHashMap<>();
        for (Entry e : entries) by.computeIfAbsent(e.workload(), k -> new ArrayList<>()).add(e);
        List<Group> out = new ArrayList<>();
        by.forEach((w, es) -> out.add(new Group(w, es)));
        return out;
    }

    /**
     * Reads a results TSV: an optional header line ({@code workload impl median_ms throughput unit notes}), then one
     * row per line; blank lines and lines starting with {@code #} are skipped, so several runs may be concatenated.
     *
     * @throws IOException when the file cannot be read or a line is not a row (the message names the line)
     */
    public static List<Entry> readTsv(Path tsv) throws IOException {
        List<Entry> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#") || line.startsWith("workload\t")) continue;
            String[] f = line.split("\t", -1);
            if (f.length < 5) {
                throw new IOException(tsv + " line " + (i + 1) + ": " + f.length
                        + " tab-separated fields (expected: 6: workload impl median_ms throughput unit notes)");
            }
            Row.Status st = switch (f[2]) {
                case "NA" -> Row.Status.NA;
                case "FAIL" -> Row.Status.FAIL;
                default -> Row.Status.OK;
            };
            double ms = Double.NaN, tp = Double.NaN;
            if (st == Row.Status.OK) {
                try {
                    ms = Double.parseDouble(f[2]);
                    tp = Double.parseDouble(f[3]);
                } catch (NumberFormatException e) {
                    throw new IOException(tsv + " line " + (i + 1) + ": median_ms '" + f[2] + "', throughput '" + f[3]
                            + "' (expected: numbers, or NA / FAIL)");
                }
            }
            rows.add(new Entry(f[0], f[1], st, ms, tp, f[4], f.length > 5 ? f[5] : ""));
        }
        return rows;
    }

    /** Writes {@link #html} to {@code file}. */
    public static void write(List<Entry> entries, String title, String source, RunInfo info, Path file)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, html(entries, title, source, info), StandardCharsets.UTF_8);
    }

    // chart geometry, in CSS pixels
    static final int LABEL_W = 236, PLOT_X = 244, PLOT_W = 520, VALUE_W = 330, ROW_H = 20, BAR_H = 14,
            GROUP_H = 26, GROUP_GAP = 10, AXIS_H = 26;

    /**
     * The page: title, where the rows come from ({@code source}), the run's machine, JDK, flags and commit, how to
     * read the chart, the chart, and the table of every row.
     */
    public static String html(List<Entry> entries, String title, String source, RunInfo info) {
        List<Group> groups = groups(entries);
        double maxRel = 1;
        for (Group g : groups) {
            for (Entry e : g.entries()) {
                double r = g.relative(e);
                if (Double.isFinite(r)) maxRel = Math.max(maxRel, r);
            }
        }
        double step = maxRel <= 3 ? 0.5 : 1;
        double axis = Math.min(AXIS_CAP, Math.max(1.5, Math.ceil(maxRel / step) * step));

        StringBuilder body = new StringBuilder();
        StringBuilder bands = new StringBuilder(); // drawn first, under the grid and the bars
        int y = AXIS_H + 6;
        for (Group g : groups) {
            Optional<Entry> best = g.bestPeer();
            Entry first = g.entries().get(0);
            String scale = first.isMemory() ? first.unit() + ", inverted" : rateUnit(first.unit());
            String head = best.map(b -> scale + "; 1.0x = " + b.impl() + " (" + b.figure() + ")")
                    .orElse(scale + "; no peer measured: absolute figures only");
            body.append(String.format(Locale.ROOT,
                    "<g class=\"group\" data-workload=\"%s\"><text class=\"group\" x=\"4\" y=\"%d\">%s"
                            + "<tspan class=\"scale\" dx=\"10\">%s</tspan></text></g>%n",
                    esc(g.workload()), y + 17, esc(g.workload()), esc(head)));
            y += GROUP_H;
            for (Entry e : g.entries()) {
                row(g, e, best, y, axis, bands, body);
                y += ROW_H;
            }
            y += GROUP_GAP;
        }
        int plotBottom = y;
        int height = plotBottom + AXIS_H + 4;
        int width = PLOT_X + PLOT_W + VALUE_W;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                width, height, width, height));
        svg.append(bands);
        for (double t = 0; t <= axis + 1e-9; t += step) {
            int x = PLOT_X + (int) Math.round(t / axis * PLOT_W);
            boolean one = Math.abs(t - 1) < 1e-9;
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", one ? "one" : "grid", x, AXIS_H,
                    x, plotBottom));
            String label = trim(t) + "x";
            svg.append(String.format(Locale.ROOT,
                    "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text><text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>%n",
                    x, AXIS_H - 8, label, x, plotBottom + 16, label));
        }
        svg.append(String.format(Locale.ROOT,
                "<text class=\"axis\" x=\"%d\" y=\"%d\">throughput relative to the best peer (higher is better)</text>%n",
                PLOT_X + PLOT_W + 30, AXIS_H - 8)); // clear of the last tick label, centred on the edge
        svg.append(body);
        svg.append("</svg>\n");

        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:1.5em 2em;color:#222;max-width:1200px}\n")
                .append("h1{font-size:1.5em;margin-bottom:.2em}p{max-width:72em;line-height:1.4}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:left;vertical-align:top}th{background:#f3f3f3}\n")
                .append("table.run th{width:7em}table.run td{font-family:'DejaVu Sans Mono',monospace;font-size:12px}\n")
                .append("table.rows td.n{text-align:right;white-space:nowrap}table.rows td.notes{font-size:11px;color:#555}\n")
                .append("table.rows tr.weft td{background:").append(WEFT_BAND).append(";font-weight:bold}")
                .append("table.rows tr.weft td.notes{font-weight:normal}\n")
                .append("table.rows tr.FAIL td.status{color:#b00020;font-weight:bold}table.rows tr.NA td.status{color:#888}\n")
                .append(".legend span{display:inline-block;margin-right:1.4em}")
                .append(".sw{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}\n")
                .append("svg.chart text{font-family:'DejaVu Sans',Arial,sans-serif;font-size:12px;fill:#222}\n")
                .append("svg.chart text.group{font-weight:bold;font-size:13px}svg.chart tspan.scale{font-weight:normal;fill:#666}\n")
                .append("svg.chart text.impl{text-anchor:end}svg.chart g.weft text.impl{font-weight:bold}\n")
                .append("svg.chart text.tick{text-anchor:middle;fill:#666;font-size:11px}svg.chart text.axis{fill:#666;font-size:11px}\n")
                .append("svg.chart text.value{fill:#333}svg.chart text.fail{fill:#b00020}svg.chart text.na{fill:#888;font-style:italic}\n")
                // a halo in the row's background keeps labels readable where they cross the grid and the 1.0x line
                .append("svg.chart g.row text.value,svg.chart g.row text.na,svg.chart g.row text.fail{paint-order:stroke;")
                .append("stroke:#fff;stroke-width:3px;stroke-linejoin:round}")
                .append("svg.chart g.weft text.value,svg.chart g.weft text.na,svg.chart g.weft text.fail{stroke:")
                .append(WEFT_BAND)
                .append("}\n")
                .append("svg.chart line.grid{stroke:#e4e4e4}svg.chart line.one{stroke:#2f4b6e;stroke-width:1.5;stroke-dasharray:4 3}\n")
                .append("</style>\n</head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        h.append("<p class=\"source\">").append(esc(source)).append("</p>\n");
        h.append("<table class=\"run\">\n");
        for (Map.Entry<String, String> k : RunInfo.KEYS.entrySet()) {
            if (k.getKey().equals("note") && info.get("note").equals(RunInfo.NOT_RECORDED)) continue;
            h.append("<tr><th>").append(esc(k.getValue())).append("</th><td class=\"").append(esc(k.getKey()))
                    .append("\">").append(esc(info.get(k.getKey()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        h.append("<p class=\"how\">Each bar is a row's <b>throughput relative to the best peer</b> of its workload: the "
                + "fastest non-Weft implementation that ran it is 1.0x (the dashed line), so <b>higher is better</b> and "
                + "a bar at 2x did twice the work per second. Memory rows (bytes per idle task or connection) are "
                + "inverted: the best peer's bytes over the row's. Weft's rows are highlighted. FAIL and NA rows have no "
                + "bar; the reason follows. Compare rows of one run only: the run's machine is described above.</p>\n");
        h.append("<p class=\"legend\">");
        legend(h, WEFT_COLOR, "Weft, poll-based (and other Weft rows)");
        legend(h, WEFT_ASYNC_COLOR, "Weft, async blocks");
        legend(h, BEST_PEER_COLOR, "best peer (1.0x)");
        legend(h, PEER_COLOR, "other peers");
        h.append("</p>\n");
        h.append(svg);
        h.append("<h2>Rows</h2>\n<table class=\"rows\">\n<tr><th>workload</th><th>impl</th><th>median_ms</th>"
                + "<th>throughput</th><th>unit</th><th>vs best peer</th><th>notes</th></tr>\n");
        for (Group g : groups) {
            for (Entry e : g.entries()) {
                String ms = e.status() == Row.Status.OK ? String.format(Locale.ROOT, "%.1f", e.medianMs())
                        : e.status().name();
                String tp = e.status() == Row.Status.OK
                        ? (e.isMemory() ? String.format(Locale.ROOT, "%.1f", e.throughput())
                                : String.format(Locale.ROOT, "%,.0f", e.throughput()))
                        : "NA";
                h.append("<tr class=\"").append(e.isWeft() ? "weft " : "peer ").append(e.status().name()).append("\">")
                        .append("<td>").append(esc(e.workload())).append("</td><td>").append(esc(e.impl()))
                        .append("</td><td class=\"n status\">").append(esc(ms)).append("</td><td class=\"n\">")
                        .append(esc(tp)).append("</td><td>").append(esc(e.unit())).append("</td><td class=\"n\">")
                        .append(esc(vsBestPeer(g, e))).append("</td><td class=\"notes\">").append(esc(e.notes()))
                        .append("</td></tr>\n");
            }
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** The "vs best peer" cell: {@code 1.52x}, {@code best peer}, or empty. */
    static String vsBestPeer(Group g, Entry e) {
        Optional<Entry> best = g.bestPeer();
        if (best.isPresent() && best.get() == e) return "1.00x (best peer)";
        double r = g.relative(e);
        return Double.isFinite(r) ? ratio(r) : "";
    }

    /** Appends one chart row at {@code y}: its band (Weft rows) to {@code bands}, its label and bar to {@code s}. */
    private static void row(Group g, Entry e, Optional<Entry> best, int y, double axis, StringBuilder bands,
                            StringBuilder s) {
        double rel = g.relative(e);
        boolean isBest = best.isPresent() && best.get() == e;
        String kind = e.isWeft() ? "weft" : isBest ? "best" : "peer";
        if (e.isWeft()) {
            bands.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                    y, PLOT_X + PLOT_W + VALUE_W, ROW_H, WEFT_BAND));
        }
        s.append(String.format(Locale.ROOT,
                "<g class=\"row %s %s\" data-workload=\"%s\" data-impl=\"%s\" data-status=\"%s\" data-relative=\"%s\">",
                kind, e.status().name(), esc(e.workload()), esc(e.impl()), e.status().name(),
                Double.isFinite(rel) ? String.format(Locale.ROOT, "%.4f", rel) : ""));
        s.append("<title>").append(esc(e.workload() + " " + e.impl() + ": " + e.figure()
                + (e.notes().isEmpty() ? "" : "; " + e.notes()))).append("</title>");
        int textY = y + 14;
        s.append(String.format(Locale.ROOT, "<text class=\"impl\" x=\"%d\" y=\"%d\">%s</text>", LABEL_W, textY,
                esc(e.impl())));
        int barY = y + (ROW_H - BAR_H) / 2;
        if (e.status() == Row.Status.FAIL) {
            s.append(String.format(Locale.ROOT, "<text class=\"fail\" x=\"%d\" y=\"%d\">FAIL: %s</text>", PLOT_X + 4,
                    textY, esc(shorten(e.notes().replaceFirst("^FAILED: ", ""), 110))));
        } else if (e.status() == Row.Status.NA) {
            s.append(String.format(Locale.ROOT, "<text class=\"na\" x=\"%d\" y=\"%d\">NA: %s</text>", PLOT_X + 4, textY,
                    esc(shorten(e.notes(), 110))));
        } else if (!Double.isFinite(rel)) {
            // no peer measured (or no figure): the figure and the start of the notes, which say what it means
            s.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%d\" y=\"%d\">%s</text>", PLOT_X + 4,
                    textY, esc(e.figure() + (e.notes().isEmpty() ? "" : " \u00b7 " + shorten(e.notes(), 90)))));
        } else {
            boolean cut = rel > axis;
            int w = (int) Math.round(Math.min(rel, axis) / axis * PLOT_W);
            if (rel > 0) w = Math.max(2, w);
            String color = e.isWeft() ? (e.impl().contains("async") ? WEFT_ASYNC_COLOR : WEFT_COLOR)
                    : isBest ? BEST_PEER_COLOR : PEER_COLOR;
            s.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                    PLOT_X, barY, w, BAR_H, color));
            String label = (isBest ? "1.00x best peer" : ratio(rel)) + " \u00b7 " + e.figure()
                    + (cut ? " (bar cut at " + trim(axis) + "x)" : "");
            s.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%d\" y=\"%d\">%s</text>",
                    PLOT_X + w + 6, textY, esc(label)));
        }
        s.append("</g>\n");
    }

    private static void legend(StringBuilder h, String color, String what) {
        h.append("<span><i class=\"sw\" style=\"background:").append(color).append("\"></i>").append(esc(what))
                .append("</span>");
    }

    /** {@code 1.52x}; two significant digits below 0.1 ({@code 0.013x}). */
    static String ratio(double r) {
        return r >= 0.1 || r == 0 ? String.format(Locale.ROOT, "%.2fx", r) : String.format(Locale.ROOT, "%.2gx", r);
    }

    /** {@code 6.35 M}, {@code 42.2 k}, {@code 512}. */
    static String rate(double v) {
        if (v >= 1e6) return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        if (v >= 1e3) return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** {@code tasks/s} for {@code task}, {@code req/s} for {@code request}. */
    static String rateUnit(String unit) {
        if (unit.equals("request")) return "req/s";
        if (unit.isEmpty()) return "ops/s";
        return unit + "s/s";
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
    }

    /** Escapes text for HTML and XML alike, dropping the control characters XML 1.0 forbids. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
