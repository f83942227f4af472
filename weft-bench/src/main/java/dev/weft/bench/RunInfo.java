package dev.weft.bench;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where and how a run was measured: the machine (CPU model, cores, memory), the OS, the JDK, the JVM flags, the
 * git commit, the harness settings and a free-text note. The benchmark page prints them above the chart.
 *
 * <p>They travel in a sidecar beside the TSV, {@code NAME.run.properties} for {@code NAME.tsv} ({@link #sidecarOf}),
 * never inside it: the TSV stays the six-column table every reader already parses (one header line, then rows;
 * {@code cut}, spreadsheets, pandas and {@code ./weft bench --render} read it unchanged). The sidecar is a
 * {@link Properties} file (one {@code key = value} per line, readable and editable by hand), so a run measured
 * before the harness recorded it can be given one, with "not recorded" where nothing is known.
 *
 * @param values the fields in page order, keyed by {@link #KEYS} (absent keys print as "not recorded")
 */
public record RunInfo(Map<String, String> values) {

    /** The recorded keys, in the order the page shows them, with their labels. */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("date", "Date");
        k.put("machine.cpu", "CPU");
        k.put("machine.cores", "Cores");
        k.put("machine.memory", "Memory");
        k.put("machine.coreToCore", "Core-to-core round trip");
        k.put("os", "OS");
        k.put("jdk", "JDK");
        k.put("jvm.flags", "JVM flags");
        k.put("commit", "Commit");
        k.put("harness", "Harness");
        k.put("note", "Note");
        return k;
    }

    /** What the page prints for a key the run did not record. */
    public static final String NOT_RECORDED = "not recorded";

    public RunInfo {
        values = Map.copyOf(values);
        for (String key : values.keySet()) {
            if (!KEYS.containsKey(key)) {
                throw new IllegalArgumentException("run info key: " + key + " (expected one of " + KEYS.keySet() + ")");
            }
        }
    }

    /** The value of {@code key}, or {@link #NOT_RECORDED}. */
    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? NOT_RECORDED : v;
    }

    /** This run info with {@code key} set to {@code value}. */
    public RunInfo with(String key, String value) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put(key, value);
        return new RunInfo(v);
    }

    /** A run info that records nothing (every field prints "not recorded"). */
    public static RunInfo none() {
        return new RunInfo(Map.of());
    }

    /**
     * This JVM's run: the machine from {@code /proc/cpuinfo} and {@code /proc/meminfo}, the JDK from the system
     * properties, the flags from {@link java.lang.management.RuntimeMXBean#getInputArguments()}, the commit from
     * {@code git} in the working directory (with "+ uncommitted changes" when the tracked files differ from it).
     */
    public static RunInfo capture(String harness) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
                Locale.ROOT)));
        v.put("machine.cpu", cpuModel());
        v.put("machine.cores", cores());
        v.put("machine.memory", memory());
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        v.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")");
        v.put("jvm.flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        v.put("commit", commit());
        v.put("harness", harness);
        return new RunInfo(v);
    }

    /** The sidecar of {@code tsv}: {@code NAME.run.properties} beside {@code NAME.tsv}. */
    public static Path sidecarOf(Path tsv) {
        String name = tsv.getFileName().toString().replaceFirst("\\.tsv$", "");
        return tsv.resolveSibling(name + ".run.properties");
    }

    /** Writes the sidecar: a comment, then one {@code key = value} line per recorded key, in page order. */
    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Where and how the rows of the TSV beside this file were measured (read by ./weft bench --render).");
        for (String key : KEYS.keySet()) {
            String v = values.get(key);
            if (v != null) lines.add(key + " = " + escape(v));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Reads the sidecar of {@code tsv}, if there is one. */
    public static Optional<RunInfo> readSidecar(Path tsv) throws IOException {
        Path file = sidecarOf(tsv);
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.containsKey(key)) {
                throw new IOException(file + ": key " + key + " (expected one of " + KEYS.keySet() + ")");
            }
            v.put(key, p.getProperty(key).strip());
        }
        return Optional.of(new RunInfo(v));
    }

    /** Escapes a value for {@link Properties#load(Reader)}: backslashes, line breaks and a leading blank. */
    static String escape(String v) {
        String s = v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        return s.startsWith(" ") ? "\\" + s : s;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " (model not readable)";
    }

    static String cores() {
        int jvm = java.lang.Runtime.getRuntime().availableProcessors();
        long online = -1;
        try {
            online = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return online > 0 && online != jvm
                ? jvm + " available to the JVM (" + online + " online)"
                : jvm + " (available to the JVM)";
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return NOT_RECORDED;
    }

    /** The checked-out commit and whether tracked files differ from it; "unknown (...)" outside a git checkout. */
    static String commit() {
        Optional<String> head = git("rev-parse", "HEAD");
        if (head.isEmpty() || head.get().isBlank()) return "unknown (not a git checkout, or git is missing)";
        Optional<String> subject = git("log", "-1", "--format=%s");
        Optional<String> status = git("status", "--porcelain", "--untracked-files=no");
        String dirty = status.isPresent() && !status.get().isBlank() ? " + uncommitted changes" : "";
        return head.get().strip() + dirty + subject.map(s -> " (" + shorten(s.strip(), 100) + ")").orElse("");
    }

    static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
    }

    private static Optional<String> git(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
