package dev.weft.task;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.scheduler.Scheduler;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Spawning and yielding: Tokio's {@code tokio::spawn}, {@code spawn_blocking} and {@code yield_now}.
 *
 * {@snippet class=dev.weft.task.snippets.TaskSnippets region=spawnJoin}
 *
 * <p>These functions use the <em>current</em> runtime: the one whose task, async block, {@code blockOn} or
 * blocking body is running on this thread. Called anywhere else they throw {@link IllegalStateException}.
 */
public final class Tasks {
    private Tasks() {}

    /**
     * Starts running {@code future} as a new task on the current runtime and returns its handle. The task runs
     * whether or not the handle is awaited. If the runtime is shutting down, the returned handle is already
     * cancelled (awaiting it fails with {@link JoinError.Cancelled}). A tracing span current here is current in
     * every poll of the new task ({@link dev.weft.trace.Span}); no other task-local value is inherited.
     *
     * <p><b>Cancel safety:</b> the task is independent of its handle until the handle says otherwise:
     * {@link JoinHandle#cancel()} (or losing a {@code select}, timing out) aborts it, {@link JoinHandle#detach()}
     * lets it run on unobserved, and a handle that is simply dropped leaves it running.
     *
     * @throws IllegalStateException when no runtime is current on this thread
     * @throws NullPointerException when {@code future} is null
     */
    @CanIgnoreReturnValue
    public static <T extends @Nullable Object> JoinHandle<T> spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        return currentScheduler("spawn").spawn(future);
    }

    /**
     * As {@link #spawn(Future)}, with a name that the task dump ({@code WeftRuntime.dump()}) and deadlock reports
     * show beside the task's id (Tokio's {@code task::Builder::name}). Naming a task makes the runtime keep its
     * diagnostics record (spawn time, poll times, every resource it waits on) even when the runtime was built
     * without diagnostics: about 50 bytes and one {@code System.nanoTime()} per poll for that task.
     *
     * @param name the task's name, shown in dumps
     * @param future the task's future
     * @param <T> the task's value type
     * @return the task's handle
     * @throws IllegalStateException when no runtime is current on this thread
     * @throws NullPointerException when {@code name} or {@code future} is null
     */
    public static <T> JoinHandle<T> spawn(String name, Future<T> future) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(future, "future");
        return currentScheduler("spawn").spawn(future, name);
    }

    /**
     * As {@link #spawnAsync(Callable)}, with a name that task dumps and deadlock reports show (see
     * {@link #spawn(String, Future)}).
     *
     * @param name the task's name, shown in dumps
     * @param body the async block's body
     * @param <T> the task's value type
     * @return the task's handle
     * @throws IllegalStateException when no runtime is current on this thread
     * @throws NullPointerException when {@code name} or {@code body} is null
     */
    public static <T> JoinHandle<T> spawnAsync(String name, Callable<? extends T> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return currentScheduler("spawnAsync").spawnThread(body, name);
    }

    /**
     * Spawns an async block as a task: the equivalent of {@code spawn(Async.async(body))}, but the body starts on
     * its virtual thread at once and the thread completes the task itself, so no worker polls it (the fast path
     * for async-block tasks). Aborting the handle interrupts the body; the handle reports cancelled once the body
     * has unwound. The body sees this runtime (spawn, timers and sockets work in it); like Tokio, task-local values
     * of the spawning task are not inherited (the current tracing span is: see {@code dev.weft.trace}). A checked
     * exception thrown by the body fails the task with {@link JoinError.Failed} whose cause is that exception.
     *
     * <p><b>Cancel safety:</b> as {@link #spawn}: cancelling the handle interrupts the body.
     *
     * @throws IllegalStateException when no runtime is current on this thread
     */
    @CanIgnoreReturnValue
    public static <T> JoinHandle<T> spawnAsync(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        return currentScheduler("spawnAsync").spawnThread(body);
    }

    /**
     * Spawns an async block that returns nothing: as {@link #spawnAsync(Callable)}, with no {@code return null}.
     * The handle completes with {@code null}.
     * {@snippet class=dev.weft.task.snippets.TaskSnippets region=spawnAsyncVoid}
     *
     * <p><b>Cancel safety:</b> as {@link #spawnAsync(Callable)}: the task runs whether or not the handle is
     * awaited; {@link JoinHandle#cancel()} or {@link JoinHandle#abort()} interrupts the body.
     *
     * @param body the block's code
     * @return the task's handle
     * @throws IllegalStateException when no runtime is current on this thread
     * @throws NullPointerException when {@code body} is null
     */
    @CanIgnoreReturnValue
    public static JoinHandle<Void> spawnAsync(Async.VoidBody body) {
        Objects.requireNonNull(body, "body");
        return currentScheduler("spawnAsync").spawnThread(Async.callable(body));
    }

    /**
     * Runs blocking code ({@code body}) on the runtime's blocking pool (platform threads) and returns its handle.
     * Unlike Tokio, aborting the handle interrupts the pool thread while the body runs, so an interruptible
     * blocking call (I/O on interruptible channels, {@code Thread.sleep}, {@code Object.wait}, locks acquired
     * interruptibly) really stops; the handle reports cancelled once the body has returned.
     *
     * <p><b>Cancel safety:</b> cancelling the handle ({@link JoinHandle#cancel()}, a lost {@code select}, a
     * timeout) interrupts the body as {@code abort()} does; to let a blocking job finish while no longer waiting
     * for it, {@link JoinHandle#detach()} it instead. (Interrupting a thread inside {@code FileChannel} I/O closes
     * the channel: detach file work rather than cancelling it.)
     *
     * @throws IllegalStateException when no runtime is current on this thread
     */
    @CanIgnoreReturnValue
    public static <T> JoinHandle<T> spawnBlocking(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        Scheduler s = currentScheduler("spawnBlocking");
        return s.spawn(Async.onExecutor(s.blockingExecutor(), body));
    }

    /**
     * Runs blocking code that returns nothing on the blocking pool: as {@link #spawnBlocking(Callable)}, with no
     * {@code return null}. The handle completes with {@code null}.
     *
     * <p><b>Cancel safety:</b> as {@link #spawnBlocking(Callable)}: {@link JoinHandle#cancel()} or
     * {@link JoinHandle#abort()} interrupts the pool thread while the body runs; {@link JoinHandle#detach()} lets
     * it run to its end.
     *
     * @param body the blocking code
     * @return the task's handle
     * @throws IllegalStateException when no runtime is current on this thread
     * @throws NullPointerException when {@code body} is null
     */
    @CanIgnoreReturnValue
    public static JoinHandle<Void> spawnBlocking(Async.VoidBody body) {
        return spawnBlocking(Async.callable(body));
    }

    /**
     * A future that yields once to the scheduler: its first poll wakes the task and returns pending, so the task
     * goes to the back of its worker's queue and other tasks run first; the second poll completes.
     *
     * <p><b>Cancel safety:</b> nothing to lose.
     */
    public static Future<Void> yieldNow() {
        return new YieldNow();
    }

    static Scheduler currentScheduler(String op) {
        Scheduler s = Scheduler.current();
        if (s == null) {
            throw new IllegalStateException(op + "() called outside a Weft runtime: call it from a task or async"
                    + " block running on a runtime, or from WeftRuntime.blockOn(...), or use runtime.spawn(...) /"
                    + " runtime.handle().spawn(...) directly");
        }
        return s;
    }

    private static final class YieldNow implements Future<Void> {
        private boolean yielded;

        @Override
        public Poll<Void> poll(Context cx) {
            if (yielded) return Poll.ready(null);
            yielded = true;
            cx.waker().wake();
            return Poll.pending();
        }
    }
}
