package dev.weft.examples;

import java.io.PrintStream;
import java.util.List;

/** {@code ./weft example [NAME]}: lists the examples, or runs one by name. */
public final class Examples {

    /** Every example, in the order of the seed article. */
    public static final List<Example> ALL = List.of(
            new FuturesLazy(),
            new ContextWaker(),
            new SpawnJoin(),
            new ManyTasks(),
            new PitfallForgetAwait(),
            new PitfallCollectResults(),
            new Tour());

    private Examples() {}

    /** The example called {@code name}, or null. */
    public static Example find(String name) {
        for (Example e : ALL) if (e.name().equals(name)) return e;
        return null;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length == 0) {
            out.println("usage: ./weft example NAME");
            out.println();
            for (Example e : ALL) out.printf("  %-26s %s%n", e.name(), e.summary());
            return;
        }
        Example e = find(args[0]);
        if (e == null) {
            System.err.println("weft: no example named '" + args[0] + "'; run ./weft example to list them");
            System.exit(2);
        }
        e.run(out);
    }
}
