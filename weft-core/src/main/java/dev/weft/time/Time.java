package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.time.TimeDriver;
import dev.weft.internal.time.TimeSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Timers on the polling runtime's clock: {@link #sleep}, {@link #timeout}, {@link #interval}, plus the test
 * controls {@link #pause()}, {@link #advance(Duration)} and {@link #resume()} (Tokio's {@code tokio::time}).
 * {@snippet class=dev.weft.time.snippets.TimeSnippets region=sleep}
 *
 * <p><b>Which runtime?</b> Every future made here finds the runtime's timer driver at its first poll, through the
 * polling {@link Context}: it must be polled by a Weft runtime task (or an async block, or a combinator, running
 * in one). Polled anywhere else (for example {@code await()} on a plain thread outside {@code blockOn}) it fails
 * with {@link IllegalStateException} saying so. That is also why there is no static "current time": use the
 * {@link #now()} future, or {@link #now(Context)} inside a hand-written {@code poll}.
 *
 * <p><b>Resolution.</b> 1 ms, on a hierarchical timing wheel; timers never fire before their deadline.
 *
 * <p><b>Testing with a paused clock.</b> On the current-thread runtime the clock can be paused: while paused,
 * time moves only through {@link #advance(Duration)} or by auto-advance — when the runtime has nothing left to
 * do, it jumps straight to the next timer instead of sleeping — so tests of time-based code run instantly and
 * deterministically.
 * {@snippet class=dev.weft.time.snippets.TimeSnippets region=pause}
 */
public final class Time {
    private Time() {}

    /**
     * A future that completes {@code duration} after its first poll.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling removes the timer from the wheel synchronously and loses
     * nothing. See {@link Sleep}.
     *
     * @throws NullPointerException when {@code duration} is null
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public static Sleep sleep(Duration duration) {
        return Sleep.after(nonNegative(duration, "duration"));
    }

    /**
     * A future that completes at {@code deadline} (at once if it has passed).
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling removes the timer from the wheel synchronously and loses
     * nothing. See {@link Sleep}.
     *
     * @throws NullPointerException when {@code deadline} is null
     */
    public static Sleep sleepUntil(MonotonicInstant deadline) {
        return Sleep.until(Objects.requireNonNull(deadline, "deadline").nanos());
    }

    /**
     * A future that completes like {@code future} if it completes within {@code duration} of the first poll,
     * and otherwise cancels {@code future} and fails with {@link TimeoutElapsedException}.
     * {@snippet class=dev.weft.time.snippets.TimeSnippets region=timeout}
     *
     * <p>The inner future is polled before the deadline is checked, so a value that is ready when the deadline
     * passes is returned. Exceptions of the inner future propagate unchanged.
     *
     * <p><b>Cancel safety.</b> As cancel-safe as {@code future}: cancelling the timeout cancels {@code future}
     * (exactly once) and removes the timer. When the deadline passes, {@code future} is cancelled before the
     * {@code TimeoutElapsedException} is thrown, so whatever {@code future} loses on cancel is lost then too.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public static <T> Future<T> timeout(Duration duration, Future<T> future) {
        long nanos = nonNegative(duration, "duration");
        Objects.requireNonNull(future, "future");
        return new Timeout<>(future, Sleep.after(nanos), duration);
    }

    /**
     * As {@link #timeout}, with an absolute deadline.
     *
     * <p><b>Cancel safety.</b> As {@link #timeout}.
     *
     * @throws NullPointerException when an argument is null
     */
    public static <T> Future<T> timeoutAt(MonotonicInstant deadline, Future<T> future) {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(future, "future");
        return new Timeout<>(future, Sleep.until(deadline.nanos()), null);
    }

    /**
     * An interval whose first tick completes at once (at its first poll) and then every {@code period}, with
     * {@link MissedTickBehavior#BURST}.
     * {@snippet class=dev.weft.time.snippets.TimeSnippets region=interval}
     *
     * @throws NullPointerException when {@code period} is null
     * @throws IllegalArgumentException when {@code period} is zero or negative
     */
    public static Interval interval(Duration period) {
        positive(period, "period");
        return new Interval(Sleep.after(0), period);
    }

    /**
     * An interval whose first tick completes at {@code start} and then every {@code period}.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code period} is zero or negative
     */
    public static Interval intervalAt(MonotonicInstant start, Duration period) {
        Objects.requireNonNull(start, "start");
        positive(period, "period");
        return new Interval(Sleep.until(start.nanos()), period);
    }

    /**
     * A future of the current instant of the polling runtime's clock (Tokio's {@code Instant::now()}).
     *
     * <p><b>Cancel safety.</b> Cancel-safe; it registers nothing.
     */
    public static Future<MonotonicInstant> now() {
        return cx -> Poll.ready(now(cx));
    }

    /**
     * The current instant of the clock of the runtime polling with {@code cx}: for hand-written {@code poll}
     * methods.
     *
     * @throws IllegalStateException when {@code cx} does not come from a Weft runtime with time enabled
     */
    public static MonotonicInstant now(Context cx) {
        return new MonotonicInstant(driver(cx, "Time.now").nowNanos());
    }

    /**
     * A future that pauses the polling runtime's clock (Tokio's {@code time::pause}). While paused, time moves
     * only through {@link #advance(Duration)} or auto-advance (see the class description).
     *
     * <p>The future fails (at poll) with {@link IllegalStateException} on the multi-thread runtime: with
     * several workers "the runtime is idle" is not well defined, so auto-advance could not be made safe. It also
     * fails when the clock is already paused.
     *
     * <p><b>Cancel safety.</b> Acts at its first poll, all at once; cancelling before that does nothing.
     */
    public static Future<Void> pause() {
        return cx -> {
            driver(cx, "Time.pause").clock().pause();
            return Poll.ready(null);
        };
    }

    /**
     * A future that lets the polling runtime's paused clock run again (Tokio's {@code time::resume}).
     *
     * <p>The future fails (at poll) with {@link IllegalStateException} when the clock is not paused.
     *
     * <p><b>Cancel safety.</b> Acts at its first poll, all at once; cancelling before that does nothing.
     */
    public static Future<Void> resume() {
        return cx -> {
            driver(cx, "Time.resume").clock().resume();
            return Poll.ready(null);
        };
    }

    /**
     * A future that moves the polling runtime's paused clock forward by {@code duration}, fires every timer
     * that is now due, and then yields once so the tasks those timers woke can run before the caller continues
     * (Tokio's {@code time::advance}).
     *
     * <p>The future fails (at poll) with {@link IllegalStateException} when the clock is not paused.
     *
     * <p><b>Cancel safety.</b> The clock moves at the first poll; cancelling after that only skips the yield.
     *
     * @throws NullPointerException when {@code duration} is null
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public static Future<Void> advance(Duration duration) {
        long nanos = nonNegative(duration, "duration");
        return new Future<>() {
            private boolean advanced;

            @Override
            public Poll<Void> poll(Context cx) {
                if (advanced) return Poll.ready(null);
                TimeDriver d = driver(cx, "Time.advance");
                d.clock().advanceNanos(nanos);
                advanced = true;
                d.processExpired();
                cx.waker().wake(); // yield once
                return Poll.pending();
            }
        };
    }

    /** The timer driver of the runtime polling with {@code cx}; fails with a how-to-fix message otherwise. */
    static TimeDriver driver(Context cx, String what) {
        if (Contexts.ambient(cx) instanceof TimeSource ts) return ts.timeDriver();
        throw new IllegalStateException(what + " polled outside a Weft runtime: the polling Context carries no"
                + " timer driver (ambient: " + Contexts.ambient(cx) + "). Every Weft runtime has timers, so poll it from a"
                + " task of a Weft runtime (WeftRuntime.blockOn, spawn) or an async block started by one; await() on a"
                + " plain thread outside blockOn, or a foreign executor, has no runtime.");
    }

    static long nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
        return MonotonicInstant.saturatedNanos(d);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }
}
