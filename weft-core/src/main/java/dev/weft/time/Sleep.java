package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.DeferredWakeup;
import dev.weft.internal.context.Waits;
import dev.weft.internal.time.TimeDriver;
import dev.weft.internal.time.TimerEntry;
import java.util.Objects;

/**
 * A future that completes when its deadline is reached: Tokio's {@code Sleep}, made by {@link Time#sleep} and
 * {@link Time#sleepUntil}.
 * {@snippet class=dev.weft.time.snippets.TimeSnippets region=sleep}
 *
 * <p><b>When the deadline is fixed.</b> {@link Time#sleepUntil} fixes it at creation. {@link Time#sleep}
 * fixes it at the <em>first poll</em>, as "now + duration" on the polling runtime's clock: a Weft future finds
 * its runtime only through the polling {@link Context}, so there is no clock to read before then. (Tokio reads
 * the clock at creation; the two agree whenever the sleep is polled right after it is created, the normal
 * case of {@code sleep(d).await()}.)
 *
 * <p><b>Resolution.</b> Timers have 1 ms resolution and never complete early: a deadline is rounded up to the
 * next millisecond tick, so a sleep completes at or after its deadline.
 *
 * <p><b>Reuse.</b> A {@code Sleep} owns one timer entry for its whole life. {@link #reset} moves it to a new
 * deadline without allocating, also after it completed; it may then be polled again (as Tokio allows). A select
 * loop that needs a fresh deadline per iteration can either create a new sleep each time (the loser is
 * cancelled, which removes its entry at once) or keep one sleep and reset it.
 *
 * <p><b>Cooperative budget.</b> Completing consumes one unit of the task's budget; when the budget is spent the
 * sleep returns {@code Pending} once (after waking the task) and completes at the next poll.
 *
 * <p><b>Cancel safety.</b> {@link #cancel()} removes the timer entry from the runtime's wheel synchronously;
 * nothing is lost (a sleep holds no data). A sleep that is dropped without being cancelled keeps its entry
 * until its deadline passes (then the wheel lets go of it), so always cancel sleeps you abandon early —
 * every Weft combinator does. Inside a {@link dev.weft.future.Select}, a sleep's timer is registered only when
 * the select goes pending (a sleep that loses to a branch ready at the same poll never touches the wheel).
 *
 * <p><b>Memory effects.</b> None beyond the poll contract: a sleep publishes no data.
 */
public final class Sleep implements Future<Void> {
    /*
     * Implementation notes
     *
     * Owner-confined: every method is called by the one thread polling the owning task at a time (the poll
     * contract); the driver touches only `entry`, through its own protocol (TimerEntry I3).
     * I1. delayNanos >= 0 means the deadline is not fixed yet (relative sleep not polled since construction or
     *     a relative reset); deadlineNanos is then meaningless.
     * I2. registered == true iff `entry` was handed to `driver` for the current deadline and not cancelled since;
     *     then entry.isFired() means "this deadline has passed". `entry` is allocated at the first registration
     *     (or by entry() for tests) and kept for the sleep's whole life; registered implies entry != null.
     * I3. Deferred wake-up (DeferredWakeup, used by Select): pollDeferred fixes the deadline and, when the clock
     *     is still before it, returns Pending with registered == false, touching neither the wheel nor the
     *     entry; a registration would not have fired it at once either (ceil(deadline) > floor(now) >= the
     *     wheel's elapsed tick), so the result is the one poll() would give. The caller then either cancels
     *     the sleep (the common case: another branch won; nothing to undo) or calls armWakeup, which registers
     *     and wakes the task at once if the deadline has passed in between. canPostpone is true for a relative
     *     sleep not polled since construction (or a relative reset) with delay > 0: its first poll fixes
     *     deadline = now + delay > now and is therefore Pending whenever it happens.
     */
    static {
        DeferredWakeup.install(new Deferral());
    }

    private TimerEntry entry;
    private TimeDriver driver;
    private long deadlineNanos;
    private long delayNanos;
    private boolean registered;

    private Sleep(long deadlineNanos, long delayNanos) {
        this.deadlineNanos = deadlineNanos;
        this.delayNanos = delayNanos;
    }

    static Sleep until(long deadlineNanos) {
        return new Sleep(deadlineNanos, -1);
    }

    static Sleep after(long delayNanos) {
        return new Sleep(0, delayNanos);
    }

    /**
     * Polls the sleep: {@code Ready} once the deadline has passed.
     *
     * @throws IllegalStateException when polled outside a Weft runtime with time enabled
     */
    @Override
    public Poll<Void> poll(Context cx) {
        return pollSleep(cx, true);
    }

    /** Polls; {@code consumeBudget == false} is for {@code Timeout}, whose inner future already used the budget. */
    Poll<Void> pollSleep(Context cx, boolean consumeBudget) {
        if (!registered) register(cx);
        TimerEntry entry = this.entry;
        if (!entry.isFired()) {
            Waits.record(cx.waker(), entry); // task dump: waits on a timer
            entry.registerWaker(cx.waker()); // then re-check (TimerEntry I3)
            if (!entry.isFired()) return Poll.pending();
        }
        if (consumeBudget && !cx.consumeBudget()) return Poll.pending(); // the task has been woken already
        return Poll.ready(null);
    }

    private void register(Context cx) {
        TimeDriver d = driver;
        if (d == null) driver = d = Time.driver(cx, "Sleep");
        if (delayNanos >= 0) { // I1: fix a relative deadline now
            deadlineNanos = MonotonicInstant.addSaturating(d.nowNanos(), delayNanos);
            delayNanos = -1;
        }
        d.register(entry(), deadlineNanos);
        registered = true;
    }

    /** I3: as {@link #poll}, but a deadline still ahead is reported Pending without registering anything. */
    private Poll<Void> pollDeferred(Context cx) {
        if (!registered) {
            TimeDriver d = driver;
            if (d == null) driver = d = Time.driver(cx, "Sleep");
            long now = d.nowNanos();
            if (delayNanos >= 0) { // I1: fix a relative deadline now
                deadlineNanos = MonotonicInstant.addSaturating(now, delayNanos);
                delayNanos = -1;
            }
            if (now < deadlineNanos) return Poll.pending(); // not due: the caller arms or cancels (I3)
        }
        return pollSleep(cx, true);
    }

    /** I3: registers what {@link #pollDeferred} skipped; wakes the task at once if the deadline passed since. */
    private void armWakeup(Context cx) {
        if (pollSleep(cx, false).isReady()) cx.waker().wake();
    }

    /**
     * Moves the deadline to {@code deadline}, reusing this sleep's timer entry (no allocation). Works before the
     * first poll, while pending (the polling task is woken at the new deadline; at once if it has passed) and
     * after completion (the sleep may then be polled again).
     *
     * @throws NullPointerException when {@code deadline} is null
     */
    public void reset(MonotonicInstant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        deadlineNanos = deadline.nanos();
        delayNanos = -1;
        TimeDriver d = driver;
        if (d != null) {
            d.reset(entry(), deadlineNanos);
            registered = true;
        } else {
            registered = false;
        }
    }

    /** As {@link #reset}, to {@code delayNanos} after now (after the first poll if there is no clock yet). */
    void resetAfter(long delayNanos) {
        TimeDriver d = driver;
        if (d != null) {
            reset(new MonotonicInstant(MonotonicInstant.addSaturating(d.nowNanos(), delayNanos)));
        } else {
            this.delayNanos = delayNanos;
            registered = false;
        }
    }

    /**
     * Moves the deadline without touching the wheel; the next poll registers it. For {@code Interval}, right
     * after this sleep completed (its entry is then out of the wheel, so this takes no lock).
     */
    void resetLazily(long deadlineNanos) {
        if (registered && entry.isRegistered()) driver.cancel(entry);
        this.deadlineNanos = deadlineNanos;
        this.delayNanos = -1;
        registered = false;
    }

    /**
     * The instant at which this sleep completes.
     *
     * @throws IllegalStateException for a {@link Time#sleep} (relative) sleep that has not been polled yet
     */
    public MonotonicInstant deadline() {
        return new MonotonicInstant(deadlineNanos());
    }

    long deadlineNanos() {
        if (delayNanos >= 0) {
            throw new IllegalStateException("deadline(): this sleep's deadline is not fixed yet; a Time.sleep(d) deadline"
                    + " is \"now + d\" on the polling runtime's clock, fixed at its first poll (use Time.sleepUntil"
                    + " for a deadline known up front)");
        }
        return deadlineNanos;
    }

    /** True when the deadline has passed and the runtime has fired this sleep's timer. */
    public boolean isElapsed() {
        return registered && entry.isFired(); // I2: registered implies entry != null
    }

    /**
     * Removes the timer entry from the runtime's wheel at once (Rust's drop of a {@code Sleep}); idempotent.
     * A cancelled sleep that is reset or polled again registers anew.
     */
    @Override
    public void cancel() {
        if (registered) {
            driver.cancel(entry);
            registered = false;
        }
        TimerEntry e = entry;
        if (e != null) e.clearWaker();
    }

    /** The driver found at first poll, or null. */
    TimeDriver driver() {
        return driver;
    }

    /** The timer entry, allocated on first use (it is the same object for the rest of the sleep's life; I2). */
    TimerEntry entry() {
        TimerEntry e = entry;
        if (e == null) entry = e = new TimerEntry();
        return e;
    }

    /** The {@link DeferredWakeup} provider for sleeps (I3), installed when this class is initialised. */
    private static final class Deferral extends DeferredWakeup<Future<?>, Context, Poll<?>> {
        @Override
        protected boolean handles(Future<?> future) {
            return future instanceof Sleep;
        }

        @Override
        public boolean canPostpone(Future<?> future) {
            return ((Sleep) future).delayNanos > 0; // I3 (delayNanos >= 0 implies !registered, I1)
        }

        @Override
        public Poll<?> pollDeferred(Future<?> future, Context cx) {
            return ((Sleep) future).pollDeferred(cx);
        }

        @Override
        public void armWakeup(Future<?> future, Context cx) {
            ((Sleep) future).armWakeup(cx);
        }
    }

    @Override
    public String toString() {
        if (delayNanos >= 0) return "Sleep[after " + java.time.Duration.ofNanos(delayNanos) + ", not polled]";
        return "Sleep[" + new MonotonicInstant(deadlineNanos) + (isElapsed() ? ", elapsed]" : "]");
    }
}
