package dev.weft.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Writes the rows of a run as a TSV file, a self-contained HTML page with an SVG chart, and a readable table. */
public final class Report {
    private Report() {}

    /** The best (lowest-cost) measured peer row of {@code rows} for {@code w}, Weft's rows excluded. */
    static Optional<Row> bestPeer(List<Row> rows, Workload w) {
        return rows.stream()
                .filter(r -> r.workload() == w && r.status() == Row.Status.OK && !Registry.isWeft(r.impl()))
                .min((a, b) -> Double.compare(a.cost(), b.cost()));
    }

    /** The readable table: per workload every row, and each Weft row's cost ratio to the best peer. */
    public static void table(List<Row> rows, String header, PrintStream out) {
        out.println();
        out.println(header);
        out.printf(Locale.ROOT, "%-20s %-10s %12s %16s  %-18s %s%n", "workload", "impl", "median_ms", "throughput",
                "unit", "vs best peer");
        for (Workload w : Workload.values()) {
            List<Row> ws = rows.stream().filter(r -> r.workload() == w).toList();
            if (ws.isEmpty()) continue;
            Optional<Row> best = bestPeer(rows, w);
            for (Row r : ws) {
                String ms = r.status() == Row.Status.OK ? String.format(Locale.ROOT, "%.1f", r.medianMs())
                        : r.status().name();
                String tp = r.status() == Row.Status.OK ? fmtThroughput(r) : "";
                String vs = "";
                if (r.status() == Row.Status.OK && best.isPresent()) {
                    if (Registry.isWeft(r.impl())) {
                        vs = String.format(Locale.ROOT, "%.2fx cost of %s%s", r.cost() / best.get().cost(),
                                best.get().impl(), w == Workload.W7 ? " (B/task)" : " (time)");
                    } else if (r == best.get()) {
                        vs = "best peer";
                    }
                }
                if (r.status() != Row.Status.OK) vs = r.notes();
                out.printf(Locale.ROOT, "%-20s %-10s %12s %16s  %-18s %s%n", w.id(), r.impl(), ms, tp, w.unit(), vs);
            }
        }
    }

    static String fmtThroughput(Row r) {
        if (r.workload() == Workload.W7) return String.format(Locale.ROOT, "%.1f", r.throughput());
        double t = r.throughput();
        if (t >= 1e6) return String.format(Locale.ROOT, "%.2fM/s", t / 1e6);
        if (t >= 1e3) return String.format(Locale.ROOT, "%.1fk/s", t / 1e3);
        return String.format(Locale.ROOT, "%.1f/s", t);
    }

    /** Writes {@code rows} as TSV (with a header line) to {@code file}. */
    public static void writeTsv(List<Row> rows, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Row.HEADER);
        for (Row r : rows) lines.add(r.tsv());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static final Map<String, String> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("weft-poll", "#d62728");
        COLORS.put("weft-async", "#ff7f0e");
        COLORS.put("vthreads", "#1f77b4");
        COLORS.put("reactor", "#2ca02c");
        COLORS.put("jox", "#9467bd");
        COLORS.put("kotlin", "#8c564b");
        COLORS.put("jdkstream", "#7f7f7f");
        COLORS.put("netty", "#17becf");
    }

    static String color(String impl) {
        return COLORS.getOrDefault(impl, "#bcbd22");
    }

    /** Writes a self-contained HTML page: a log-scale horizontal bar chart (one group per workload) and the table. */
    public static void writeHtml(List<Row> rows, String title, String subtitle, Path file) throws IOException {
        List<Row> ok = rows.stream().filter(r -> r.status() == Row.Status.OK && r.cost() > 0).toList();
        double min = ok.stream().mapToDouble(Row::cost).min().orElse(1);
        double max = ok.stream().mapToDouble(Row::cost).max().orElse(10);
        int lo = (int) Math.floor(Math.log10(min));
        if (Math.log10(min) - lo < 0.3) lo--; // keep the shortest bar visible
        int hi = (int) Math.ceil(Math.log10(max));
        if (hi <= lo) hi = lo + 1;
        int labelW = 220, plotW = 640, valueW = 150, barH = 16, gap = 3, groupGap = 18, top = 40;
        StringBuilder svg = new StringBuilder();
        int y = top;
        StringBuilder bars = new StringBuilder();
        for (Workload w : Workload.values()) {
            List<Row> ws = rows.stream().filter(r -> r.workload() == w).toList();
            if (ws.isEmpty()) continue;
            bars.append(String.format(Locale.ROOT,
                    "<text x=\"4\" y=\"%d\" font-weight=\"bold\">%s <tspan fill=\"#666\" font-weight=\"normal\">(%s)</tspan></text>%n",
                    y + 12, esc(w.id()), w == Workload.W7 ? "bytes/task" : w.isHttp() ? "µs/request" : "ms"));
            y += barH + gap;
            for (Row r : ws) {
                bars.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                        labelW - 6, y + 12, esc(r.impl())));
                if (r.status() == Row.Status.OK && r.cost() > 0) {
                    double frac = (Math.log10(r.cost()) - lo) / (hi - lo);
                    int wpx = Math.max(1, (int) Math.round(frac * plotW));
                    bars.append(String.format(Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                            labelW, y, wpx, barH, color(r.impl()), esc(w.id()), esc(r.impl()), esc(r.tsv())));
                    bars.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", labelW + wpx + 4,
                            y + 12, esc(String.format(Locale.ROOT, "%.1f %s", r.cost(),
                                    w == Workload.W7 ? "B/task" : w.isHttp() ? "µs/req" : "ms"))));
                } else {
                    bars.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\">%s</text>%n",
                            labelW + 4, y + 12, esc(r.status().name() + ": " + shorten(r.notes(), 90))));
                }
                y += barH + gap;
            }
            y += groupGap;
        }
        int height = y + 10;
        int width = labelW + plotW + valueW;
        // log-scale grid lines, one per power of ten
        for (int e = lo; e <= hi; e++) {
            int x = labelW + (int) Math.round((double) (e - lo) / (hi - lo) * plotW);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s</text>%n",
                    x, top - 10, x, height, x, top - 14, esc(pow10(e))));
        }
        svg.append(bars);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + "svg text{font-size:12px;font-family:sans-serif}"
                        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                        + "td.n{text-align:right}.legend span{display:inline-block;margin-right:1.2em}"
                        + ".sw{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}</style>\n")
                .append("</head><body>\n<h1>").append(esc(title)).append("</h1>\n<p>").append(esc(subtitle))
                .append("</p>\n<p>Median of the counted rounds; <b>lower is better</b> (milliseconds, W7 bytes per idle task). "
                        + "Log scale: bars of different workloads are comparable only within their group.</p>\n<p class=\"legend\">");
        for (Map.Entry<String, String> c : COLORS.entrySet()) {
            if (rows.stream().anyMatch(r -> r.impl().equals(c.getKey()))) {
                html.append("<span><i class=\"sw\" style=\"background:").append(c.getValue()).append("\"></i>")
                        .append(esc(c.getKey())).append("</span>");
            }
        }
        html.append("</p>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n")
                .append(svg).append("</svg>\n<h2>Rows</h2>\n<table><tr>");
        for (String h : Row.HEADER.split("\t")) html.append("<th>").append(esc(h)).append("</th>");
        html.append("</tr>\n");
        for (Row r : rows) {
            String[] cells = r.tsv().split("\t", -1);
            html.append("<tr>");
            for (int i = 0; i < cells.length; i++) {
                html.append(i == 2 || i == 3 ? "<td class=\"n\">" : "<td>").append(esc(cells[i])).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n</body></html>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    static String pow10(int e) {
        if (e >= 0 && e <= 6) return String.valueOf((long) Math.pow(10, e));
        return "1e" + e;
    }

    static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
