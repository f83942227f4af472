package dev.weft.internal.time;

import java.time.Duration;
import java.util.Objects;

/**
 * The monotonic clock of one runtime, in nanoseconds from a JVM-wide origin; optionally pausable for tests
 * (Tokio's {@code time::Clock} with its {@code test-util} features).
 *
 * <p>{@link #system()} reads {@link System#nanoTime()} and cannot be paused. {@link #pausable(boolean)} can be
 * {@linkplain #pause() paused}, {@linkplain #advance(Duration) advanced} by hand and {@linkplain #resume()
 * resumed}; while it is paused and nothing {@linkplain #inhibitAutoAdvance() inhibits} it, the
 * {@link TimeDriver} <em>auto-advances</em> it: a runtime that has nothing left to do jumps time straight to the
 * next timer instead of sleeping, so time-based tests run instantly and deterministically.
 *
 * <p><b>Why only the current-thread runtime may pause.</b> Auto-advance needs a precise notion of "the runtime
 * is idle". With one thread, idle is exactly "the thread is about to park". With several workers, one worker
 * parking says nothing about the others, which may still be running tasks that are about to register earlier
 * timers; jumping time there would fire timers early relative to that work and make tests nondeterministic.
 * So, as in Tokio, the multi-thread runtime uses {@link #system()} and {@link #pause()} fails there.
 *
 * <p>Values from all clocks share one origin (captured when this class is initialised), so instants of
 * different system clocks are comparable; a paused clock starts at the current system value and diverges
 * from it as it is paused and advanced.
 */
public final class Clock {
    /*
     * Implementation notes
     *
     * A pausable clock keeps an immutable snapshot State(paused, base, unfrozenAt) in a volatile field:
     *   paused:  now = base
     *   running: now = base + (System.nanoTime() - unfrozenAt)
     * I1. `state` is replaced only under `this` monitor (pause/resume/advance); nowNanos() reads it with one
     *     volatile read and never locks, so reading the clock is wait-free.
     * I2. Every transition preserves the value of now() at the moment of the transition (pause freezes the
     *     current value; resume restarts from it), so the clock never goes backwards.
     * I3. `inhibitCount` (guarded by this) > 0 disables auto-advance; canAutoAdvance() reads it under the monitor.
     */
    private static final long ORIGIN = System.nanoTime();

    private record State(boolean paused, long base, long unfrozenAt) {}

    private final boolean pausingEnabled;
    /** Replaced under {@code this}; read lock-free (I1). */
    private volatile State state;
    /** Guarded by {@code this} (I3). */
    private int inhibitCount;

    private Clock(boolean pausingEnabled, boolean startPaused) {
        this.pausingEnabled = pausingEnabled;
        long now = System.nanoTime();
        this.state = new State(startPaused, now - ORIGIN, now);
    }

    /** The real monotonic clock ({@link System#nanoTime()}); {@link #pause()} on it throws. */
    public static Clock system() {
        return new Clock(false, false);
    }

    /**
     * A clock that can be paused and advanced by hand: the clock of the current-thread runtime.
     *
     * @param startPaused whether the clock starts paused (Tokio's {@code start_paused})
     */
    public static Clock pausable(boolean startPaused) {
        return new Clock(true, startPaused);
    }

    /** The current time in nanoseconds from the JVM-wide origin; never decreases. Wait-free. */
    public long nowNanos() {
        if (!pausingEnabled) return System.nanoTime() - ORIGIN;
        State s = state;
        return s.paused ? s.base : s.base + (System.nanoTime() - s.unfrozenAt);
    }

    /** True when this clock may be paused (it was made by {@link #pausable(boolean)}). */
    public boolean isPausingEnabled() {
        return pausingEnabled;
    }

    /** True while the clock is paused. */
    public boolean isPaused() {
        return state.paused;
    }

    /**
     * Freezes the clock at its current value.
     *
     * @throws IllegalStateException when pausing is not enabled (multi-thread runtime) or the clock is
     *     already paused
     */
    public synchronized void pause() {
        if (!pausingEnabled) {
            throw new IllegalStateException("Time.pause() requires the current-thread runtime"
                    + " (WeftRuntime.currentThread()): with several workers \"the runtime is idle\" is not well defined,"
                    + " so the paused clock could not auto-advance safely. Build a current-thread runtime for"
                    + " time-controlled tests (optionally with the clock started paused).");
        }
        State s = state;
        if (s.paused) throw new IllegalStateException("Time.pause(): the clock is already paused");
        long now = System.nanoTime();
        state = new State(true, s.base + (now - s.unfrozenAt), now); // I2
    }

    /**
     * Lets the clock run again from its current value.
     *
     * @throws IllegalStateException when the clock is not paused
     */
    public synchronized void resume() {
        State s = state;
        if (!s.paused) throw new IllegalStateException("Time.resume(): the clock is not paused (expected: paused)");
        state = new State(false, s.base, System.nanoTime()); // I2
    }

    /**
     * Moves a paused clock forward by {@code duration}.
     *
     * @throws NullPointerException when {@code duration} is null
     * @throws IllegalArgumentException when {@code duration} is negative
     * @throws IllegalStateException when the clock is not paused
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 0)");
        }
        advanceNanos(saturatedNanos(duration));
    }

    /**
     * Moves a paused clock forward by {@code nanos} (saturating at {@link Long#MAX_VALUE}).
     *
     * @throws IllegalArgumentException when {@code nanos} is negative
     * @throws IllegalStateException when the clock is not paused
     */
    public synchronized void advanceNanos(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("nanos: " + nanos + " (expected: >= 0)");
        State s = state;
        if (!s.paused) {
            throw new IllegalStateException("Time.advance(): the clock is not paused (expected: paused; call"
                    + " Time.pause() first, on the current-thread runtime)");
        }
        long base = s.base + nanos;
        if (base < s.base) base = Long.MAX_VALUE;
        state = new State(true, base, s.unfrozenAt);
    }

    /**
     * Stops auto-advance until the matching {@link #allowAutoAdvance()}; calls nest. A runtime calls this while
     * work it cannot see (a {@code spawnBlocking} body) is running, as Tokio does, so time does not jump while
     * that work would still register timers.
     */
    public synchronized void inhibitAutoAdvance() {
        inhibitCount++;
    }

    /**
     * Undoes one {@link #inhibitAutoAdvance()}.
     *
     * @throws IllegalStateException when not inhibited
     */
    public synchronized void allowAutoAdvance() {
        if (inhibitCount == 0) {
            throw new IllegalStateException("allowAutoAdvance() without a matching inhibitAutoAdvance()");
        }
        inhibitCount--;
    }

    /** True when the clock is paused and auto-advance is not inhibited. */
    public synchronized boolean canAutoAdvance() {
        return state.paused && inhibitCount == 0;
    }

    /** {@code d} in nanoseconds, saturating at {@link Long#MAX_VALUE} for durations beyond 292 years. */
    public static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        State s = state;
        return "Clock[" + (!pausingEnabled ? "system" : s.paused ? "paused" : "running") + ", now=" + nowNanos()
                + "ns]";
    }
}
