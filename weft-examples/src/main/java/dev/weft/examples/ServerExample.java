package dev.weft.examples;

import java.io.PrintStream;

/**
 * An example that is a long-running server: {@code ./weft example NAME [options]} serves until ctrl-c or
 * SIGTERM ({@link #serve}), while {@link #run} (the tests and the tour) starts it on an ephemeral port, sends it a
 * few requests, prints the answers and stops it.
 */
public interface ServerExample extends Example {

    /** Serves with the command-line {@code args} until ctrl-c or SIGTERM; prints where it listens. */
    void serve(PrintStream out, String[] args) throws Exception;

    /** The value of {@code --port N} in {@code args}, or {@code fallback}. */
    static int port(String[] args, int fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port")) {
                if (i + 1 == args.length) throw new IllegalArgumentException("--port: missing value (expected: 0..65535)");
                int p;
                try {
                    p = Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--port: " + args[i + 1] + " (expected: 0..65535)");
                }
                if (p < 0 || p > 65535) throw new IllegalArgumentException("--port: " + p + " (expected: 0..65535)");
                return p;
            }
        }
        return fallback;
    }
}
