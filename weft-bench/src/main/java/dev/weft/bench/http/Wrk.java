package dev.weft.bench.http;

import dev.weft.bench.Host;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of H1-H3: Debian's {@code wrk}, found on the {@code PATH} or installed with
 * {@code apt-get install -y wrk} (after {@code apt-get update}) when missing and this process runs as root;
 * otherwise the rows are skipped with the reason ({@link #locate}). One run is
 * {@code wrk -t1 -c<connections> -d<seconds>s --latency --timeout 8s} with TechEmpower's request headers, plus
 * a Lua script writing {@code depth} requests per write for the pipelined row; its output is parsed into a
 * {@link Result}, and wrk's own CPU time is read with bash's {@code times} builtin after it exits.
 */
public final class Wrk {
    private Wrk() {}

    /** TechEmpower's pipelining script: each write carries {@code depth} copies of the request. */
    static final String PIPELINE_LUA = """
            init = function(args)
              local r = {}
              local depth = tonumber(args[1]) or 1
              for i = 1, depth do
                r[i] = wrk.format()
              end
              req = table.concat(r)
            end

            request = function()
              return req
            end
            """;

    private static Optional<Path> located;
    private static String missingReason;

    /**
     * The wrk binary: on the PATH, else installed with apt-get when running as root; empty (with
     * {@link #missingReason()} saying why) when neither works. Tried once per JVM.
     */
    public static synchronized Optional<Path> locate(PrintStream progress) {
        if (located != null) return located;
        Optional<Path> onPath = Host.onPath("wrk");
        if (onPath.isEmpty()) {
            if (!Host.isRoot()) {
                missingReason = "wrk is not installed and this process is not root, so it cannot run"
                        + " 'apt-get install -y wrk' (install Debian's wrk package to run the HTTP rows)";
            } else {
                progress.println("  wrk is missing: running apt-get update && apt-get install -y wrk");
                String err = Host.run(List.of("apt-get", "update"), 300);
                if (err == null) err = Host.run(List.of("apt-get", "install", "-y", "wrk"), 300);
                onPath = Host.onPath("wrk");
                if (onPath.isEmpty()) {
                    missingReason = "wrk is not installed and 'apt-get install -y wrk' failed: " + err;
                }
            }
        }
        located = onPath;
        return located;
    }

    /** Why {@link #locate} found no wrk. */
    public static synchronized String missingReason() {
        return missingReason;
    }

    /** Whether {@code taskset} (util-linux) is on the PATH, for the pinned rows. */
    public static boolean hasTaskset() {
        return Host.onPath("taskset").isPresent();
    }

    /**
     * One wrk run's figures.
     *
     * @param requests responses counted
     * @param seconds the duration wrk measured
     * @param requestsPerSecond wrk's {@code Requests/sec}
     * @param p50Ms median latency
     * @param p99Ms 99th-percentile latency
     * @param socketErrors connect + read + write + timeout errors
     * @param non2xx3xx responses with another status
     * @param cpuSeconds wrk's user + system CPU time (NaN when not read)
     * @param output wrk's whole output
     */
    public record Result(long requests, double seconds, double requestsPerSecond, double p50Ms, double p99Ms,
                         long socketErrors, long non2xx3xx, double cpuSeconds, String output) {
        /** Errors of any kind: a row with any fails. */
        public long errors() {
            return socketErrors + non2xx3xx;
        }
    }

    /**
     * Runs wrk once against {@code url} and parses its output.
     *
     * @param wrk the binary
     * @param cpu the CPU to pin wrk to (taskset -c), or null
     * @param connections open connections
     * @param seconds run length
     * @param pipelineDepth requests per write (1: no script)
     * @param accept the TechEmpower {@code Accept} header of this test
     */
    public static Result run(Path wrk, String cpu, String url, int connections, int seconds, int pipelineDepth,
                             String accept) throws IOException, InterruptedException {
        Path script = null;
        try {
            List<String> cmd = new ArrayList<>();
            if (cpu != null) cmd.addAll(List.of("taskset", "-c", cpu));
            // bash runs wrk as its child, then `times` prints the children's user and system CPU time
            cmd.addAll(List.of("bash", "-c", "\"$@\"; rc=$?; echo WRK-TIMES; times; exit $rc", "wrk-cpu"));
            cmd.addAll(List.of(wrk.toString(), "-t1", "-c" + connections, "-d" + seconds + "s", "--latency",
                    "--timeout", "8s", "-H", "Host: localhost", "-H", "Accept: " + accept,
                    "-H", "Connection: keep-alive"));
            if (pipelineDepth > 1) {
                script = Files.createTempFile("weft-wrk-pipeline-", ".lua");
                Files.writeString(script, PIPELINE_LUA);
                cmd.addAll(List.of("-s", script.toString()));
            }
            cmd.add(url);
            if (pipelineDepth > 1) cmd.addAll(List.of("--", Integer.toString(pipelineDepth)));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("wrk did not finish within " + (seconds + 60) + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("wrk exited " + p.exitValue() + ": " + text.strip());
            }
            return parse(text);
        } finally {
            if (script != null) Files.deleteIfExists(script);
        }
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h)");
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

    /** Parses wrk's output (with {@code --latency}) followed by the {@code WRK-TIMES} lines. */
    static Result parse(String text) {
        String wrkText = text, timesText = "";
        int t = text.indexOf("WRK-TIMES");
        if (t >= 0) {
            wrkText = text.substring(0, t);
            timesText = text.substring(t);
        }
        Matcher m = REQUESTS.matcher(wrkText);
        if (!m.find()) throw new IllegalStateException("wrk output has no 'N requests in T' line: " + wrkText.strip());
        long requests = Long.parseLong(m.group(1));
        double seconds = toMs(Double.parseDouble(m.group(2)), m.group(3)) / 1000.0;
        Matcher r = RPS.matcher(wrkText);
        if (!r.find()) throw new IllegalStateException("wrk output has no Requests/sec line: " + wrkText.strip());
        double rps = Double.parseDouble(r.group(1));
        double p50 = Double.NaN, p99 = Double.NaN;
        Matcher p = PERCENTILE.matcher(wrkText);
        while (p.find()) {
            double ms = toMs(Double.parseDouble(p.group(2)), p.group(3));
            if (p.group(1).equals("50")) p50 = ms;
            else p99 = ms;
        }
        if (Double.isNaN(p50) || Double.isNaN(p99)) {
            throw new IllegalStateException("wrk output has no 50%/99% latency lines (--latency): " + wrkText.strip());
        }
        long socketErrors = 0;
        Matcher e = SOCKET_ERRORS.matcher(wrkText);
        if (e.find()) {
            for (int g = 1; g <= 4; g++) socketErrors += Long.parseLong(e.group(g));
        }
        long non2xx = 0;
        Matcher n = NON_2XX.matcher(wrkText);
        if (n.find()) non2xx = Long.parseLong(n.group(1));
        double cpu = Double.NaN;
        Matcher c = TIMES.matcher(timesText);
        // the first line of `times` is the shell's own time, the second its children's (wrk)
        if (c.find() && c.find()) {
            cpu = Long.parseLong(c.group(1)) * 60 + Double.parseDouble(c.group(2))
                    + Long.parseLong(c.group(3)) * 60 + Double.parseDouble(c.group(4));
        }
        return new Result(requests, seconds, rps, p50, p99, socketErrors, non2xx, cpu, wrkText.strip());
    }

    private static double toMs(double v, String unit) {
        return switch (unit) {
            case "us" -> v / 1000.0;
            case "ms" -> v;
            case "s" -> v * 1000.0;
            case "m" -> v * 60_000.0;
            case "h" -> v * 3_600_000.0;
            default -> throw new IllegalArgumentException("unit: " + unit + " (expected: us, ms, s, m or h)");
        };
    }

    /** A one-line summary of a run for the progress log. */
    public static String summary(Result r) {
        return String.format(Locale.ROOT, "%.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d, wrk CPU %.1f s",
                r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.errors(), r.cpuSeconds());
    }
}
