package dev.weft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the bench asks of the machine it runs on: a program on the {@code PATH}, whether it runs as root, and a
 * bounded run of a command (an {@code apt-get install} of wrk or of a Rust peer's crates).
 */
public final class Host {
    private Host() {}

    /** {@code name} as an executable on the {@code PATH}, else in the usual system directories. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin", "/sbin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Whether this process runs as root (uid 0), so it may run {@code apt-get install}. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.substring(4).trim().split("\\s+")[1].equals("0");
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * Runs {@code cmd} with a deadline (its output goes to a temporary file, so a chatty or hung command cannot
     * block the wait; on the deadline it and its descendants are killed); null on success, else what went wrong
     * with the output's tail.
     */
    public static String run(List<String> cmd, long seconds) {
        try {
            Path log = Files.createTempFile("weft-host-run-", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return cmd.get(0) + " did not finish in " + seconds + " s: " + tail(log);
                }
                return p.exitValue() == 0 ? null : cmd.get(0) + " exited " + p.exitValue() + ": " + tail(log);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return String.join(" ", cmd) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8).strip();
        return text.substring(Math.max(0, text.length() - 600));
    }
}
