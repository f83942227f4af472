package dev.weft.examples;

import java.io.PrintStream;

/**
 * A narrated run through every example, in the order of the seed article, on the clock it is given: with
 * {@link Clock#REAL} every sleep of every example really happens (about 15 s in all).
 */
public final class Tour implements Example {

    @Override
    public String name() {
        return "tour";
    }

    @Override
    public String summary() {
        return "A narrated run through every pattern of the seed article that Weft has so far";
    }

    @Override
    public void run(PrintStream out, Clock clock) throws Exception {
        out.println("Weft: a tour of \"Advanced Async/Await Patterns in Rust\", in Java");
        out.println(clock == Clock.REAL
                ? "(real time: every sleep below really sleeps; add --paused to run on the paused test clock)"
                : "(paused clock: time jumps to the next timer whenever every task waits, so sleeps take no time)");
        int n = 0;
        for (Example e : Examples.ALL) {
            if (e == this || e instanceof Tour) continue;
            n++;
            out.println();
            out.println("== " + n + ". " + e.summary() + "  (./weft example " + e.name() + ")");
            e.run(out, clock);
        }
        out.println();
        out.println("Tour complete: " + n + " examples ran.");
    }

    public static void main(String[] args) throws Exception {
        new Tour().run(System.out, Clock.REAL);
    }
}
