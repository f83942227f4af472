package dev.weft.internal.future;

import dev.weft.future.Await;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Waker;
import dev.weft.internal.context.Ambient;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The engine's typed handle on {@link Context} and {@link Await}: what executors need and user code must not have.
 * A context handed to user code has no public mutator and does not show its runtime handle; the scheduler re-arms
 * its per-worker context between task polls, the task cell and the runtime create contexts that carry their
 * {@link Ambient}, and the time, I/O and task-local code finds its driver by testing {@link #ambient(Context)}.
 *
 * <p>The operations are package-private members of {@code dev.weft.future}, reached here through method handles
 * from a private lookup (same module, so no {@code opens} is needed). A {@code static final} method handle
 * invoked exactly is inlined by the JIT like a direct call: {@link #reset} on the worker's hot path costs what
 * {@code cx.reset(...)} cost when it was public.
 */
public final class Contexts {
    /*
     * Implementation notes
     *
     * I1. The handles are resolved once, in this class's initialiser; a missing member is a build error of
     *     weft-core itself and fails class initialisation loudly (ExceptionInInitializerError).
     * I2. Every handle is invoked with invokeExact and the exact erased types, so no adaptation is inserted.
     */
    private static final MethodHandle NEW_CONTEXT;
    private static final MethodHandle RESET;
    private static final MethodHandle AMBIENT;
    private static final MethodHandle SET_AMBIENT;
    private static final MethodHandle AWAIT_WITH;

    static {
        try {
            MethodHandles.Lookup cx = MethodHandles.privateLookupIn(Context.class, MethodHandles.lookup());
            NEW_CONTEXT = cx.findConstructor(Context.class,
                    MethodType.methodType(void.class, Waker.class, int.class, Ambient.class));
            RESET = cx.findVirtual(Context.class, "reset",
                    MethodType.methodType(void.class, Waker.class, int.class));
            AMBIENT = cx.findVirtual(Context.class, "ambient", MethodType.methodType(Ambient.class));
            SET_AMBIENT = cx.findVirtual(Context.class, "setAmbient",
                    MethodType.methodType(void.class, Ambient.class));
            MethodHandles.Lookup aw = MethodHandles.privateLookupIn(Await.class, MethodHandles.lookup());
            AWAIT_WITH = aw.findStatic(Await.class, "awaitWith",
                    MethodType.methodType(Object.class, Future.class, Ambient.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e); // I1
        }
    }

    private Contexts() {}

    /**
     * A context for an executor's poll, carrying its runtime handle.
     *
     * @param waker the waker of the polling task
     * @param budget the cooperative budget, or {@link Context#UNCONSTRAINED}
     * @param ambient the runtime handle, or null
     * @return a new context
     */
    public static Context create(Waker waker, int budget, Ambient ambient) {
        try {
            return (Context) NEW_CONTEXT.invokeExact(waker, budget, ambient);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Re-arms an executor's own context for the next poll without allocating.
     *
     * @param cx a context the executor created
     * @param waker the waker of the task about to be polled
     * @param budget its fresh budget
     */
    public static void reset(Context cx, Waker waker, int budget) {
        try {
            RESET.invokeExact(cx, waker, budget);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The runtime handle {@code cx} carries, or null (a context made by hand).
     *
     * @param cx any context
     * @return its ambient
     */
    public static Ambient ambient(Context cx) {
        try {
            return (Ambient) AMBIENT.invokeExact(cx);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Replaces the runtime handle of an executor's own context.
     *
     * @param cx a context the executor created
     * @param ambient the new handle, or null
     */
    public static void setAmbient(Context cx, Ambient ambient) {
        try {
            SET_AMBIENT.invokeExact(cx, ambient);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Runs {@code future} to completion on this thread as {@link Await#await(Future)} does, with {@code ambient}
     * given to its context (a runtime's {@code blockOn}). The calling thread must already count as runnable for
     * {@code ambient}.
     *
     * @param future the future
     * @param ambient the runtime handle
     * @param <T> the result type
     * @return the future's value
     */
    @SuppressWarnings("unchecked")
    public static <T> T await(Future<T> future, Ambient ambient) {
        try {
            Object value = (Object) AWAIT_WITH.invokeExact(future, ambient);
            return (T) value;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
        throw (E) t; // unchecked and errors pass through unchanged; the targets declare no checked exceptions
    }
}
