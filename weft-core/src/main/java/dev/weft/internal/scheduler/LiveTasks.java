package dev.weft.internal.scheduler;

import dev.weft.future.Context;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.task.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A look at a runtime's live tasks and unobserved failures, for the test kit (weft-test's {@code WeftExtension}
 * names the tasks a test leaked, and the failures nobody awaited). Exported to {@code dev.weft.test} only;
 * nothing else should depend on it.
 *
 * <p>The runtime is reached through a {@link Context} that carries it ({@code handle.newContext(...)}), so the
 * public {@code Handle} carries no test hook and this package names no facade.
 *
 * <p>When the task dump of issue 15 ({@code WeftRuntime.dump()}) lands, the test kit should use it instead (it adds
 * names and spawn sites) and this class can go.
 */
public final class LiveTasks {
    /*
     * Implementation notes
     * I1. The snapshot is taken under each OwnedTasks shard's monitor (OwnedTasks I1); a task that completes
     *     concurrently may still be listed (its state then says complete).
     * I2. Reading a task's state (acquire) and what it runs (Task.futureName: the future's class name) from a
     *     thread that does not own the task is a benign race: a reference to a class name, for a message only.
     *     The future itself is never touched (Task I1).
     * I3. An async block's stack is read with Thread.getStackTrace, which the JDK makes safe on any thread.
     * I4. The unobserved-failure watcher is a volatile field of the Scheduler written once, before the first
     *     spawn of the test; it sees the same reports as the unhandled-failure handler (Task I8).
     */

    private LiveTasks() {}

    /**
     * One live task.
     *
     * @param id the task id ({@code TaskId.value()})
     * @param asyncBlock true for a thread-backed task (an async block spawned with {@code spawnAsync}), false for a
     *        polled one
     * @param what the future's class name, or the async block's body class name
     * @param state the task's state: idle (waiting for a wake-up), scheduled, running, cancel-requested, complete
     * @param threadState for a thread-backed task whose thread started, that thread's state, else null
     * @param stack for a thread-backed task whose thread started, its stack, else empty
     */
    public record Info(long id, boolean asyncBlock, String what, String state, Thread.State threadState,
            List<StackTraceElement> stack) {
        /**
         * True when this task cannot make progress without an event from outside: a polled task that is neither
         * scheduled nor running, or an async block whose thread is parked (in {@code await()}).
         */
        public boolean isQuiescent() {
            if (asyncBlock) {
                return threadState == Thread.State.WAITING || threadState == Thread.State.TIMED_WAITING;
            }
            return state.equals("idle") || state.equals("complete");
        }
    }

    /**
     * The live tasks of the runtime {@code cx} carries, in id order.
     *
     * @param cx a context made by the runtime ({@code handle.newContext(waker, budget)})
     * @return a snapshot; empty when no task is live
     * @throws IllegalArgumentException when {@code cx} carries no Weft runtime
     */
    public static List<Info> snapshot(Context cx) {
        List<Info> out = new ArrayList<>();
        for (Task<?> t : scheduler(cx).owned.snapshot()) out.add(describe(t));
        out.sort(Comparator.comparingLong(Info::id));
        return out;
    }

    /**
     * A failure the runtime reported as unobserved (Task I8), with a probe that says whether a joiner took it later.
     *
     * @param id the task id
     * @param failure what the task threw
     * @param task the task, for {@link #isTakenLater()}
     */
    public record UnobservedFailure(long id, Throwable failure, Task<?> task) {
        /**
         * True when the failure was handed to a joiner after it was reported (the handle was awaited later): the
         * test saw it after all.
         */
        public boolean isTakenLater() {
            return task.isFailureTaken();
        }
    }

    /**
     * Calls {@code watcher} with every failure the runtime {@code cx} carries reports as unobserved, in addition to
     * its unhandled-failure handler. Set it before the runtime's first task is spawned; one watcher per runtime.
     * The watcher runs on the completing thread and must not throw.
     *
     * @param cx a context made by the runtime ({@code handle.newContext(waker, budget)})
     * @param watcher the recorder
     * @throws IllegalArgumentException when {@code cx} carries no Weft runtime
     */
    public static void watchUnobservedFailures(Context cx, Consumer<UnobservedFailure> watcher) {
        Objects.requireNonNull(watcher, "watcher");
        scheduler(cx).unobservedFailureWatcher = (t, e) -> watcher.accept(new UnobservedFailure(t.taskId(), e, t));
    }

    private static Scheduler scheduler(Context cx) {
        Objects.requireNonNull(cx, "cx");
        if (!(Contexts.ambient(cx) instanceof Scheduler.Ambient a)) {
            throw new IllegalArgumentException("cx: " + cx + " (expected: a context made by a runtime's"
                    + " Handle.newContext)");
        }
        return a.scheduler();
    }

    private static Info describe(Task<?> t) {
        String state = stateName(t.stateAcquire());
        if (t instanceof Scheduler.ThreadTask<?> tt) {
            Thread th = tt.thread();
            return new Info(t.taskId(), true, tt.bodyName(), state, th == null ? null : th.getState(),
                    th == null ? List.of() : Arrays.asList(th.getStackTrace()));
        }
        return new Info(t.taskId(), false, t.futureName(), state, null, List.of());
    }

    private static String stateName(int s) {
        if ((s & Task.COMPLETE) != 0) return "complete";
        if ((s & Task.CANCELLED) != 0) return "cancel-requested";
        if ((s & Task.RUNNING) != 0) return "running";
        if ((s & Task.NOTIFIED) != 0) return "scheduled";
        return "idle";
    }
}
