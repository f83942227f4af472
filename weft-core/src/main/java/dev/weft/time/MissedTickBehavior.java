package dev.weft.time;

/**
 * What an {@link Interval} does when ticks were missed because the task did not call
 * {@link Interval#tick()} in time (more than 5 ms late, as in Tokio): Tokio's {@code MissedTickBehavior}.
 *
 * <p>Example: period 10 ms, ticks scheduled at 0, 10, 20, ...; the task comes back at 35 ms.
 * <ul>
 *   <li>{@link #BURST}: ticks for 10, 20 and 30 complete at once, then 40, 50, ...</li>
 *   <li>{@link #DELAY}: the tick for 10 completes at once, then 45, 55, ... (the schedule shifts)</li>
 *   <li>{@link #SKIP}: the tick for 10 completes at once, then 40, 50, ... (missed ticks are dropped)</li>
 * </ul>
 * The instant a tick reports is always the deadline it was scheduled for, not when it completed.
 * {@snippet class=dev.weft.time.snippets.TimeSnippets region=missedTick}
 */
public enum MissedTickBehavior {
    /** Fire the missed ticks as fast as possible until caught up (the default). */
    BURST,
    /** Schedule the next tick one period after the moment the missed tick was taken. */
    DELAY,
    /** Skip the missed ticks; the next tick is the next multiple of the period on the original schedule. */
    SKIP;

    /** The next deadline after a tick scheduled at {@code timeout} was taken late, at {@code now}. */
    long nextTimeout(long timeout, long now, long period) {
        return switch (this) {
            case BURST -> MonotonicInstant.addSaturating(timeout, period);
            case DELAY -> MonotonicInstant.addSaturating(now, period);
            case SKIP -> MonotonicInstant.addSaturating(now, period - Math.floorMod(now - timeout, period));
        };
    }
}
