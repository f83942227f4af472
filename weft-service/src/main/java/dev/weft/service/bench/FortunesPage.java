package dev.weft.service.bench;

import dev.weft.service.db.Fortune;
import java.util.List;

/**
 * The fortunes page, rendered as the TechEmpower test expects (one table row per fortune, the message
 * HTML-escaped). A hand-written template: the page is fixed, and escaping by hand is five cases.
 */
public final class FortunesPage {
    private FortunesPage() {}

    /** The HTML page for {@code fortunes} (already sorted). */
    public static String render(List<Fortune> fortunes) {
        StringBuilder sb = new StringBuilder(1200);
        sb.append("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                + "<tr><th>id</th><th>message</th></tr>");
        for (Fortune f : fortunes) {
            sb.append("<tr><td>").append(f.id()).append("</td><td>");
            escape(f.message(), sb);
            sb.append("</td></tr>");
        }
        return sb.append("</table></body></html>").toString();
    }

    /** Appends {@code text} with {@code & < > " '} escaped as HTML character references. */
    public static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
