package dev.weft.runtime;

import dev.weft.future.Future;
import dev.weft.internal.scheduler.Scheduler;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;

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
                    + " an async block or Runtime.blockOn, or keep the handle from runtime.handle()");
        }
        return new Handle(s);
    }

    /** Spawns {@code future} on this runtime. See {@link Tasks#spawn}. */
    public <T> JoinHandle<T> spawn(Future<T> future) {
        Objects.requireNonNull(future, "future");
        return entered(() -> Tasks.spawn(future));
    }

    /** Spawns the async block {@code body} on this runtime. See {@link Tasks#spawnAsync}. */
    public <T> JoinHandle<T> spawnAsync(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        return entered(() -> Tasks.spawnAsync(body));
    }

    /** Runs {@code body} on this runtime's blocking pool. See {@link Tasks#spawnBlocking}. */
    public <T> JoinHandle<T> spawnBlocking(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        return entered(() -> Tasks.spawnBlocking(body));
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
     * {@link Runtime#blockOn}.
     */
    public <T> T blockOn(Future<T> future) {
        return scheduler.blockOn(Objects.requireNonNull(future, "future"));
    }

    /** The runtime's counters now. */
    public RuntimeMetrics metrics() {
        Scheduler.MetricsSnapshot m = scheduler.metrics();
        return new RuntimeMetrics(m.workers(), m.liveTasks(), m.spawnedTasks(), m.polls(), m.steals(), m.parks(),
                m.injectionQueueDepth(), Arrays.stream(m.localQueueDepths()).boxed().toList(), m.blockingThreads());
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
