package dev.weft.bench.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP server in its own child JVM: started with the harness's own JVM flags (heap, collector,
 * virtual-thread scheduler at 2 carriers: ADR 0005) plus {@code --sun-misc-unsafe-memory-access=allow} and
 * {@code --enable-native-access=ALL-UNNAMED} (Netty's needs on JDK 24+, given to every server alike) and any
 * {@code -Dweft.bench.http.serverJvmArgs} (space-separated, e.g. a JFR recording); or a native peer's binary
 * ({@link HttpImpl#HYPER}); optionally pinned with {@code taskset}. It is ready once it printed
 * {@code READY <port>}; its CPU time and RSS are read from {@code /proc/<pid>}; {@link #close()} closes its
 * standard input (the servers exit on EOF), then kills it.
 */
public final class ServerProcess implements AutoCloseable {
    private static final long READY_SECONDS = 120;
    private static final double CLOCK_TICKS = clockTicks();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code impl}'s server, pinned to {@code cpu} when not null, and waits for its READY line. A native peer
     * ({@link HttpImpl#nativeBuild()}) runs {@code nativeBinary} with the port; a JVM server runs as
     * {@link #start(String, Class, List, String)} does.
     */
    static ServerProcess start(HttpImpl impl, Path nativeBinary, String cpu) throws IOException, InterruptedException {
        if (impl.nativeBuild().isEmpty()) return start(impl.impl(), impl.mainClass(), impl.args(), cpu);
        List<String> cmd = new ArrayList<>(List.of(nativeBinary.toString(), "0"));
        cmd.addAll(impl.args());
        return launch(impl.impl(), cpu, cmd);
    }

    /**
     * Starts {@code mainClass} (port 0, then {@code args}) as the server named {@code name}, pinned to {@code cpu}
     * when not null, and waits for its READY line.
     */
    public static ServerProcess start(String name, Class<?> mainClass, List<String> args, String cpu)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String a : own) {
            if (a.startsWith("-agentlib") || a.startsWith("-javaagent") || a.startsWith("-XX:StartFlightRecording")
                    || a.startsWith("-Dweft.bench.http.serverJvmArgs")) continue;
            cmd.add(a);
        }
        if (own.stream().noneMatch(a -> a.startsWith("--sun-misc-unsafe-memory-access"))) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (own.stream().noneMatch(a -> a.startsWith("--enable-native-access"))) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        String extra = System.getProperty("weft.bench.http.serverJvmArgs", "").strip();
        if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName(), "0"));
        cmd.addAll(args);
        return launch(name, cpu, cmd);
    }

    /**
     * Runs {@code command} as the server named {@code name}, under {@code taskset -c cpu} when {@code cpu} is not
     * null, and waits for its READY line.
     */
    private static ServerProcess launch(String name, String cpu, List<String> command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (cpu != null) cmd.addAll(List.of("taskset", "-c", cpu));
        cmd.addAll(command);
        Path log = Files.createTempFile("weft-http-server-" + name + "-", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("http-server-out-" + name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("READY ") && !ready.isDone()) {
                        ready.complete(Integer.parseInt(line.substring(6).trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the server ended without printing READY"));
        });
        ServerProcess sp = null;
        try {
            int port = ready.get(READY_SECONDS, TimeUnit.SECONDS);
            sp = new ServerProcess(p, port, log);
            return sp;
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + ": no READY line within " + READY_SECONDS + " s; stderr: "
                    + tail(log));
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + ": " + e.getCause().getMessage() + "; stderr: " + tail(log));
        } finally {
            if (sp == null) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Whether the server still runs (a crash during a run fails the row). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The server's user + system CPU seconds so far, from /proc/<pid>/stat. */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS; // fields 14 utime, 15 stime
    }

    /** The server's resident set size in bytes (VmRSS of /proc/<pid>/status). */
    public long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    /** The last lines of the server's standard error. */
    public String stderrTail() {
        return tail(log);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(log);
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log).strip();
            return s.isEmpty() ? "(empty)" : s.substring(Math.max(0, s.length() - 1500));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
