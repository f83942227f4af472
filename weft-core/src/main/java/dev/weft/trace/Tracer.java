package dev.weft.trace;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Future;
import dev.weft.internal.task.SpanHook;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Starts {@link Span}s and tells its {@link SpanListener} about them: the entry point of Weft's tracing. Create one
 * per exporter and share it ({@link #create(SpanListener)}; {@code weft-opentelemetry} builds one for the
 * OpenTelemetry API); {@link #systemLogger()} logs each span through {@code System.Logger}.
 *
 * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=request}
 *
 * <p>Three ways to run work in a span, all of which make the span current while the work runs and end it with
 * the work's outcome ({@link SpanStatus#OK}, {@link SpanStatus#ERROR} with the failure, or
 * {@link SpanStatus#CANCELLED}):
 * <ul>
 *   <li>{@link #inSpan(String, Future)} for a future (poll-based code, or an async block as a future): the span
 *       starts at its first poll and is entered on every poll;</li>
 *   <li>{@link #call(String, SpanFunction)} and {@link #run(String, SpanAction)} for synchronous code, inside
 *       an async block (its {@code await()}s included) or anywhere else;</li>
 *   <li>{@link #spanBuilder(String)} to set the parent or attributes first, then {@link Span#instrument} or
 *       {@link Span#enter()} and {@link Span#end()} by hand.</li>
 * </ul>
 *
 * <p><b>Cost.</b> Until the first tracer is created, spawning a task costs one static read more and polling
 * nothing more. From then on a spawn also looks up the current span (a thread-local read); a future's poll
 * costs more only when it is instrumented (a task-local binding and the listener's enter and exit).
 */
public final class Tracer {
    /*
     * Implementation notes
     *
     * I1. A tracer is immutable (one final listener) and shared by every thread; all mutable state is in spans.
     * I2. Tracer's class initialiser installs the engine hook (SpanHook I1) before any tracer, and so any span,
     *     can exist: a spawn that reads no hook can have no current span to pass on.
     * I3. Every call into the listener goes through started/enter/exit/ended, which catch and log whatever it
     *     throws: a failing listener never fails the traced work, never skips the restoring of the previous
     *     span (Span I5), and an onEnter that threw is still matched by an onExit (with a null token).
     */
    private static final System.Logger LOG = System.getLogger("dev.weft.trace");

    static {
        SpanHook.install(new Spans.Hook()); // I2
    }

    private final SpanListener<Object> listener;

    private Tracer(SpanListener<Object> listener) {
        this.listener = listener;
    }

    /**
     * A tracer that reports its spans to {@code listener}.
     *
     * @param listener the exporter
     * @return the tracer
     * @throws NullPointerException when {@code listener} is null
     */
    @SuppressWarnings("unchecked")
    public static Tracer create(SpanListener<?> listener) {
        return new Tracer((SpanListener<Object>) Objects.requireNonNull(listener, "listener"));
    }

    /**
     * The tracer that logs each ended span as one line through {@code System.Logger} {@code "dev.weft.trace"}
     * at {@code DEBUG} (failed spans with their failure), and each start at {@code TRACE}: the JDK-only default
     * sink. With those levels off it costs the ids and the current-span bookkeeping, and logs nothing. Route
     * {@code System.Logger} to SLF4J with {@code org.slf4j:slf4j-jdk-platform-logging}.
     *
     * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=systemLogger}
     *
     * @return the shared logging tracer
     */
    public static Tracer systemLogger() {
        return SystemLoggerHolder.TRACER;
    }

    private static final class SystemLoggerHolder {
        static final Tracer TRACER = create(new SystemLoggerListener(LOG));
    }

    /**
     * A builder for a span named {@code name}, to set its parent or attributes before {@link SpanBuilder#start()}.
     *
     * @param name the span's name
     * @return a builder
     * @throws NullPointerException when {@code name} is null
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public SpanBuilder spanBuilder(String name) {
        return new SpanBuilder(this, name);
    }

    /**
     * Starts a span named {@code name}, a child of the current span (or the root of a new trace when none is).
     * It is not entered; end it yourself.
     *
     * @param name the span's name
     * @return the started span
     * @throws NullPointerException when {@code name} is null
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public Span startSpan(String name) {
        return new SpanBuilder(this, name).start();
    }

    /**
     * Runs {@code future} in a span of its own: at its first poll a span named {@code name} starts, a child of
     * the span current then; it is current during every poll of {@code future} (and its cancellation), and ends
     * when {@code future} completes ({@link SpanStatus#OK}), fails ({@link SpanStatus#ERROR}) or is cancelled
     * ({@link SpanStatus#CANCELLED}: an aborted task, a lost {@code select}, an elapsed timeout). Lazy: nothing
     * starts until the first poll, and a future cancelled before it leaves no span.
     *
     * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=request}
     *
     * <p><b>Cancel safety:</b> as {@code future}'s; cancelling cancels it (with the span current) and ends the
     * span cancelled.
     *
     * @param name the span's name
     * @param future the work
     * @param <T> its value type
     * @return the future running {@code future} in the span
     * @throws NullPointerException when {@code name} or {@code future} is null
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public <T> Future<T> inSpan(String name, Future<T> future) {
        SpanBuilder.checkName(name);
        return Instrumented.owned(this, name, Objects.requireNonNull(future, "future"));
    }

    /**
     * Runs {@code body} on this thread in a new span named {@code name} (a child of the current span), current
     * while it runs, and ends the span with its outcome: for synchronous code, and for async blocks, whose
     * {@code await()}s keep the span current. A {@link dev.weft.future.CancelledException} (the block was
     * cancelled at an {@code await()}) ends it {@link SpanStatus#CANCELLED}, any other exception
     * {@link SpanStatus#ERROR}; the exception propagates.
     *
     * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=call}
     *
     * @param name the span's name
     * @param body the work; it receives the span (to set attributes)
     * @param <T> the result type
     * @param <E> the checked exception {@code body} may throw
     * @return what {@code body} returned
     * @throws E what {@code body} threw
     * @throws NullPointerException when {@code name} or {@code body} is null
     * @throws IllegalArgumentException when {@code name} is blank
     */
    @CanIgnoreReturnValue
    public <T, E extends Exception> T call(String name, SpanFunction<T, E> body) throws E {
        Objects.requireNonNull(body, "body");
        Span span = startSpan(name);
        T value;
        try (Span.Scope ignored = span.enter()) {
            value = body.apply(span);
        } catch (Throwable t) {
            span.end(t);
            throw t;
        }
        span.end();
        return value;
    }

    /**
     * As {@link #call(String, SpanFunction)}, for a body that returns nothing.
     *
     * @param name the span's name
     * @param body the work; it receives the span
     * @param <E> the checked exception {@code body} may throw
     * @throws E what {@code body} threw
     * @throws NullPointerException when {@code name} or {@code body} is null
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public <E extends Exception> void run(String name, SpanAction<E> body) throws E {
        Objects.requireNonNull(body, "body");
        call(name, span -> {
            body.accept(span);
            return null;
        });
    }

    /**
     * Work run in a span that computes a value.
     *
     * @param <T> the value type
     * @param <E> the checked exception it may throw
     */
    @FunctionalInterface
    public interface SpanFunction<T, E extends Exception> {
        /**
         * Runs the work.
         *
         * @param span the span it runs in (current)
         * @return the value
         * @throws E a failure
         */
        T apply(Span span) throws E;
    }

    /**
     * Work run in a span for its effects.
     *
     * @param <E> the checked exception it may throw
     */
    @FunctionalInterface
    public interface SpanAction<E extends Exception> {
        /**
         * Runs the work.
         *
         * @param span the span it runs in (current)
         * @throws E a failure
         */
        void accept(Span span) throws E;
    }

    // ------------------------------------------------------------------ the listener, behind I3

    /** Span's constructor: onStart, with the parent's state when the parent's listener equals this one. */
    @Nullable Object started(Span span, @Nullable Span parent) {
        Object parentState = parent != null && sameListener(parent.tracer()) ? parent.listenerState : null;
        try {
            return listener.onStart(span, parentState);
        } catch (Throwable t) {
            listenerFailed("onStart", span, t);
            return null;
        }
    }

    private boolean sameListener(Tracer other) {
        return other == this || other.listener == listener || other.listener.equals(listener);
    }

    /** {@code span} (one of this tracer's) becomes current on this thread; never throws. */
    @Nullable Object enter(Span span) {
        try {
            return listener.onEnter(span, span.listenerState);
        } catch (Throwable t) {
            listenerFailed("onEnter", span, t);
            return null;
        }
    }

    /** Balances {@link #enter}; never throws. */
    void exit(Span span, Object token) {
        try {
            listener.onExit(span, span.listenerState, token);
        } catch (Throwable t) {
            listenerFailed("onExit", span, t);
        }
    }

    /** Once, after the span's end was published (Span I3); never throws. */
    void ended(Span span) {
        try {
            listener.onEnd(span, span.listenerState);
        } catch (Throwable t) {
            listenerFailed("onEnd", span, t);
        }
    }

    static void listenerFailed(String what, Span span, Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "SpanListener." + what + " threw for span '" + span.name()
                + "'; the traced work carries on", t);
    }

    @Override
    public String toString() {
        return "Tracer[" + listener + "]";
    }
}
