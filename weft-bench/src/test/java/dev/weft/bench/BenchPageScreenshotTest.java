package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Looks at the benchmark page in a real browser: renders the sample TSV (W and H rows, FAIL and NA rows, a memory
 * row, a workload without a peer) with {@code ./weft bench --render}'s code, takes a headless Chromium screenshot,
 * and checks that the picture is a page and not a blank or broken one: not uniform, dark text present, and every
 * bar colour (Weft poll-based, Weft async, best peer, other peers) and Weft's row band covering far more pixels
 * than the legend's swatches alone would. A copy of the PNG is kept as {@code target/bench-page-screenshot.png}.
 * Skipped, with the reason, where Chromium is missing and cannot be installed (not root).
 */
@Tag("long") // starts a browser (and installs it on first use): the long layer only
class BenchPageScreenshotTest {
    static final int WIDTH = 1200, HEIGHT = 1400;

    @Test
    void render_sampleTsv_chromiumScreenshotShowsTextAndEveryBarColour(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = Chromium.locate();
        assumeTrue(chromium.isPresent(), () -> "page screenshot skipped: " + Chromium.missingReason());
        Path html = Bench.render(BenchPageTest.sample(dir, true), BenchPageTest.QUIET);
        Path png = dir.resolve("page.png");
        Chromium.screenshot(chromium.get(), html, png, WIDTH, HEIGHT, dir.resolve("profile"));
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target", "bench-page-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);

        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as("a PNG ImageIO can decode").isNotNull();
        assertThat(img.getWidth()).isEqualTo(WIDTH);
        assertThat(img.getHeight()).isEqualTo(HEIGHT);

        double sum = 0, sumSq = 0;
        long dark = 0;
        long weft = 0, weftAsync = 0, best = 0, peer = 0, band = 0;
        int weftRgb = rgb(BenchPage.WEFT_COLOR), asyncRgb = rgb(BenchPage.WEFT_ASYNC_COLOR),
                bestRgb = rgb(BenchPage.BEST_PEER_COLOR), peerRgb = rgb(BenchPage.PEER_COLOR),
                bandRgb = rgb(BenchPage.WEFT_BAND);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y) & 0xffffff;
                double lum = 0.299 * (p >> 16 & 0xff) + 0.587 * (p >> 8 & 0xff) + 0.114 * (p & 0xff);
                sum += lum;
                sumSq += lum * lum;
                if (lum < 80 && !near(p, bestRgb)) dark++; // text (#222), not the dark best-peer bars
                if (near(p, weftRgb)) weft++;
                if (near(p, asyncRgb)) weftAsync++;
                if (near(p, bestRgb)) best++;
                if (near(p, peerRgb)) peer++;
                if (near(p, bandRgb)) band++;
            }
        }
        long n = (long) img.getWidth() * img.getHeight();
        double mean = sum / n, stddev = Math.sqrt(sumSq / n - mean * mean);
        String counts = String.format("luminance stddev %.1f, dark %d, weft %d, async %d, best %d, peer %d, band %d",
                stddev, dark, weft, weftAsync, best, peer, band);
        assertThat(stddev).as("not a blank page: " + counts).isGreaterThan(15);
        assertThat(dark).as("text is drawn: " + counts).isGreaterThan(2_000);
        // a legend swatch is 12 x 12 = 144 pixels: thousands mean the bars are drawn
        assertThat(weft).as("Weft poll-based bars: " + counts).isGreaterThan(1_000);
        assertThat(weftAsync).as("Weft async bars: " + counts).isGreaterThan(1_000);
        assertThat(best).as("best-peer bars: " + counts).isGreaterThan(1_000);
        assertThat(peer).as("other peers' bars: " + counts).isGreaterThan(1_000);
        assertThat(band).as("Weft rows' band: " + counts).isGreaterThan(10_000);
    }

    static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }

    /** Within 10 of {@code want} on every channel (anti-aliasing and colour conversion move edges a little). */
    static boolean near(int p, int want) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((p >> shift & 0xff) - (want >> shift & 0xff)) > 10) return false;
        }
        return true;
    }
}
