package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The benchmark page's figures and structure (fast, no browser; {@link BenchPageScreenshotTest} looks at it in
 * Chromium): relative throughput against the best peer, memory rows inverted, W and H rows, FAIL and NA rows, the
 * run's description from the sidecar, and every committed results TSV rendering to well-formed markup.
 */
class BenchPageTest {
    static final java.io.PrintStream QUIET =
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    /** Copies the sample TSV (and, when asked, its sidecar) into {@code dir}; returns the TSV's path. */
    static Path sample(Path dir, boolean withSidecar) throws IOException {
        Path tsv = dir.resolve("page-sample.tsv");
        copy("page-sample.tsv", tsv);
        if (withSidecar) copy("page-sample.run.properties", dir.resolve("page-sample.run.properties"));
        return tsv;
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = BenchPageTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, to);
        }
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static NodeList xpath(Document d, String expr) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        return (NodeList) x.evaluate(expr, d, XPathConstants.NODESET);
    }

    static BenchPage.Group group(List<BenchPage.Entry> rows, String workload) {
        return BenchPage.groups(rows).stream().filter(g -> g.workload().equals(workload)).findFirst().orElseThrow();
    }

    static BenchPage.Entry entry(BenchPage.Group g, String impl) {
        return g.entries().stream().filter(e -> e.impl().equals(impl)).findFirst().orElseThrow();
    }

    @Test
    void relative_throughputRow_isThroughputOverTheBestNonWeftRow(@TempDir Path dir) throws Exception {
        List<BenchPage.Entry> rows = BenchPage.readTsv(sample(dir, false));
        BenchPage.Group w1 = group(rows, "W1_spawn_join");
        assertThat(w1.bestPeer()).map(BenchPage.Entry::impl).contains("kotlin"); // 4.18 M/s beats vthreads' 4.13 M/s
        assertThat(w1.relative(entry(w1, "weft-poll"))).isCloseTo(6352869.0 / 4181442.0, within(1e-9));
        assertThat(w1.relative(entry(w1, "kotlin"))).isEqualTo(1.0);
        assertThat(w1.relative(entry(w1, "reactor"))).isLessThan(1.0);
        assertThat(w1.relative(entry(w1, "jox"))).isNaN(); // NA

        BenchPage.Group h1 = group(rows, "H1_plaintext_pipelined");
        assertThat(h1.bestPeer()).map(BenchPage.Entry::impl).contains("netty-epoll");
        assertThat(h1.relative(entry(h1, "weft-async"))).isCloseTo(24221.0 / 53421.0, within(1e-9));
        assertThat(h1.relative(entry(h1, "jdk-httpserver"))).isNaN(); // FAIL
    }

    @Test
    void relative_memoryRow_isInvertedSoHigherIsBetter(@TempDir Path dir) throws Exception {
        BenchPage.Group w7 = group(BenchPage.readTsv(sample(dir, false)), "W7_idle_memory");
        assertThat(w7.bestPeer()).map(BenchPage.Entry::impl).contains("reactor"); // fewest bytes per task
        assertThat(w7.relative(entry(w7, "weft-poll"))).isCloseTo(285.2 / 245.4, within(1e-9)).isGreaterThan(1);
        assertThat(w7.relative(entry(w7, "vthreads"))).isCloseTo(285.2 / 945.2, within(1e-9));
    }

    @Test
    void relative_workloadWithoutAMeasuredPeer_hasNone(@TempDir Path dir) throws Exception {
        List<BenchPage.Entry> rows = BenchPage.readTsv(sample(dir, false));
        BenchPage.Group h6 = group(rows, "H6_pipeline"); // the peers are NA
        assertThat(h6.bestPeer()).isEmpty();
        assertThat(h6.relative(entry(h6, "weft-poll-sqlite"))).isNaN();
        assertThat(group(rows, "H7_idle_http_conns").bestPeer()).isEmpty(); // Weft rows only, no header line
    }

    @Test
    void html_sample_hasOneChartRowPerTsvRowWithBarsScaledToTheRelativeThroughput(@TempDir Path dir) throws Exception {
        Path tsv = sample(dir, true);
        List<BenchPage.Entry> rows = BenchPage.readTsv(tsv);
        assertThat(rows).hasSize(28);
        Document d = parse(Files.readString(Bench.render(tsv, QUIET)));

        NodeList chartRows = xpath(d, "//svg//g[starts-with(@class, 'row ')]");
        assertThat(chartRows.getLength()).isEqualTo(rows.size());
        assertThat(xpath(d, "//svg//g[starts-with(@class, 'group')]").getLength()).isEqualTo(6);
        assertThat(xpath(d, "//svg//line[@class='one']").getLength()).as("the 1.0x line").isEqualTo(1);

        // W1 weft-poll: a highlighted row (band, bold label via class), a red bar whose length is its ratio
        Element poll = (Element) xpath(d, "//svg//g[@data-workload='W1_spawn_join'][@data-impl='weft-poll']").item(0);
        assertThat(poll.getAttribute("class")).isEqualTo("row weft OK");
        double rel = Double.parseDouble(poll.getAttribute("data-relative"));
        assertThat(rel).isCloseTo(6352869.0 / 4181442.0, within(1e-4));
        Element bar = (Element) xpath(d, "//svg//g[@data-workload='W1_spawn_join'][@data-impl='weft-poll']/rect").item(0);
        assertThat(bar.getAttribute("fill")).isEqualTo(BenchPage.WEFT_COLOR);
        Element kotlinBar = (Element) xpath(d, "//svg//g[@data-workload='W1_spawn_join'][@data-impl='kotlin']/rect").item(0);
        assertThat(kotlinBar.getAttribute("fill")).isEqualTo(BenchPage.BEST_PEER_COLOR);
        double ratioOfWidths = Double.parseDouble(bar.getAttribute("width")) / Double.parseDouble(kotlinBar.getAttribute("width"));
        assertThat(ratioOfWidths).isCloseTo(rel, within(0.02));
        assertThat(poll.getTextContent()).contains("1.52x").contains("6.35 M tasks/s");
        assertThat(xpath(d, "//svg/rect[@class='band']").getLength())
                .as("one band per Weft row").isEqualTo((int) rows.stream().filter(BenchPage.Entry::isWeft).count());
        assertThat(((Element) xpath(d, "//svg//g[@data-workload='W1_spawn_join'][@data-impl='weft-async']/rect").item(0))
                .getAttribute("fill")).isEqualTo(BenchPage.WEFT_ASYNC_COLOR);
        assertThat(((Element) xpath(d, "//svg//g[@data-workload='W1_spawn_join'][@data-impl='vthreads']/rect").item(0))
                .getAttribute("fill")).isEqualTo(BenchPage.PEER_COLOR);

        // FAIL and NA rows: no bar, their status and reason
        Element fail = (Element) xpath(d, "//svg//g[@data-impl='jdk-httpserver']").item(0);
        assertThat(fail.getAttribute("data-status")).isEqualTo("FAIL");
        assertThat(fail.getElementsByTagName("rect").getLength()).isZero();
        assertThat(fail.getTextContent()).contains("FAIL: SelfCheckFailed");
        Element na = (Element) xpath(d, "//svg//g[@data-workload='W1_spawn_join'][@data-impl='jox']").item(0);
        assertThat(na.getElementsByTagName("rect").getLength()).isZero();
        assertThat(na.getTextContent()).contains("NA: jox channels has no task API");
        Element kotlinW11 = (Element) xpath(d, "//svg//g[@data-workload='W11_tcp_echo'][@data-impl='kotlin']").item(0);
        assertThat(kotlinW11.getAttribute("class")).isEqualTo("row peer FAIL");

        // no peer measured: absolute figures, said so
        assertThat(xpath(d, "//svg//g[@data-workload='H6_pipeline' and @class='group']").item(0).getTextContent())
                .contains("no peer measured");
        assertThat(xpath(d, "//svg//g[@data-workload='H7_idle_http_conns'][@data-impl='weft-poll']").item(0)
                .getTextContent()).contains("4,127 B/conn \u00b7 RSS 7817 B/conn; 19500 connections");
        assertThat(xpath(d, "//svg//g[@data-workload='H6_pipeline'][@data-impl='weft-poll-sqlite']").item(0)
                .getTextContent()).contains("0 req/s \u00b7 no rate kept p99 under 10.0 ms");

        // the run: machine, JDK, flags, commit from the sidecar
        assertThat(cell(d, "machine.cpu")).isEqualTo("AMD EPYC");
        assertThat(cell(d, "machine.cores")).startsWith("2");
        assertThat(cell(d, "machine.memory")).isEqualTo("23.5 GiB");
        assertThat(cell(d, "jdk")).contains("25.0.3");
        assertThat(cell(d, "jvm.flags")).contains("-XX:+UseParallelGC");
        assertThat(cell(d, "commit")).startsWith("0123456789abcdef");
        assertThat(xpath(d, "//p[@class='source']").item(0).getTextContent()).contains("page-sample.run.properties");
        assertThat(xpath(d, "//p[@class='how']").item(0).getTextContent()).contains("higher is better");

        // the table: every row, Weft rows marked, the ratio column
        assertThat(xpath(d, "//table[@class='rows']/tr[td]").getLength()).isEqualTo(rows.size());
        assertThat(xpath(d, "//table[@class='rows']/tr[starts-with(@class, 'weft')]").getLength())
                .isEqualTo((int) rows.stream().filter(BenchPage.Entry::isWeft).count());
        assertThat(xpath(d, "//table[@class='rows']/tr[td='kotlin' and td='W1_spawn_join']/td[6]").item(0)
                .getTextContent()).isEqualTo("1.00x (best peer)");
    }

    static String cell(Document d, String key) throws Exception {
        return xpath(d, "//table[@class='run']//td[@class='" + key + "']").item(0).getTextContent();
    }

    @Test
    void render_withoutSidecar_saysTheRunWasNotRecorded(@TempDir Path dir) throws Exception {
        Document d = parse(Files.readString(Bench.render(sample(dir, false), QUIET)));
        assertThat(cell(d, "commit")).isEqualTo(RunInfo.NOT_RECORDED);
        assertThat(cell(d, "jvm.flags")).isEqualTo(RunInfo.NOT_RECORDED);
        assertThat(xpath(d, "//p[@class='source']").item(0).getTextContent())
                .contains("no page-sample.run.properties beside it");
    }

    @Test
    void html_barBeyondTheAxis_isCutAndSaysSo() throws Exception {
        List<BenchPage.Entry> rows = List.of(
                new BenchPage.Entry("W3_mpsc_1p1c", "weft-poll", Row.Status.OK, 10, 1e9, "message", ""),
                new BenchPage.Entry("W3_mpsc_1p1c", "vthreads", Row.Status.OK, 1000, 1e6, "message", ""));
        Document d = parse(BenchPage.html(rows, "t", "s", RunInfo.none()));
        Element bar = (Element) xpath(d, "//svg//g[@data-impl='weft-poll']/rect").item(0);
        assertThat(Integer.parseInt(bar.getAttribute("width"))).isEqualTo(BenchPage.PLOT_W);
        assertThat(xpath(d, "//svg//g[@data-impl='weft-poll']").item(0).getTextContent())
                .contains("1000.00x").contains("bar cut at 6x");
    }

    @Test
    void readTsv_lineWithTooFewFields_failsNamingTheLine(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("bad.tsv");
        Files.writeString(tsv, Row.HEADER + "\nW1_spawn_join\tweft-poll\t12.0\n");
        assertThatThrownBy(() -> BenchPage.readTsv(tsv)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2: 3 tab-separated fields (expected: 6");
        Files.writeString(tsv, "W1_spawn_join\tweft-poll\tfast\t1\ttask\t\n");
        assertThatThrownBy(() -> BenchPage.readTsv(tsv)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 1: median_ms 'fast'");
    }

    @Test
    void runInfo_writtenThenRead_keepsEveryValue(@TempDir Path dir) throws Exception {
        RunInfo info = new RunInfo(Map.of("jvm.flags", "-Dx=a\\b -Dy=c:d", "note", " leading blank, = sign", "commit",
                "abc"));
        info = info.with("machine.coreToCore", "before W4 512 ns; after the last row 498 ns");
        Path tsv = dir.resolve("r.tsv");
        info.write(RunInfo.sidecarOf(tsv));
        assertThat(RunInfo.sidecarOf(tsv).getFileName().toString()).isEqualTo("r.run.properties");
        RunInfo back = RunInfo.readSidecar(tsv).orElseThrow();
        assertThat(back.get("jvm.flags")).isEqualTo("-Dx=a\\b -Dy=c:d");
        assertThat(back.get("note")).isEqualTo("leading blank, = sign"); // stripped on read
        assertThat(back.get("machine.cpu")).isEqualTo(RunInfo.NOT_RECORDED);
        assertThat(back.get("machine.coreToCore")).isEqualTo("before W4 512 ns; after the last row 498 ns");
        assertThat(back.get("commit")).isEqualTo("abc");
        assertThatThrownBy(() -> new RunInfo(Map.of("cpu", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run info key: cpu (expected one of [date, machine.cpu");
    }

    @Test
    void capture_recordsMachineJdkFlagsAndCommit() {
        RunInfo info = RunInfo.capture("h");
        assertThat(info.get("machine.cores")).startsWith(String.valueOf(java.lang.Runtime.getRuntime().availableProcessors()));
        assertThat(info.get("jdk")).contains(System.getProperty("java.runtime.version"));
        assertThat(info.get("commit")).matches("([0-9a-f]{40}.*|unknown .*)");
        assertThat(info.get("harness")).isEqualTo("h");
        assertThat(info.get("machine.cpu")).isNotBlank();
    }

    @Test
    void render_everyCommittedResultsTsv_isWellFormedWithOneChartRowPerRow(@TempDir Path dir) throws Exception {
        Path results = Path.of("..", "bench-results");
        List<Path> tsvs = new ArrayList<>();
        if (Files.isDirectory(results)) {
            try (Stream<Path> s = Files.list(results)) {
                s.filter(p -> p.toString().endsWith(".tsv")).sorted().forEach(tsvs::add);
            }
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(tsvs.isEmpty(), "no ../bench-results/*.tsv from " + Path.of("").toAbsolutePath());
        for (Path tsv : tsvs) {
            Path copy = dir.resolve(tsv.getFileName());
            Files.copy(tsv, copy);
            Path sidecar = RunInfo.sidecarOf(tsv);
            if (Files.exists(sidecar)) Files.copy(sidecar, RunInfo.sidecarOf(copy));
            int rows = BenchPage.readTsv(copy).size();
            Document d = parse(Files.readString(Bench.render(copy, QUIET)));
            assertThat(xpath(d, "//svg//g[starts-with(@class, 'row ')]").getLength()).as(tsv.toString()).isEqualTo(rows);
            assertThat(Files.exists(sidecar)).as("committed results are described: " + sidecar).isTrue();
            assertThat(cell(d, "commit")).as(tsv.toString()).isNotEqualTo(RunInfo.NOT_RECORDED);
        }
    }
}
