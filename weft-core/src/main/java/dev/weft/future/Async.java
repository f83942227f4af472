package dev.weft.future;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Async blocks: ordinary sequential Java, run on a virtual thread, in which {@link Future#await()} works on
 * every Weft future. Java's answer to Rust's {@code async { ... }}.
 *
 * {@snippet class=dev.weft.future.snippets.FutureSnippets region=async}
 *
 * <p>An async block is itself a lazy {@code Future}: its virtual thread starts at the first poll (by
 * {@code spawn}, a combinator or {@code await()}), never before. Cancelling it (its task aborted, it lost a
 * {@code select}, the runtime shut down) interrupts the thread: the pending {@code await()} and every later
 * one throw {@link CancelledException}, {@code finally} blocks run, and the block ends as cancelled; a task
 * running it reports {@code Cancelled} only after the body has unwound.
 *
 * <p>The body sees the ambient state of whoever polled it first: the runtime (so {@code Tasks.spawn} works
 * inside), the task-local values and the current tracing span ({@code dev.weft.trace}), which is also entered
 * on the block's thread for the span's listener (an MDC bridge sees it there).
 *
 * <p><b>Which threads see a runtime.</b> {@code await()} on timers and sockets, {@code Tasks.spawn} and
 * {@code Handle.current()} need the runtime; these threads have it:
 * <ul>
 *   <li>the runtime's workers while they poll tasks (where {@code await()} itself is refused: compose instead);</li>
 *   <li>the thread of {@code WeftRuntime.blockOn} / {@code Handle.blockOn}, for the call;</li>
 *   <li>the thread of an async block, and of a {@code spawnBlocking} body, while the body runs;</li>
 *   <li>every <em>virtual</em> thread created (directly or transitively) inside such a body:
 *       {@code Thread.ofVirtual().start(...)}, {@code Executors.newVirtualThreadPerTaskExecutor()} and
 *       {@code StructuredTaskScope} subtasks forked there. They keep the runtime (and the task-local values as
 *       they were when the block started) for their whole life, also after the block ended, until the runtime
 *       begins shutting down: from then on they no longer see it, and its timers and sockets fail there with
 *       the "outside a Weft runtime" error instead of waiting on stopped drivers.</li>
 * </ul>
 * These do not: <em>platform</em> threads created inside a body (a thread pool started lazily there would
 * otherwise hand the runtime to unrelated work), virtual threads created with
 * {@code Thread.ofVirtual().inheritInheritableThreadLocals(false)}, and any thread created outside. Give such
 * code a {@code Handle} explicitly ({@code handle.blockOn(future)}, {@code handle.executor()}).
 *
 * {@snippet class=dev.weft.future.snippets.FutureSnippets region=asyncThreads}
 *
 * <p>A runtime with a paused clock counts such an inherited thread as busy only while it is in {@code await()}:
 * the clock may advance while it computes between two awaits. The carrier is an inheritable thread-local read
 * only on virtual threads (ADR 0011 explains why not a {@code ScopedValue}).
 */
public final class Async {

    private Async() {}

    /** The body of an async block that returns a value. */
    @FunctionalInterface
    public interface Body<T> extends Callable<T> {}

    /**
     * The body of an async block, blocking job or main function that returns nothing: a {@link Runnable} that
     * may throw. Every method taking a {@link Callable} body has an overload taking this one
     * ({@code Async.async}, {@code Tasks.spawnAsync}, {@code Tasks.spawnBlocking}, {@code WeftRuntime.run}, ...), so a
     * body with no value needs no {@code return null}. A zero-argument lambda picks the right overload by its
     * shape, with no cast: {@code () -> { log(); }} and {@code () -> log()} with a {@code void} {@code log} are
     * {@code VoidBody}s, {@code () -> 42} and {@code () -> compute()} with a value are {@code Callable}s (Java
     * prefers the value-returning overload whenever a lambda fits both, as {@code ExecutorService.submit} does).
     */
    @FunctionalInterface
    public interface VoidBody {
        /**
         * Runs the body.
         *
         * @throws Exception anything; a checked exception reaches {@code await()} callers wrapped in an
         *     {@link AsyncException}
         */
        void run() throws Exception;
    }

    /**
     * An async block computing a value on a virtual thread.
     *
     * <p>An exception thrown by the body fails the block: {@code await()} throws it as it is when it is unchecked,
     * wrapped in an {@link AsyncException} (the cause) when it is checked.
     *
     * <p><b>Cancel safety:</b> cancelling interrupts the body; whatever it did before its next {@code await()}
     * stays done.
     *
     * @param body the block's code
     * @param <T> the value's type
     * @return a lazy future of the body's value
     * @throws NullPointerException when {@code body} is null
     */
    public static <T> Future<T> async(Callable<? extends T> body) {
        return new AsyncBlock<>(Objects.requireNonNull(body, "body"), null, "weft-async");
    }

    /**
     * An async block that runs {@code body} for its effects and completes with {@code null}: as
     * {@link #async(Callable)}, for a body that returns nothing.
     * {@snippet class=dev.weft.future.snippets.FutureSnippets region=asyncVoid}
     *
     * <p><b>Cancel safety:</b> as {@link #async(Callable)}: cancelling interrupts the body.
     *
     * @param body the block's code
     * @return a lazy future completing with {@code null} when the body returns
     * @throws NullPointerException when {@code body} is null
     */
    public static Future<Void> async(VoidBody body) {
        return new AsyncBlock<>(callable(body), null, "weft-async");
    }

    /**
     * The old name of {@link #async(VoidBody)}.
     *
     * <p><b>Cancel safety:</b> as {@link #async(Callable)}.
     *
     * @param body the block's code
     * @return a lazy future completing with {@code null}
     * @deprecated use {@link #async(VoidBody)}: {@code Async.async(() -> { ... })} needs no {@code return null}
     */
    @Deprecated(since = "0.1")
    public static Future<Void> run(VoidBody body) {
        return async(body);
    }

    /**
     * {@code body} as a {@link Callable} that returns {@code null}, for code that takes value bodies only.
     *
     * @param body a body with no value
     * @return a callable running it
     * @throws NullPointerException when {@code body} is null
     */
    public static Callable<Void> callable(VoidBody body) {
        Objects.requireNonNull(body, "body");
        return () -> {
            body.run();
            return null;
        };
    }

    /**
     * A thread-backed future that runs {@code body} on {@code executor} (a thread pool) instead of a virtual
     * thread; cancelling it interrupts the pool thread while it runs the body. Used by {@code spawnBlocking}.
     */
    public static <T> Future<T> onExecutor(Executor executor, Callable<? extends T> body) {
        return new AsyncBlock<>(Objects.requireNonNull(body, "body"), Objects.requireNonNull(executor, "executor"),
                "weft-blocking");
    }
}
