package dev.weft.trace;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.CancelledException;
import dev.weft.future.Future;
import dev.weft.internal.task.TaskLocalMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A named, timed unit of work in a trace: the {@code tracing} crate's span, with OpenTelemetry's identity (a
 * 128-bit trace id shared by every span of one request, a 64-bit span id of its own, and the parent's).
 *
 * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=request}
 *
 * <p><b>Current span.</b> A span is <em>current</em> while it is entered: during every poll of a future it
 * {@linkplain #instrument instruments} (so it follows the request across awaits: each poll enters it, each
 * return leaves it), inside a {@link #enter()} scope, in every task spawned while it is current (the child's
 * polls see it: spans the child starts are its children), and on the thread of every async block first polled
 * while it is current. A new span's parent is the current span unless its {@link SpanBuilder} says otherwise.
 * {@link #current()} reads it. It lives with the task-local values (Weft's {@code TaskLocal}), so a program that
 * never starts a span pays nothing per poll, and one that does pays only for the futures it instruments.
 *
 * <p><b>Ending.</b> A span ends once: {@link #end()} (status {@link SpanStatus#OK}), {@link #end(Throwable)}
 * ({@link SpanStatus#ERROR}, or {@link SpanStatus#CANCELLED} for a {@link CancelledException}) or
 * {@link #endCancelled()}; later calls change nothing. Spans that a {@link Tracer#inSpan tracer's inSpan} or
 * {@link Tracer#call call} start are ended for you, with the status of the work they wrap: a task aborted
 * mid-span ends it cancelled.
 *
 * <p><b>Across a channel.</b> A span is not attached to a message by itself: send a {@link Traced} value to
 * carry the sender's span to the receiver.
 *
 * <p><b>Memory effects.</b> Attributes set before {@link #end()} happen-before the listener's
 * {@link SpanListener#onEnd} and the reads of {@link #attributes()} that see the span ended.
 *
 * <p>Times are wall-clock (epoch nanoseconds, for exporters), measured with {@link System#nanoTime()} from the
 * start so durations are monotonic; a runtime's paused test clock does not affect them.
 */
public final class Span {
    /*
     * Implementation notes
     *
     * A span is shared: started on one thread, entered by whichever threads poll the futures it instruments,
     * ended by any of them, read by listeners.
     *
     * I1. Identity (tracer, name, parent, ids, start times) and listenerState are final: written in the
     *     constructor, safely published with the span. listenerState is the last field written, after onStart
     *     returned, and onStart is called with the span fully initialised but for it.
     * I2. `attributes` is guarded by `lock`; attributes() copies under it. A setAttribute after the end is dropped
     *     (under the lock, after reading `ending`), so the listener's onEnd, which runs after the CAS that ends the
     *     span, sees the final set: a setAttribute that took the lock before the CAS is visible to onEnd through
     *     the lock, one that took it after sees the span ended and drops its value.
     * I3. `ending` goes from null to one Ending by CAS, once: the winner calls SpanListener.onEnd exactly once.
     *     The Ending record is immutable, so a reader that sees it sees its fields.
     * I4. traceIdHex/spanIdHex are racy caches of pure functions of final fields (the String single-check idiom):
     *     a reader that sees null recomputes the same value.
     * I5. Entering installs a TaskLocalMap binding (Spans.KEY -> this) on the entering thread and restores the
     *     previous bindings on leaving, in a finally block; the listener's onEnter/onExit calls are balanced on
     *     that thread. Nothing about a span is stored on a worker thread between two polls.
     */
    private static final HexFormat HEX = HexFormat.of();

    private final Tracer tracer;
    private final String name;
    private final @Nullable Span parent; // null: a root span
    private final long traceIdHigh;
    private final long traceIdLow;
    private final long spanId;
    private final long startEpochNanos;
    private final long startNanoTime;
    private final Object lock = new Object();
    /** Guarded by {@code lock} (I2); null until the first attribute. */
    private LinkedHashMap<String, Object> attributes;
    private final AtomicReference<Ending> ending = new AtomicReference<>(); // I3
    private String traceIdHex; // I4
    private String spanIdHex; // I4
    /** What the tracer's listener returned from onStart (I1). */
    final Object listenerState;

    /** How a span ended (I3). */
    private record Ending(SpanStatus status, Throwable failure, long endEpochNanos) {}

    Span(Tracer tracer, String name, Span parent, long traceIdHigh, long traceIdLow, long spanId,
            LinkedHashMap<String, Object> attributes) {
        this.tracer = tracer;
        this.name = name;
        this.parent = parent;
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.spanId = spanId;
        this.attributes = attributes;
        Instant now = Instant.now();
        this.startNanoTime = System.nanoTime();
        this.startEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.listenerState = tracer.started(this, parent); // I1: last
    }

    /**
     * The span current on this thread: the innermost one entered here, else the one an async block's thread
     * carries from where it started; empty when none is.
     *
     * @return the current span
     */
    public static Optional<Span> current() {
        return Optional.ofNullable(Spans.current());
    }

    /**
     * The span's name, e.g. {@code "GET /users/{id}"} or {@code "db.query"}.
     *
     * @return the name given at start
     */
    public String name() {
        return name;
    }

    /**
     * The trace id: 32 lowercase hex digits (W3C Trace Context), shared by every span of one trace.
     *
     * @return the trace id
     */
    public String traceId() {
        String s = traceIdHex;
        if (s == null) traceIdHex = s = HEX.toHexDigits(traceIdHigh) + HEX.toHexDigits(traceIdLow); // I4
        return s;
    }

    /**
     * The span id: 16 lowercase hex digits, unique within the trace.
     *
     * @return the span id
     */
    public String spanId() {
        String s = spanIdHex;
        if (s == null) spanIdHex = s = HEX.toHexDigits(spanId); // I4
        return s;
    }

    /**
     * The parent span, or empty for a root span (the first span of a trace).
     *
     * @return the parent
     */
    public Optional<Span> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * The tracer that started this span (whose listener hears about it).
     *
     * @return the tracer
     */
    public Tracer tracer() {
        return tracer;
    }

    /**
     * A snapshot of the attributes, in the order they were first set.
     *
     * @return an unmodifiable copy
     */
    public Map<String, Object> attributes() {
        synchronized (lock) { // I2
            return attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    /**
     * Sets a string attribute (replacing an earlier value of {@code key}). Ignored once the span has ended.
     *
     * @param key the attribute name, e.g. {@code "http.route"}
     * @param value its value
     * @return this span
     * @throws NullPointerException when {@code key} or {@code value} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public Span setAttribute(String key, String value) {
        return put(key, Objects.requireNonNull(value, "value"));
    }

    /**
     * Sets an integer attribute. Ignored once the span has ended.
     *
     * @param key the attribute name
     * @param value its value
     * @return this span
     * @throws NullPointerException when {@code key} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public Span setAttribute(String key, long value) {
        return put(key, value);
    }

    /**
     * Sets a floating-point attribute. Ignored once the span has ended.
     *
     * @param key the attribute name
     * @param value its value
     * @return this span
     * @throws NullPointerException when {@code key} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public Span setAttribute(String key, double value) {
        return put(key, value);
    }

    /**
     * Sets a boolean attribute. Ignored once the span has ended.
     *
     * @param key the attribute name
     * @param value its value
     * @return this span
     * @throws NullPointerException when {@code key} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public Span setAttribute(String key, boolean value) {
        return put(key, value);
    }

    private Span put(String key, Object value) {
        SpanBuilder.checkKey(key);
        synchronized (lock) { // I2
            if (ending.get() != null) return this;
            if (attributes == null) attributes = new LinkedHashMap<>(4);
            attributes.put(key, value);
        }
        return this;
    }

    /**
     * When the span started, in nanoseconds since the epoch.
     *
     * @return the start time
     */
    public long startEpochNanos() {
        return startEpochNanos;
    }

    /**
     * When the span ended, in nanoseconds since the epoch (its start plus the monotonic time it lasted); empty
     * while it runs.
     *
     * @return the end time
     */
    public OptionalLong endEpochNanos() {
        Ending e = ending.get();
        return e == null ? OptionalLong.empty() : OptionalLong.of(e.endEpochNanos());
    }

    /**
     * How long the span lasted; empty while it runs.
     *
     * @return the duration
     */
    public Optional<Duration> duration() {
        Ending e = ending.get();
        return e == null ? Optional.empty() : Optional.of(Duration.ofNanos(e.endEpochNanos() - startEpochNanos));
    }

    /**
     * True once the span has ended.
     *
     * @return whether it ended
     */
    public boolean isEnded() {
        return ending.get() != null;
    }

    /**
     * How the span ended; {@link SpanStatus#UNSET} while it runs.
     *
     * @return the status
     */
    public SpanStatus status() {
        Ending e = ending.get();
        return e == null ? SpanStatus.UNSET : e.status();
    }

    /**
     * The failure the span ended with ({@link SpanStatus#ERROR}, or the cancellation of a
     * {@link SpanStatus#CANCELLED} span ended through {@link #end(Throwable)}), or empty.
     *
     * @return the failure
     */
    public Optional<Throwable> failure() {
        Ending e = ending.get();
        return e == null ? Optional.empty() : Optional.ofNullable(e.failure());
    }

    /** Ends the span with status {@link SpanStatus#OK}; nothing happens when it has ended already. */
    public void end() {
        finish(SpanStatus.OK, null);
    }

    /**
     * Ends the span with the failure of the work it covers: status {@link SpanStatus#CANCELLED} when
     * {@code failure} is a {@link CancelledException} (the work was cancelled), else {@link SpanStatus#ERROR};
     * nothing happens when it has ended already.
     *
     * @param failure what the work failed with
     * @throws NullPointerException when {@code failure} is null
     */
    public void end(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        finish(failure instanceof CancelledException ? SpanStatus.CANCELLED : SpanStatus.ERROR, failure);
    }

    /** Ends the span with status {@link SpanStatus#CANCELLED}; nothing happens when it has ended already. */
    public void endCancelled() {
        finish(SpanStatus.CANCELLED, null);
    }

    private void finish(SpanStatus status, Throwable failure) {
        long end = startEpochNanos + Math.max(0, System.nanoTime() - startNanoTime);
        if (ending.compareAndSet(null, new Ending(status, failure, end))) tracer.ended(this); // I3
    }

    /**
     * Makes this span current on this thread until the returned scope is closed: for synchronous code and async
     * blocks. Close it on the same thread, in reverse order of entering (try-with-resources). In poll-based code,
     * enter and close within one poll, or use {@link #instrument(Future)}, which enters the span on every poll:
     * a scope held across polls would leave the span current on the worker for the next task.
     *
     * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=enter}
     *
     * @return the scope to close
     */
    public Scope enter() {
        return new SpanScope(this);
    }

    /**
     * Wraps {@code future} so that this span is current during each of its polls (and its cancellation): the
     * span follows the work across awaits, and everything the future starts (spans, spawned tasks, async blocks)
     * sees it. The span is not ended by the wrapper: end it yourself, or let {@link Tracer#inSpan} start and end
     * one around the future.
     *
     * <p><b>Cancel safety:</b> as {@code future}'s; cancelling cancels it (with the span current).
     *
     * @param future the work to instrument
     * @param <T> its value type
     * @return the instrumented future
     * @throws NullPointerException when {@code future} is null
     */
    public <T> Future<T> instrument(Future<T> future) {
        return Instrumented.of(this, Objects.requireNonNull(future, "future"));
    }

    /** The bindings for entering this span on top of {@code base}. */
    TaskLocalMap bindOn(TaskLocalMap base) {
        return TaskLocalMap.with(base, Spans.KEY, this);
    }

    long traceIdHigh() {
        return traceIdHigh;
    }

    long traceIdLow() {
        return traceIdLow;
    }

    @Override
    public String toString() {
        return "Span[" + name + " trace=" + traceId() + " span=" + spanId()
                + (parent != null ? " parent=" + parent.spanId() : "") + " " + status() + "]";
    }

    /**
     * A span entered on one thread by {@link #enter()}: closing it leaves the span.
     */
    public interface Scope extends AutoCloseable {
        /**
         * Leaves the span: the span current before {@link Span#enter()} is current again. A second close does
         * nothing.
         *
         * @throws IllegalStateException when called on another thread than the one that entered the span, or
         *     while a span entered after it on this thread is still current (scopes closed out of order; the
         *     bindings are restored to those before this scope all the same)
         */
        @Override
        void close();
    }

    /** Span I5 for {@link #enter()}. */
    private static final class SpanScope implements Scope {
        private final Span span;
        private final Thread thread = Thread.currentThread();
        private final TaskLocalMap previous;
        private final TaskLocalMap installed;
        private final Object token;
        private boolean closed;

        SpanScope(Span span) {
            this.span = span;
            this.installed = span.bindOn(TaskLocalMap.current());
            this.previous = TaskLocalMap.install(installed);
            this.token = span.tracer.enter(span);
        }

        @Override
        public void close() {
            if (closed) return;
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("Span.Scope of span '" + span.name + "' closed on thread "
                        + Thread.currentThread() + " (expected: the thread that entered it, " + thread
                        + "); close a scope where it was opened (try-with-resources)");
            }
            closed = true;
            TaskLocalMap current;
            try {
                span.tracer.exit(span, token);
            } finally {
                current = TaskLocalMap.install(previous);
            }
            if (current != installed) { // a scope entered after this one is still open, or this one leaked a poll
                throw new IllegalStateException("Span.Scope of span '" + span.name + "' closed out of order: a"
                        + " span entered after it on this thread is still current (expected: close scopes in reverse"
                        + " order of entering, with try-with-resources, and within the poll that opened them)");
            }
        }
    }
}
