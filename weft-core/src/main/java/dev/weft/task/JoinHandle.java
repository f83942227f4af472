package dev.weft.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.Waits;
import dev.weft.internal.task.Task;
import org.jspecify.annotations.Nullable;

/**
 * The owner's handle of a spawned task: a {@link Future} of the task's value (Tokio's {@code JoinHandle}).
 *
 * {@snippet class=dev.weft.task.snippets.TaskSnippets region=spawnJoin}
 *
 * <p>Awaiting it yields the value, or fails with {@link JoinError.Cancelled} (aborted, or the runtime shut
 * down) or {@link JoinError.Failed} (the task threw; the exception is the cause).
 *
 * <p><b>Cancel safety.</b> Cancelling this future <em>stops the task</em>: {@link #cancel()}, and every
 * combinator that cancels it (a lost {@code select}, an elapsed {@code Time.timeout}, a failed
 * {@code tryJoin}), aborts the task as {@link #abort()} does, like {@code Future.cancel(true)} in
 * {@code java.util.concurrent}. To stop waiting while the task keeps running (what dropping a Tokio
 * {@code JoinHandle} does), call {@link #detach()}; to race a task in a {@code select} without stopping it, pass
 * {@link dev.weft.future.Futures#byRef Futures.byRef(handle)} and keep the handle. ADR 0012 records why.
 * {@snippet class=dev.weft.task.snippets.TaskSnippets region=cancelDetach}
 *
 * <p><b>Failures nobody awaits.</b> A task that fails while nobody is polling its handle (never polled yet, or
 * detached) is reported once to the runtime's
 * {@linkplain dev.weft.runtime.WeftRuntime.Builder#unhandledFailureHandler unhandled-failure handler} (by default the
 * log); the failure can still be taken from the handle afterwards. See
 * {@link dev.weft.runtime.UnhandledFailureHandler} for the exact rule.
 *
 * <p><b>Memory effects.</b> Everything the task did happens-before awaiting its handle returns.
 *
 * <p><b>Not for implementing.</b> The class is sealed: the runtime's own task is its only subclass (a spawned
 * task is its own handle, so spawning allocates no handle object, as Tokio's {@code JoinHandle} is a pointer to
 * its task). Compare handles with {@link #id()}, not by identity.
 *
 * @param <T> the task's value type
 */
public abstract sealed class JoinHandle<T extends @Nullable Object> implements Future<T> permits Task {
    /*
     * Implementation notes
     *
     * No fields: the handle is the task itself (Task extends JoinHandle), so a spawn allocates the task and
     * nothing else, and its detached flag is the task's (Task.isDetached()).
     * I1. A handle has one owner (it is a Future: single-owner polling), so Task.detach() is called at most once
     *     from here: cancel() and detach() both check isDetached() first, which only this owner sets.
     * I2. cancel() = task.abort() then task.detach(): the abort is requested before interest is given up, so the
     *     task ends cancelled wherever it was (Task I7 for thread-backed tasks), except that a poll already under
     *     way may still finish it with a value or a failure; such a failure nobody waits for any more is reported
     *     to the unhandled-failure handler, as after detach() (Task I8).
     */
    /** For the runtime's task only: the class is sealed, and the task is its own handle. */
    protected JoinHandle() {}

    @Override
    public final Poll<T> poll(Context cx) {
        Task<T> task = task();
        if (task.isDetached()) {
            throw new IllegalStateException("JoinHandle of " + id() + " polled after cancel() or detach()"
                    + " (expected: a handle is not polled once it was given up; keep an abortHandle() or use"
                    + " Futures.byRef(handle) to race it without giving it up)");
        }
        if (!task.registerJoinWaker(cx.waker())) return pendingOn(cx);
        if (!cx.consumeBudget()) return Poll.pending(); // a loop joining finished handles still yields (Tokio too)
        if (task.outcomeCancelled()) throw new JoinError.Cancelled(id());
        Throwable failure = task.takeFailure();
        if (failure != null) throw new JoinError.Failed(id(), failure);
        return Poll.ready(task.value());
    }

    /** Pending on the task: the task dump shows the joiner waiting on it (its expected actor). */
    private <R> Poll<R> pendingOn(Context cx) {
        Waits.record(cx.waker(), task());
        return Poll.pending();
    }

    /**
     * Stops the task and gives up this handle: {@link #abort()}, then the handle is released (it must not be
     * polled afterwards). This is what combinators call when they drop the handle (a lost {@code select}, an
     * elapsed timeout), so a task raced or timed out through its handle stops. Idempotent; does nothing to a task
     * that already finished, except that a failure nobody took goes to the runtime's unhandled-failure handler
     * (as after {@link #detach()}).
     *
     * <p>Before 0.1 this detached the task; call {@link #detach()} for that.
     */
    @Override
    public final void cancel() {
        Task<T> task = task();
        if (task.isDetached()) return;
        task.abort(); // I2: before detach
        task.detachHandle();
    }

    /**
     * Gives up this handle and lets the task run on: its value is dropped, and a failure goes to the runtime's
     * {@linkplain dev.weft.runtime.WeftRuntime.Builder#unhandledFailureHandler unhandled-failure handler} (what
     * dropping a Tokio {@code JoinHandle} does). The handle must not be polled afterwards; an
     * {@link #abortHandle()} taken before still stops the task. Idempotent.
     * {@snippet class=dev.weft.task.snippets.TaskSnippets region=cancelDetach}
     */
    public final void detach() {
        Task<T> task = task();
        if (!task.isDetached()) task.detachHandle();
    }

    /**
     * Requests cancellation of the task, keeping this handle: awaiting it afterwards reports how the task ended.
     * An idle task is cancelled at once on the calling thread (its future's
     * {@code cancel()} runs here); a queued or running one is cancelled by its worker when its current poll
     * returns; an async block is interrupted and reports cancelled once its body has unwound. Awaiting the handle
     * then fails with {@link JoinError.Cancelled}, unless the task completed first. Idempotent.
     */
    public abstract void abort();

    /**
     * This task as a {@link CompletableFuture}, for code that speaks {@code java.util.concurrent}: it completes
     * with the task's value, exceptionally with the task's own exception when it failed (so {@code get()} throws
     * an {@code ExecutionException} whose cause is that exception), and with a {@link CancellationException}
     * (its cause the {@link JoinError.Cancelled}) when the task was aborted. No thread is involved: the
     * completion runs on the thread that finished the task, so dependent stages added without an executor run
     * there too (use the {@code *Async} variants for heavy continuations).
     *
     * <p>This consumes the handle: do not poll or {@code cancel()} it afterwards (use the returned future, or
     * {@link #abortHandle()} taken before).
     *
     * {@snippet class=dev.weft.task.snippets.TaskSnippets region=toCompletableFuture}
     *
     * <p><b>Cancel safety:</b> {@code cancel(...)} on the returned future <em>aborts the task</em> (as
     * {@link #abort()}; {@code mayInterruptIfRunning} is ignored: an async block is always interrupted) and
     * completes the returned future with a {@code CancellationException} at once. Completing it by hand
     * ({@code complete}, {@code obtrude*}) changes nothing for the task.
     *
     * <p><b>Memory effects:</b> actions of the task happen-before actions that follow the completion of the
     * returned future.
     *
     * @return a future completed when the task finishes
     */
    public final CompletableFuture<T> toCompletableFuture() {
        return CompletableBridge.start(this);
    }

    /** A handle that can abort the task from elsewhere, without owning its value. */
    public final AbortHandle abortHandle() {
        return new AbortHandle(task());
    }

    /** True once the task has completed, failed or been cancelled. */
    public final boolean isFinished() {
        return task().isComplete();
    }

    /** The task's id. */
    public final TaskId id() {
        return new TaskId(task().taskId());
    }

    /**
     * A future of how the task ended, as a value instead of an exception. It stands for the handle: poll it
     * instead of the handle, not both.
     *
     * <p><b>Cancel safety:</b> as this handle's: cancelling it aborts the task (see {@link #cancel()}).
     */
    public final Future<Outcome<T>> outcome() {
        JoinHandle<T> self = this;
        Task<T> task = task();
        return new Future<>() {
            @Override
            public Poll<Outcome<T>> poll(Context cx) {
                if (!task.registerJoinWaker(cx.waker())) return self.pendingOn(cx);
                if (task.outcomeCancelled()) return Poll.ready(new Outcome.Cancelled<>());
                Throwable failure = task.takeFailure();
                if (failure != null) return Poll.ready(new Outcome.Failure<>(failure));
                return Poll.ready(new Outcome.Success<>(task.value()));
            }

            @Override
            public void cancel() {
                self.cancel();
            }
        };
    }

    /** The task this handle is (the only subclass). */
    @SuppressWarnings("unchecked")
    final Task<T> task() {
        return (Task<T>) (Object) this;
    }
}
