package dev.weft.trace;

import dev.weft.future.Context;
import dev.weft.future.Draining;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.task.TaskLocalMap;

/**
 * A future polled with a span current: {@link Span#instrument} (the span is given and not ended here), the
 * spawn hook (the spawner's span), and {@link Tracer#inSpan} (the span is owned: started at the first poll,
 * ended with the outcome).
 */
class Instrumented<T> implements Future<T> {
    /*
     * Implementation notes
     *
     * Confined to the one thread polling it at a time (the poll contract), so no field needs a fence.
     *
     * I1. Every poll, cancel and pollDrained installs the span's binding on top of the thread's bindings, calls
     *     the listener's onEnter, runs the inner call, then (finally) onExit and restores the previous bindings:
     *     whatever the inner future does (throw, be cancelled, leave a Span.Scope open by mistake), the thread's
     *     bindings after the call are those before it, so no span stays current on a worker (Span I5).
     * I2. An owned span starts at the first poll, so its parent is the span current then (futures are lazy);
     *     cancel() before any poll starts nothing. It ends once, after the span was left: OK when the inner
     *     future returns Ready, ERROR (or CANCELLED for a CancelledException) when its poll throws, CANCELLED
     *     when the future is cancelled. Span I3 makes a second end a no-op.
     * I3. `cachedBase`/`cachedMap`: the binding built for the last base bindings, reused while the base is the
     *     same object (bindings are immutable), so a task's steady-state poll allocates nothing here.
     * I4. A Draining inner future stays Draining (InstrumentedDraining): the task that runs it still waits for
     *     an async block's thread to unwind before it reports cancelled.
     */
    private final Future<T> future;
    private final Tracer owner; // non-null: an owned span (I2), started lazily under `name`
    private final String name;
    private Span span;
    private TaskLocalMap cachedBase; // I3
    private TaskLocalMap cachedMap; // I3

    Instrumented(Span span, Tracer owner, String name, Future<T> future) {
        this.span = span;
        this.owner = owner;
        this.name = name;
        this.future = future;
    }

    /** {@code future} with {@code span} current during each poll; the span is not ended here. */
    static <T> Future<T> of(Span span, Future<T> future) {
        return future instanceof Draining ? new InstrumentedDraining<>(span, null, null, future)
                : new Instrumented<>(span, null, null, future);
    }

    /** {@code future} in a span of its own named {@code name}, started at the first poll (I2). */
    static <T> Future<T> owned(Tracer tracer, String name, Future<T> future) {
        return future instanceof Draining ? new InstrumentedDraining<>(null, tracer, name, future)
                : new Instrumented<>(null, tracer, name, future);
    }

    /** I3: the bindings with {@code s} current on top of this thread's. */
    private TaskLocalMap bind(Span s) {
        TaskLocalMap base = TaskLocalMap.current();
        TaskLocalMap m = cachedMap;
        if (m == null || base != cachedBase) {
            cachedBase = base;
            cachedMap = m = s.bindOn(base);
        }
        return m;
    }

    @Override
    public Poll<T> poll(Context cx) {
        Span s = span;
        if (s == null) span = s = owner.startSpan(name); // I2
        TaskLocalMap previous = TaskLocalMap.install(bind(s)); // I1
        Object token = s.tracer().enter(s);
        Poll<T> p;
        try {
            p = future.poll(cx);
        } catch (Throwable t) {
            leave(s, token, previous);
            if (owner != null) s.end(t); // I2
            throw t;
        }
        leave(s, token, previous);
        if (owner != null && p.isReady()) s.end(); // I2
        return p;
    }

    @Override
    public void cancel() {
        Span s = span;
        if (s == null) { // an owned span that never started (I2)
            future.cancel();
            return;
        }
        TaskLocalMap previous = TaskLocalMap.install(bind(s)); // I1
        Object token = s.tracer().enter(s);
        try {
            future.cancel();
        } finally {
            leave(s, token, previous);
            if (owner != null) s.endCancelled(); // I2
        }
    }

    /** For InstrumentedDraining: the inner pollDrained with the span current (I1, I4). */
    final Poll<Void> drained(Context cx) {
        Span s = span;
        if (s == null) return ((Draining) future).pollDrained(cx);
        TaskLocalMap previous = TaskLocalMap.install(bind(s));
        Object token = s.tracer().enter(s);
        try {
            return ((Draining) future).pollDrained(cx);
        } finally {
            leave(s, token, previous);
        }
    }

    private static void leave(Span s, Object token, TaskLocalMap previous) {
        try {
            s.tracer().exit(s, token); // never throws (Tracer I3)
        } finally {
            TaskLocalMap.install(previous);
        }
    }

    @Override
    public String toString() {
        Span s = span;
        return "Instrumented[" + (s != null ? s.name() : name + " (not started)") + ", " + future + "]";
    }

    /** I4. */
    static final class InstrumentedDraining<T> extends Instrumented<T> implements Draining {
        InstrumentedDraining(Span span, Tracer owner, String name, Future<T> future) {
            super(span, owner, name, future);
        }

        @Override
        public Poll<Void> pollDrained(Context cx) {
            return drained(cx);
        }
    }
}
