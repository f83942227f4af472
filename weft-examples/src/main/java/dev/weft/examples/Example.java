package dev.weft.examples;

import java.io.PrintStream;

/**
 * A runnable example: a name for {@code ./weft example NAME}, a one-line summary, and its program.
 *
 * <p>Each example is a class whose javadoc quotes the seed article's Rust and whose {@link #run} reads side by
 * side with it (same names in Java case, same structure, the same printed messages), printing to the given
 * stream instead of stdout, plus a {@code main} to run it on its own.
 *
 * <p><b>Time.</b> Every example runs on the runtime its {@link Clock} builds and takes no other timing input:
 * {@link Clock#REAL} (real sleeps on the multi-thread runtime; the command line) or {@link Clock#PAUSED} (a
 * paused current-thread runtime on which every sleep completes instantly, in deadline order; the tests). The
 * printed output is the same in both wherever the program's order is deterministic; the few places where the
 * seed's own ordering is a race say so in their javadoc.
 */
public interface Example {

    /** The name used on the command line, e.g. {@code spawn-join}. */
    String name();

    /** The seed article's section this example ports, and what it shows, in one line. */
    String summary();

    /** Runs the example on a runtime of {@code clock}, printing what it does to {@code out}. */
    void run(PrintStream out, Clock clock) throws Exception;

    /** Runs the example in real time: {@code run(out, Clock.REAL)}. */
    default void run(PrintStream out) throws Exception {
        run(out, Clock.REAL);
    }
}
