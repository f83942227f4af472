package dev.weft.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.Waits;
import dev.weft.internal.task.Task;

/**
 * The owner's handle of a spawned task: a {@link Future} of the task's value (Tokio's {@code JoinHandle}).
 *
 * {@snippet class=dev.weft.task.snippets.TaskSnippets region=spawnJoin}
 *
 * <p>Awaiting it yields the value, or fails with {@link JoinError.Cancelled} (aborted, or the runtime shut
 * down) or {@link JoinError.Failed} (the task threw; the exception is the cause).
 *
 * <p><b>Cancel safety.</b> Cancelling this future (it lost a {@code select}, or {@link #cancel()} was called)
 * <em>detaches</em> the task: it keeps running and its value is dropped, exactly like dropping a Tokio
 * {@code JoinHandle}. To stop the task, call {@link #abort()}.
 *
 * <p><b>Failures nobody awaits.</b> A task that fails while nobody is polling its handle (never polled yet, or
 * detached) is reported once to the runtime's
 * {@linkplain dev.weft.runtime.Runtime.Builder#unhandledFailureHandler unhandled-failure handler} (by default the
 * log); the failure can still be taken from the handle afterwards. See
 * {@link dev.weft.runtime.UnhandledFailureHandler} for the exact rule.
 *
 * <p><b>Memory effects.</b> Everything the task did happens-before awaiting its handle returns.
 *
 * @param <T> the task's value type
 */
public final class JoinHandle<T> implements Future<T> {
    /*
     * One field: the handle is 16 bytes (its detached flag is the task's, Task.isDetached()). A handle has one
     * owner (it is a Future: single-owner polling), so detach() is called at most once here.
     */
    private final Task<T> task;

    JoinHandle(Task<T> task) {
        this.task = task;
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (task.isDetached()) {
            throw new IllegalStateException("JoinHandle of " + id() + " polled after cancel() detached it");
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
        Waits.record(cx.waker(), task);
        return Poll.pending();
    }

    /** Detaches the task (it keeps running); the handle must not be polled afterwards. */
    @Override
    public void cancel() {
        if (!task.isDetached()) task.detach();
    }

    /**
     * Requests cancellation of the task. An idle task is cancelled at once on the calling thread (its future's
     * {@code cancel()} runs here); a queued or running one is cancelled by its worker when its current poll
     * returns; an async block is interrupted and reports cancelled once its body has unwound. Awaiting the handle
     * then fails with {@link JoinError.Cancelled}, unless the task completed first. Idempotent.
     */
    public void abort() {
        task.abort();
    }

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
    public CompletableFuture<T> toCompletableFuture() {
        return CompletableBridge.start(this);
    }

    /** A handle that can abort the task from elsewhere, without owning its value. */
    public AbortHandle abortHandle() {
        return new AbortHandle(task);
    }

    /** True once the task has completed, failed or been cancelled. */
    public boolean isFinished() {
        return task.isComplete();
    }

    /** The task's id. */
    public TaskId id() {
        return new TaskId(task.id());
    }

    /**
     * A future of how the task ended, as a value instead of an exception.
     *
     * <p><b>Cancel safety:</b> as this handle's: cancelling it detaches the task.
     */
    public Future<Outcome<T>> outcome() {
        JoinHandle<T> self = this;
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

    Task<T> task() {
        return task;
    }

    @Override
    public String toString() {
        return "JoinHandle[" + task + "]";
    }
}
