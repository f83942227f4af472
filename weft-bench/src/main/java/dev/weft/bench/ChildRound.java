package dev.weft.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one round of a workload in a fresh child JVM and reads its {@link Outcome} back: used for W7, whose RSS
 * delta means nothing in a process whose heap pages earlier rounds already touched (RSS never shrinks back).
 * The child gets the parent's JVM options minus {@code -Xms} (so the heap starts small and grows, and RSS grows
 * with it) and the parent's class path; it looks the implementation up in {@link Registry#standard()}, so Weft's
 * rows are isolated the same way as the peers'.
 */
public final class ChildRound {
    private ChildRound() {}

    static final String PREFIX = "CHILD-OUTCOME\t";

    /** Child entry point: {@code <workload> <impl> <size>}; prints one {@code CHILD-OUTCOME} line. */
    public static void main(String[] args) throws Exception {
        Workload w = Workload.parse(args[0]);
        String impl = args[1];
        long n = Long.parseLong(args[2]);
        Registry.Entry e = Registry.standard().entries(w).stream().filter(x -> x.impl().equals(impl)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("impl: " + impl + " (not registered for " + w.id() + ")"));
        WorkloadImpl wi = e.implementation();
        wi.setUp();
        Outcome o;
        try {
            o = wi.run(n);
        } finally {
            wi.tearDown();
        }
        System.out.println(PREFIX + o.check() + '\t' + o.ops() + '\t'
                + String.format(Locale.ROOT, "%.3f", o.metric()) + '\t' + Row.clean(o.notes()));
        System.out.flush();
        System.exit(0);
    }

    /** Runs one round of {@code (w, impl)} at size {@code n} in a child JVM and returns its outcome. */
    public static Outcome run(Workload w, String impl, long n) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xms") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildRound.class.getName());
        cmd.add(w.name());
        cmd.add(impl);
        cmd.add(Long.toString(n));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        StringBuilder other = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(PREFIX)) result = line.substring(PREFIX.length());
                else other.append(line).append('\n');
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || result == null) {
            throw new IllegalStateException("child round of " + w.id() + "/" + impl + " exited " + rc
                    + " without an outcome; its output: " + other);
        }
        String[] f = result.split("\t", -1);
        return new Outcome(Long.parseLong(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]), f[3]);
    }
}
