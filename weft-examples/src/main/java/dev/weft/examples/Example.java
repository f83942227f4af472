package dev.weft.examples;

import java.io.PrintStream;

/** A runnable example: a name for {@code ./weft example NAME}, a one-line summary, and its program. */
public interface Example {

    /** The name used on the command line, e.g. {@code spawn-join}. */
    String name();

    /** The seed article's section this example ports, and what it shows, in one line. */
    String summary();

    /** Runs the example, printing what it does to {@code out}. */
    void run(PrintStream out) throws Exception;
}
