package dev.weft.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How long a cache line takes to go from one core to the other and back, measured the way the rows use it: two
 * platform threads pass a counter through two volatile fields, each spinning until it sees the other's write.
 *
 * <p>Why the harness records it: on this machine kind the rows that move one cache line between the two cores on
 * every operation (W4's channel, W9's lock) are bimodal across runs minutes apart with the same code (W4: about
 * 0.5 s or 1.2 s a round, the mode fixed for a whole JVM and sometimes for several runs in a row). The guest's two
 * virtual CPUs are placed by the host, and a line transfer's cost is the first suspect; recording it in the run's
 * sidecar ({@link RunInfo}) and in the progress log before each workload lets a reader check a row's mode against
 * it instead of guessing. In the runs of 2026-12-07 it moved between 69 and 583 ns from one run to the next, and
 * W4 followed it: six runs of {@code ./weft bench W4 W9 --impl weft-poll,vthreads} in a row gave W4 515 ms at
 * 112 ns and 1,133-1,202 ms at 482-583 ns.
 */
public final class CoreToCore {
    /*
     * Implementation notes
     *
     * I1. `ping` is written only by the measuring thread and `pong` only by the responder; each waits for the
     *     other's value (volatile reads and writes), so every round trip moves both fields' lines across once.
     * I2. Bounded: the responder also stops on `stop`, which the measuring thread sets at the deadline or after
     *     the last round; a machine that cannot run both threads at once (one processor, or a loaded host) gives
     *     an empty result instead of spinning for ever.
     */
    private static final int ROUND_TRIPS = 100_000;
    private static final int REPEATS = 5;
    private static final long DEADLINE_NANOS = 2_000_000_000L;

    private volatile long ping;
    private volatile long pong;
    private volatile boolean stop;

    private CoreToCore() {}

    /**
     * The median of {@value #REPEATS} measurements of {@value #ROUND_TRIPS} round trips, in nanoseconds per round
     * trip; empty with one processor, or when the measurement did not finish within 2 s.
     */
    public static OptionalDouble roundTripNanos() {
        if (Runtime.getRuntime().availableProcessors() < 2) return OptionalDouble.empty();
        double[] results = new double[REPEATS];
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        for (int r = 0; r < REPEATS; r++) {
            OptionalDouble one = new CoreToCore().measure(deadline);
            if (one.isEmpty()) return one;
            results[r] = one.getAsDouble();
        }
        Arrays.sort(results);
        return OptionalDouble.of(results[REPEATS / 2]);
    }

    /** The round trip as the sidecar and the log print it: {@code "512 ns"}, or why there is none. */
    public static String describe(OptionalDouble nanos) {
        return nanos.isPresent() ? String.format(Locale.ROOT, "%.0f ns", nanos.getAsDouble())
                : "not measured (one processor, or not done within 2 s)";
    }

    private OptionalDouble measure(long deadline) {
        Thread responder = Thread.ofPlatform().daemon().name("core-to-core-responder").start(() -> {
            for (long i = 1; i <= ROUND_TRIPS; i++) {
                while (ping != i) {
                    if (stop) return; // I2
                    Thread.onSpinWait();
                }
                pong = i;
            }
        });
        try {
            long t0 = System.nanoTime();
            for (long i = 1; i <= ROUND_TRIPS; i++) {
                ping = i;
                int spins = 0;
                while (pong != i) {
                    Thread.onSpinWait();
                    if ((++spins & 0xfff) == 0 && System.nanoTime() - deadline > 0) return OptionalDouble.empty(); // I2
                }
            }
            return OptionalDouble.of((System.nanoTime() - t0) / (double) ROUND_TRIPS);
        } finally {
            stop = true;
            try {
                responder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
