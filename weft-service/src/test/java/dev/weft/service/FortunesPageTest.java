package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.service.bench.FortunesPage;
import dev.weft.service.db.Fortune;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FortunesPage} writes escaped UTF-8 bytes in one pass; these properties hold it to the obvious definition
 * (escape into a String, then {@code getBytes(UTF_8)}) over hostile messages: every escaped character, 1- to
 * 4-byte code points, lone surrogates, and messages made only of escapes (the case that outgrows a buffer sized
 * for the plain text).
 */
class FortunesPageTest {

    /** The reference: what the page was before it was written as bytes. */
    private static byte[] reference(List<Fortune> fortunes) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
                + "<tr><th>id</th><th>message</th></tr>");
        for (Fortune f : fortunes) {
            sb.append("<tr><td>").append(f.id()).append("</td><td>");
            for (char c : f.message().toCharArray()) {
                switch (c) {
                    case '&' -> sb.append("&amp;");
                    case '<' -> sb.append("&lt;");
                    case '>' -> sb.append("&gt;");
                    case '"' -> sb.append("&quot;");
                    case '\'' -> sb.append("&#39;");
                    default -> sb.append(c);
                }
            }
            sb.append("</td></tr>");
        }
        return sb.append("</table></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void render_equalsEscapeThenEncode_overHostileMessages() throws Exception {
        Generated.forEachCase(500, (g, label) -> {
            List<Fortune> fortunes = new ArrayList<>();
            int n = g.intIn(0, 14);
            for (int i = 0; i < n; i++) {
                String m = g.string(0, 300);
                if (g.bool() && !m.isEmpty()) { // a lone surrogate somewhere
                    int at = g.intIn(0, m.length() - 1);
                    m = m.substring(0, at) + (g.bool() ? '\ud800' : '\udc00') + m.substring(at);
                }
                fortunes.add(new Fortune(g.intIn(-5, 100_000), m));
            }
            assertThat(FortunesPage.render(fortunes)).as(label).isEqualTo(reference(fortunes));
        });
    }

    /** Escapes that end at every offset of a buffer's end, then plain text: the plain bytes must still fit. */
    @Test
    void render_escapesThenPlainText_atEveryOffsetNearTheBufferEnd() {
        for (int k = 0; k < 1_500; k++) {
            List<Fortune> fortunes = List.of(new Fortune(k, "'".repeat(k) + "plain text after the escapes"));
            assertThat(FortunesPage.render(fortunes)).as("%d escapes", k).isEqualTo(reference(fortunes));
        }
    }

    @Test
    void render_messagesOfEscapesOnly_growPastThePlainTextSize() {
        List<Fortune> fortunes = new ArrayList<>();
        for (int len : new int[] {1, 7, 200, 5_000}) fortunes.add(new Fortune(len, "\"".repeat(len)));
        fortunes.add(new Fortune(1, "&<>\"'".repeat(700) + "\ud83d\ude00\ud800"));
        byte[] page = FortunesPage.render(fortunes);
        assertThat(page).isEqualTo(reference(fortunes));
        assertThat(new String(page, StandardCharsets.UTF_8)).contains("&quot;&quot;&quot;").endsWith("</table></body></html>");
    }
}
