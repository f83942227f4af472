package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.runtime.WeftRuntime;
import java.util.concurrent.Callable;

/**
 * The clock, and with it the runtime flavour, an {@link Example} runs on: the one switch that makes every
 * time-based example both a real program and an instant, deterministic test.
 *
 * <ul>
 *   <li>{@link #REAL}: the default multi-thread runtime and the real clock, as {@code #[tokio::main]}; what
 *       {@code ./weft example NAME} runs. A {@code sleep(1s)} takes a second.
 *   <li>{@link #PAUSED}: a current-thread runtime whose clock starts paused ({@code
 *       WeftRuntime.currentThread().startPaused(true)}, Tokio's {@code #[tokio::test(start_paused = true)]}): time
 *       stands still while any task or async block can run, and jumps straight to the next timer when all of
 *       them wait. Every sleep completes at once in wall-clock time, in the order of its deadline; what the
 *       tests run, and {@code ./weft example NAME --paused}.
 * </ul>
 *
 * <p>An example's main body goes through {@link #main(Async.VoidBody)} (or {@link #call(Callable)} for a value),
 * Weft's {@code #[tokio::main] async fn main()}: build this clock's runtime, run the body as an async block (so
 * {@code await()} works in it), shut the runtime down.
 */
public enum Clock {
    /** Real time on the default multi-thread runtime. */
    REAL,
    /** A paused clock on a current-thread runtime: timers fire instantly and in deadline order. */
    PAUSED;

    /** A builder for this clock's runtime: multi-thread for {@link #REAL}, paused current-thread for {@link #PAUSED}. */
    public WeftRuntime.Builder runtime() {
        return this == REAL ? WeftRuntime.multiThread() : WeftRuntime.currentThread().startPaused(true);
    }

    /**
     * {@code #[tokio::main] async fn main()}: runs {@code body} as an async block on a new runtime of this clock,
     * then shuts the runtime down (cancelling any task still running, as returning from Tokio's main does).
     */
    public void main(Async.VoidBody body) {
        try (WeftRuntime rt = runtime().build()) {
            rt.blockOn(Async.async(body));
        }
    }

    /** As {@link #main(Async.VoidBody)}, for a body that returns a value. */
    public <T> T call(Callable<T> body) {
        try (WeftRuntime rt = runtime().build()) {
            return rt.blockOn(Async.async(body));
        }
    }
}
