package dev.weft.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The HTML page {@code ./weft load --out FILE.html} writes: one self-contained file (inline SVG and CSS, no
 * script, nothing fetched) with the run's summary table and its latency percentile plot in the usual
 * HdrHistogram layout: the x axis is the percentile on a log scale of {@code 1 / (1 - p)} (so 90%, 99%, 99.9%,
 * 99.99% are evenly spaced), the y axis the latency in milliseconds.
 */
public final class HtmlReport {
    private static final int W = 860;
    private static final int H = 420;
    private static final int L = 70;
    private static final int R = 20;
    private static final int T = 20;
    private static final int B = 50;

    private HtmlReport() {}

    /** The page for {@code result}. */
    public static String render(LoadResult result) {
        var sb = new StringBuilder(16 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>weft load: ")
                .append(esc(result.config().url().toString())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{padding:.2em .8em;text-align:right;")
                .append("border-bottom:1px solid #ddd}th{text-align:left}")
                .append(".axis{stroke:#444}.grid{stroke:#ddd}.curve{fill:none;stroke:#1565c0;stroke-width:2}")
                .append("text{font-size:12px;fill:#333}\n</style></head><body>\n");
        sb.append("<h1>Latency by percentile</h1>\n<p>").append(esc(result.config().url().toString()))
                .append(String.format(Locale.ROOT, " at %.1f req/s intended, %d connections, %s. Latency is measured "
                        + "from each request's intended send time (corrected for coordinated omission).</p>\n",
                        result.config().rate(), result.config().connections(), result.config().duration()));
        sb.append("<table>\n");
        row(sb, "requests sent", Long.toString(result.sent()));
        row(sb, "responses", Long.toString(result.responses()));
        row(sb, "achieved rate", String.format(Locale.ROOT, "%.1f req/s", result.achievedRate()));
        for (double p : new double[] {50, 90, 99, 99.9}) {
            row(sb, "p" + LoadResult.trim(p), String.format(Locale.ROOT, "%.3f ms", result.percentileMillis(p)));
        }
        row(sb, "max", String.format(Locale.ROOT, "%.3f ms", result.maxMillis()));
        for (Map.Entry<Integer, Long> e : result.non2xx().entrySet()) {
            row(sb, "status " + e.getKey(), e.getValue().toString());
        }
        for (Map.Entry<String, Long> e : result.socketErrors().entrySet()) {
            row(sb, "socket error: " + e.getKey(), e.getValue().toString());
        }
        if (result.timeouts() > 0) row(sb, "timeouts", Long.toString(result.timeouts()));
        sb.append("</table>\n");
        svg(sb, result);
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void svg(StringBuilder sb, LoadResult result) {
        var hist = result.latencyMicros();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" role=\"img\" aria-label=\"latency by percentile\">\n");
        if (hist.getTotalCount() == 0) {
            sb.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2)
                    .append("\" text-anchor=\"middle\">no responses recorded</text></svg>\n");
            return;
        }
        // points (x = log10(1 / (1 - p)), y = ms), from HdrHistogram's percentile iteration
        List<double[]> pts = new ArrayList<>();
        double maxX = 1;
        for (HistogramIterationValue v : hist.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            if (p >= 1.0) break;
            double x = Math.log10(1 / (1 - p));
            pts.add(new double[] {x, v.getValueIteratedTo() / 1000.0});
            maxX = Math.max(maxX, x);
        }
        double maxMs = result.maxMillis();
        pts.add(new double[] {Math.ceil(maxX), maxMs});
        double xMax = Math.max(2, Math.ceil(maxX));
        double yMax = niceCeil(maxMs);
        int pw = W - L - R;
        int ph = H - T - B;
        // grid and labels
        for (int d = 0; d <= xMax; d++) {
            double x = L + pw * d / xMax;
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
                    x, T, x, T + ph));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
                    T + ph + 18, percentLabel(d)));
        }
        for (int k = 0; k <= 5; k++) {
            double y = T + ph - ph * k / 5.0;
            sb.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    L, y, L + pw, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", L - 6,
                    y + 4, fmt(yMax * k / 5)));
        }
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", L,
                T + ph, L + pw, T + ph));
        sb.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", L, T,
                L, T + ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>",
                L + pw / 2, H - 8));
        sb.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">latency (ms)</text>%n",
                T + ph / 2, T + ph / 2));
        sb.append("<polyline class=\"curve\" points=\"");
        for (double[] p : pts) {
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", L + pw * p[0] / xMax, T + ph - ph * p[1] / yMax));
        }
        sb.append("\"/>\n</svg>\n");
    }

    /** {@code 0%, 90%, 99%, 99.9%, ...} for 0, 1, 2, 3, ... nines. */
    static String percentLabel(int nines) {
        var p = java.math.BigDecimal.valueOf(100).subtract(java.math.BigDecimal.valueOf(100).movePointLeft(nines));
        return p.stripTrailingZeros().toPlainString() + "%";
    }

    private static double niceCeil(double v) {
        if (v <= 0) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) return m * mag;
        }
        return 10 * mag;
    }

    private static String fmt(double ms) {
        return ms >= 10 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
