package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Headless Chromium for the page's screenshot test: found on the {@code PATH} ({@code chromium},
 * {@code chromium-browser}, {@code google-chrome}), else installed as the harness installs wrk, with Debian's
 * {@code apt-get install -y --no-install-recommends chromium fonts-dejavu-core} (after {@code apt-get update}) when
 * running as root; otherwise
 * {@link #missingReason()} says why there is none. Tried once per JVM.
 */
final class Chromium {
    private Chromium() {}

    static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private static Optional<Path> located;
    private static String missingReason;

    /** The browser binary, installing it when missing and possible. */
    static synchronized Optional<Path> locate() {
        if (located != null) return located;
        located = onPath();
        if (located.isEmpty()) {
            if (!Host.isRoot()) {
                missingReason = "Chromium is not installed and this process is not root, so it cannot run"
                        + " 'apt-get install -y chromium' (install Debian's chromium package to run this test)";
            } else {
                String err = Host.run(List.of("apt-get", "update"), 600);
                // the page names DejaVu first: a machine without fonts would draw no text at all
                if (err == null) {
                    err = Host.run(List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium",
                            "fonts-dejavu-core"), 900);
                }
                located = onPath();
                if (located.isEmpty()) missingReason = "Chromium is not installed and 'apt-get install -y chromium' failed: " + err;
            }
        }
        return located;
    }

    static synchronized String missingReason() {
        return missingReason;
    }

    /**
     * Takes a screenshot of {@code html} at {@code width x height} CSS pixels (device scale 1) into {@code png}:
     * {@code chromium --headless --screenshot=PNG --window-size=W,H file://HTML}, with a profile of its own under
     * {@code profile} and no sandbox (root in a container has none to give). Fails with the browser's output.
     */
    static void screenshot(Path browser, Path html, Path png, int width, int height, Path profile) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
                "--disable-crash-reporter", "--disable-breakpad", "--disable-extensions",
                "--force-device-scale-factor=1", "--user-data-dir=" + profile.toAbsolutePath(),
                "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                html.toAbsolutePath().toUri().toString()));
        String err = Host.run(cmd, 180);
        if (err != null || !Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot " + png + ": " + (err == null ? "no error reported" : err));
        }
    }

    private static Optional<Path> onPath() {
        for (String name : NAMES) {
            Optional<Path> p = Host.onPath(name);
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }
}
