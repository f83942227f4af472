package dev.weft.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void parse_everyFlag_buildsTheConfig() {
        var p = Main.parse(new String[] {"http://127.0.0.1:8080/db", "--rate", "500", "--connections", "8",
            "--duration", "3s", "--timeout", "250ms", "--header", "Authorization: Bearer abc", "--out", "x.html"});
        LoadConfig c = p.config();
        assertThat(c.url()).isEqualTo(URI.create("http://127.0.0.1:8080/db"));
        assertThat(c.rate()).isEqualTo(500);
        assertThat(c.connections()).isEqualTo(8);
        assertThat(c.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.headers()).singleElement().satisfies(h -> assertThat(h).containsExactly("Authorization", "Bearer abc"));
        assertThat(c.requestCount()).isEqualTo(1500);
        assertThat(p.out().toString()).isEqualTo("x.html");
    }

    @Test
    void parse_badInput_failsNamingTheFlag() {
        assertThatThrownBy(() -> Main.parse(new String[] {"http://h/", "--rate", "fast"}))
                .hasMessage("--rate: fast (expected: a number)");
        assertThatThrownBy(() -> Main.parse(new String[] {"http://h/", "--duration", "soon"}))
                .hasMessage("--duration: soon (expected: a duration such as 10s, 500ms, 2m)");
        assertThatThrownBy(() -> Main.parse(new String[] {"http://h/", "--header", "NoColon"}))
                .hasMessage("--header: NoColon (expected: 'Name: value')");
        assertThatThrownBy(() -> Main.parse(new String[] {"--rate", "5"}))
                .hasMessageStartingWith("URL: missing");
        assertThatThrownBy(() -> Main.parse(new String[] {"http://h/", "--bogus", "1"}))
                .hasMessage("unknown flag: --bogus");
    }

    @Test
    void render_result_isOneSelfContainedPageWithThePercentilePlot() {
        var h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) h.recordValue(i * 10L);
        var cfg = new LoadConfig(URI.create("http://127.0.0.1:1/x?a=1&b=2"), 100, 2, Duration.ofSeconds(10),
                Duration.ofSeconds(2), List.of());
        var r = new LoadResult(cfg, h, 1003, new java.util.TreeMap<>(java.util.Map.of(200, 999L, 500, 1L)),
                new java.util.TreeMap<>(java.util.Map.of("connect", 2L)), 1, 0, 10_000_000_000L);
        String html = HtmlReport.render(r);

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "<polyline", "99.9%", "status 500",
                "socket error: connect", "timeouts", "x?a=1&amp;b=2");
        assertThat(html).doesNotContain("<script", "src=", "href=", "a=1&b");
        assertThat(HtmlReport.percentLabel(0)).isEqualTo("0%");
        assertThat(HtmlReport.percentLabel(1)).isEqualTo("90%");
        assertThat(HtmlReport.percentLabel(4)).isEqualTo("99.99%");
        assertThat(r.errors()).isEqualTo(1 + 2 + 1);
        assertThat(r.summary()).contains("p99.9", "max", "non-2xx  {500=1}", "socket   {connect=2}", "timeouts 1");
    }
}
