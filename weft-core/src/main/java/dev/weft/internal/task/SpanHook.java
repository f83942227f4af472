package dev.weft.internal.task;

import dev.weft.future.Future;

/**
 * The engine's hook into tracing ({@code dev.weft.trace}): how a spawned task, and the thread of an async block
 * or of a thread-backed task, take over the span that is current where it was started. The scheduler calls it
 * only once a tracer exists in the JVM ({@link #installed()} is non-null), so a program that never traces pays
 * one static read per spawn and nothing per poll.
 *
 * <p>The hook is an object installed from above so that no internal package imports the facade
 * (ArchitectureTest, ADR 0009); {@code dev.weft.trace} installs its one implementation when its first
 * {@code Tracer} is created.
 */
public abstract class SpanHook {
    /*
     * Implementation notes
     *
     * I1. `installed` goes from null to the one implementation once (dev.weft.trace installs it in Tracer's class
     *     initialiser) and never back. A spawn that races with the installation and reads null behaves as if no
     *     span were current: it can only race with the creation of the very first tracer, before which no span
     *     can exist.
     */
    private static volatile SpanHook installed;

    /** For the one implementation. */
    protected SpanHook() {}

    /**
     * Installs the hook (once; a second call keeps the first).
     *
     * @param hook the implementation
     */
    public static void install(SpanHook hook) {
        if (installed == null) installed = hook; // I1: called from one class initialiser, so no CAS is needed
    }

    /**
     * The hook, or null while no tracer was ever created in this JVM.
     *
     * @return the installed hook
     */
    public static SpanHook installed() {
        return installed;
    }

    /**
     * A poll-based task is being spawned on this thread: returns {@code future} wrapped so that every poll (and
     * the cancellation) of the new task sees the span current here, or {@code future} itself when none is.
     *
     * @param future the task's future
     * @param <T> its value type
     * @return the future the task should run
     */
    public abstract <T> Future<T> onSpawn(Future<T> future);

    /**
     * A thread-backed task is being spawned on this thread: the bindings its thread should carry (only the span
     * current here; other task-local values are not inherited by spawned tasks), or null when no span is current.
     *
     * @return the bindings, or null
     */
    public abstract TaskLocalMap spawnLocals();

    /**
     * A thread that carries {@code locals} (an async block's, a thread-backed task's) starts running its body:
     * enter the span they bind, if any, on this thread. Never throws.
     *
     * @param locals the bindings the thread carries, or null
     * @return a token for {@link #exitThread}, or null when there was nothing to enter
     */
    public abstract Object enterThread(TaskLocalMap locals);

    /**
     * The body started by {@link #enterThread} ended on this thread. Never throws.
     *
     * @param token what enterThread returned (null: nothing to do)
     */
    public abstract void exitThread(Object token);
}
