package dev.weft.bench.http.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What the peer servers of H4/H5 share: the TechEmpower World JSON and the fortunes page (escaped, sorted). */
public final class DbPages {
    private DbPages() {}

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String HTML_UTF8 = "text/html; charset=utf-8";
    static final String ADDED = "Additional fortune added at request time.";

    /** A World row; Jackson writes {@code {"id":..,"randomNumber":..}}. */
    public record World(int id, int randomNumber) {}

    /** A Fortune row. */
    public record Fortune(int id, String message) {}

    /** A random id in 1..10000. */
    static int randomId() {
        return 1 + ThreadLocalRandom.current().nextInt(10_000);
    }

    /** The World as JSON, serialized per request with Jackson. */
    static byte[] json(World w) {
        try {
            return MAPPER.writeValueAsBytes(w);
        } catch (IOException e) {
            throw new IllegalStateException("Jackson failed on a World", e);
        }
    }

    /** The fortunes page: the rows plus the one added at request time, sorted by message, HTML-escaped. */
    static String fortunesPage(List<Fortune> rows) {
        List<Fortune> all = new ArrayList<>(rows.size() + 1);
        all.addAll(rows);
        all.add(new Fortune(0, ADDED));
        all.sort(Comparator.comparing(Fortune::message));
        var sb = new StringBuilder(1200);
        sb.append("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                + "<tr><th>id</th><th>message</th></tr>");
        for (Fortune f : all) {
            sb.append("<tr><td>").append(f.id()).append("</td><td>");
            escape(f.message(), sb);
            sb.append("</td></tr>");
        }
        return sb.append("</table></body></html>").toString();
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
