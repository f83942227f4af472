package dev.weft.runtime;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Waker;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.scheduler.Scheduler;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A shareable reference to a runtime for spawning onto it from anywhere, including threads that are not part
 * of it (Tokio's {@code runtime::Handle}).
 */
public final class Handle {
    private final Scheduler scheduler;

    Handle(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * The handle of the runtime current on this thread.
     *
     * @throws IllegalStateException outside a runtime
     */
    public static Handle current() {
        Scheduler s = Scheduler.current();
        if (s == null) {
            throw new IllegalStateException("Handle.current() called outside a Weft runtime: call it from a task,"
                    + " an async block or WeftRuntime.blockOn, or keep the handle from runtime.handle()");
        }
        return new Handle(s);
    }

    /**
     * The handle of the runtime current on this thread, if any: as {@link #current()}, without throwing.
     *
     * @return the current runtime's handle, or empty outside a runtime
     */
    public static Optional<Handle> tryCurrent() {
        Scheduler s = Scheduler.current();
        return s == null ? Optional.empty() : Optional.of(new Handle(s));
    }

    /**
     * A {@link Context} that carries this runtime, for adapters that poll futures or streams by hand outside a
     * task (a {@code Flow.Publisher} driven by its subscriber's requests, a callback-driven bridge): timers,
     * sockets and {@code spawn} polled with it use this runtime, and they wake {@code waker}. The polling code
     * still follows the poll contract (one thread at a time, poll again after a wake). Task-local values are not
     * carried.
     *
     * {@snippet :
     * Context cx = handle.newContext(myWaker, Context.UNCONSTRAINED);
     * Poll<Void> p = Time.sleep(Duration.ofMillis(10)).poll(cx); // registers with handle's timer wheel
     * }
     *
     * @param waker the waker futures polled with the context register
     * @param budget the cooperative budget, or {@link Context#UNCONSTRAINED}
     * @return a new context
     * @throws NullPointerException when {@code waker} is null
     * @throws IllegalArgumentException when {@code budget} is negative
     */
    public Context newContext(Waker waker, int budget) {
        Objects.requireNonNull(waker, "waker");
        if (budget < 0) throw new IllegalArgumentException("budget: " + budget + " (expected: >= 0)");
        return Contexts.create(waker, budget, scheduler.ambient());
    }

    /** Spawns {@code future} on this runtime. See {@link Tasks#spawn}. */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        return entered(() -> Tasks.spawn(future));
    }

    /**
     * Spawns the async block {@code body} on this runtime. See {@link Tasks#spawnAsync(Callable)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the body; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawnAsync(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        return entered(() -> Tasks.spawnAsync(body));
    }

    /**
     * Spawns an async block that returns nothing on this runtime. See {@link Tasks#spawnAsync(Async.VoidBody)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the body; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public JoinHandle<Void> spawnAsync(Async.VoidBody body) {
        Objects.requireNonNull(body, "body");
        return entered(() -> Tasks.spawnAsync(body));
    }

    /**
     * Runs {@code body} on this runtime's blocking pool. See {@link Tasks#spawnBlocking(Callable)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the pool thread; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawnBlocking(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        return entered(() -> Tasks.spawnBlocking(body));
    }

    /**
     * Runs {@code body}, which returns nothing, on this runtime's blocking pool. See
     * {@link Tasks#spawnBlocking(Async.VoidBody)}.
     *
     * <p><b>Cancel safety:</b> cancelling the handle interrupts the pool thread; {@code detach()} lets it run.
     */
    @CanIgnoreReturnValue
    public JoinHandle<Void> spawnBlocking(Async.VoidBody body) {
        Objects.requireNonNull(body, "body");
        return entered(() -> Tasks.spawnBlocking(body));
    }

    /**
     * Spawns {@code future} on this runtime and returns it as a {@link CompletableFuture}; cancelling that
     * aborts the task. Shorthand for {@code spawn(future).toCompletableFuture()}; see
     * {@link JoinHandle#toCompletableFuture()} for how it completes.
     *
     * {@snippet class=dev.weft.runtime.snippets.InteropSnippets region=toCompletableFuture}
     *
     * <p><b>Cancel safety:</b> {@code cancel(...)} on the returned future aborts the task (its future's
     * {@code cancel()} runs, an async block is interrupted).
     *
     * @param future the future to run
     * @return a future completed with the task's outcome
     * @throws NullPointerException when {@code future} is null
     */
    public <T> CompletableFuture<T> toCompletableFuture(Future<T> future) {
        return spawn(Objects.requireNonNull(future, "future")).toCompletableFuture();
    }

    /**
     * An {@link Executor} view of this runtime, for libraries that take one ({@code CompletableFuture.*Async},
     * HTTP clients, reactive libraries). Each {@code Runnable} becomes a detached task that runs it as an async
     * block, on a virtual thread of its own: it may block, and {@code await()} works in it with this runtime
     * current. (For CPU-heavy or pinning work, prefer {@link #spawnBlocking}.) An exception thrown by the
     * runnable fails its task and reaches the runtime's unhandled-failure handler.
     *
     * {@snippet class=dev.weft.runtime.snippets.InteropSnippets region=executor}
     *
     * <p>After the runtime began shutting down, {@code execute} throws {@link RejectedExecutionException}; a
     * runnable accepted just before shutdown may be cancelled before it runs (the usual fate of tasks at
     * shutdown) or interrupted while it runs.
     *
     * @return an executor spawning onto this runtime
     */
    public Executor executor() {
        return command -> {
            Objects.requireNonNull(command, "command");
            if (scheduler.isShuttingDown()) {
                throw new RejectedExecutionException("runtime '" + scheduler.name() + "' is shut down: its"
                        + " executor() accepts no more tasks");
            }
            spawnAsync(command::run).detach(); // the task runs on; its failure goes to the unhandled-failure handler
        };
    }

    /** Runs {@code action} with this runtime current on the calling thread. */
    private <R> R entered(java.util.function.Supplier<R> action) {
        Object token = Scheduler.enter(scheduler);
        try {
            return action.get();
        } finally {
            Scheduler.exit(token);
        }
    }

    /**
     * Runs {@code future} to completion on the calling thread, with this runtime current. See
     * {@link WeftRuntime#blockOn}.
     */
    @CanIgnoreReturnValue // running the future is the use
    public <T> T blockOn(Future<T> future) {
        return scheduler.blockOn(Objects.requireNonNull(future, "future"));
    }

    /**
     * A snapshot of every live task of this runtime. See {@link WeftRuntime#dump()}.
     *
     * @return the dump
     */
    public TaskDump dump() {
        return DumpBuilder.take(scheduler).dump();
    }

    /** The runtime's counters now. */
    public RuntimeMetrics metrics() {
        Scheduler.MetricsSnapshot m = scheduler.metrics();
        return new RuntimeMetrics(m.workers(), m.liveTasks(), m.spawnedTasks(), m.polls(), m.steals(), m.parks(),
                m.injectionQueueDepth(), Arrays.stream(m.localQueueDepths()).boxed().toList(), m.blockingThreads(),
                m.succeededTasks(), m.failedTasks(), m.cancelledTasks());
    }

    /** The runtime's name. */
    public String name() {
        return scheduler.name();
    }

    Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public String toString() {
        return "Handle[" + scheduler.name() + "]";
    }
}
