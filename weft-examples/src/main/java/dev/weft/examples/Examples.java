package dev.weft.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./weft example [NAME [--paused]]}: lists the examples, or runs one by name, in real time or (with
 * {@code --paused}) on the paused test clock (see {@link Clock}).
 */
public final class Examples {

    /** Every example, in the order of the seed article. */
    public static final List<Example> ALL = List.of(
            new FuturesLazy(),
            new ContextWaker(),
            new SelectTimeout(),
            new SelectLoop(),
            new SelectLoopReset(),
            new SpawnJoin(),
            new ManyTasks(),
            new ProducerConsumer(),
            new BroadcastFanOut(),
            new GracefulShutdown(),
            new StreamPipeline(),
            new StreamFromChannel(),
            new TimeoutWrapper(),
            new CancelWithSelect(),
            new PitfallBlocking(),
            new PitfallUnboundedSpawn(),
            new PitfallSharedCounter(),
            new PitfallForgetAwait(),
            new PitfallCollectResults(),
            new PitfallLockAcrossAwait(),
            new BoundedPipeline(),
            new TcpEcho(),
            new GracefulServer(),
            new HttpHello(),
            new HttpEcho(),
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
            out.println("usage: ./weft example NAME [--paused]");
            out.println("  --paused  run on a paused current-thread runtime: every sleep completes at once");
            out.println("  server examples (http-*) serve until ctrl-c: --port N; --demo runs their self-test instead");
            out.println();
            for (Example e : ALL) out.printf("  %-26s %s%n", e.name(), e.summary());
            return;
        }
        Example e = find(args[0]);
        if (e == null) {
            System.err.println("weft: no example named '" + args[0] + "'; run ./weft example to list them");
            System.exit(2);
        }
        if (e instanceof ServerExample server && !(args.length > 1 && args[1].equals("--demo"))) {
            try {
                server.serve(out, java.util.Arrays.copyOfRange(args, 1, args.length)); // --port N, ...
            } catch (IllegalArgumentException | UnsupportedOperationException bad) {
                System.err.println("weft: " + bad.getMessage());
                System.exit(2);
            }
            return;
        }
        boolean paused = args.length > 1 && args[1].equals("--paused");
        if (args.length > 1 && !paused && !args[1].equals("--demo")) {
            System.err.println("weft: unknown option '" + args[1] + "' (expected: --paused)");
            System.exit(2);
        }
        e.run(out, paused ? Clock.PAUSED : Clock.REAL);
    }
}
