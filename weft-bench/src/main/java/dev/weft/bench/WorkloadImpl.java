package dev.weft.bench;

import java.io.PrintStream;
import java.util.Optional;

/**
 * One implementation of one workload: the unit the harness runs, checks and times.
 *
 * <p>The harness calls {@link #setUp()} once (untimed), then {@link #run(long)} for the warm-up and counted rounds
 * (each timed from call to return, then self-checked), then {@link #tearDown()} once. Resources that live for the
 * whole run (a {@code WeftRuntime}, a Reactor scheduler, a coroutine dispatcher) are created in {@code setUp} and
 * closed in {@code tearDown}, so a round measures the workload and not pool start-up.
 *
 * <p>An implementation that cannot express a workload honestly is registered with {@link Registry#na} instead: its
 * row prints {@code NA} with the reason.
 */
public interface WorkloadImpl {

    /** The workload this implements. */
    Workload workload();

    /** The implementation name printed in the impl column, e.g. {@code vthreads} or {@code weft-poll}. */
    String impl();

    /** Runs one round at {@code size} (the workload's size unit, see {@link Workload}) and returns what it computed. */
    Outcome run(long size) throws Exception;

    /** A fixed note for every row of this implementation (the idiom used, a deviation from the spec), or empty. */
    default String notes() {
        return "";
    }

    /**
     * Why this implementation cannot run on this machine (a tool it needs is missing and cannot be installed), or
     * empty when it can. Asked once per row before {@link #setUp()}; a present reason makes the row NA with it
     * instead of a failure. The native peers use it ({@code tokio}: no cargo, or its crates missing and not root).
     *
     * @param progress where to log what is done to find out (an installation, a build)
     */
    default Optional<String> unavailable(PrintStream progress) {
        return Optional.empty();
    }

    /** Creates long-lived resources before the first round; untimed. */
    default void setUp() throws Exception {}

    /** Releases what {@link #setUp()} created; called once after the last round, also after a failure. */
    default void tearDown() throws Exception {}
}
