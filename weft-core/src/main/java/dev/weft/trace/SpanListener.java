package dev.weft.trace;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Tracer} tells about its spans: the exporter SPI. An OpenTelemetry bridge (the
 * {@code weft-opentelemetry} module), a log line per span ({@link Tracer#systemLogger()}), a test recorder: each
 * is a listener.
 *
 * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=listener}
 *
 * <p><b>Calls.</b>
 * <ul>
 *   <li>{@link #onStart} once per span, on the thread that starts it, before {@code start()} returns. It returns
 *       the listener's own state for the span (an exporter's native span, say), which the later calls receive.</li>
 *   <li>{@link #onEnter} and {@link #onExit} around every stretch during which the span is current on a thread:
 *       each poll of a future it instruments, each {@link Span#enter()} scope, the body of an async block or
 *       spawned task that carries it. They are balanced and properly nested on each thread, and may happen on
 *       many threads over the span's life (never at once for one instrumented future, which one thread polls at a
 *       time). {@code onEnter} returns a token that the matching {@code onExit} receives: what to restore (a
 *       logging MDC's previous values, an exporter's context scope).</li>
 *   <li>{@link #onEnd} once, on the thread that ends the span, after its status, failure and end time are
 *       set.</li>
 * </ul>
 * {@code onEnter} and {@code onExit} run on the poll path of every instrumented future: keep them short, never
 * block, never wait for another task. An exception thrown by a listener is logged (System.Logger
 * {@code dev.weft.trace}, WARNING) and otherwise ignored: it never fails the traced work.
 *
 * @param <S> the listener's per-span state (use {@code Void} and return null when it keeps none)
 */
public interface SpanListener<S extends @Nullable Object> {

    /**
     * A span started.
     *
     * @param span the new span (running; its attributes are the builder's)
     * @param parentState the state this listener returned for the span's parent, or null when the span is a root
     *     or its parent was started by a tracer whose listener is not this one and not {@code equal} to it (a
     *     listener whose instances may share state defines {@code equals})
     * @return the state to keep with the span, or null
     */
    @Nullable S onStart(Span span, @Nullable S parentState);

    /**
     * The span became current on this thread. The default does nothing.
     *
     * @param span the span
     * @param state what {@link #onStart} returned for it
     * @return a token for the matching {@link #onExit}, or null
     */
    default @Nullable Object onEnter(Span span, @Nullable S state) {
        return null;
    }

    /**
     * The span stopped being current on this thread (the span current before the matching {@link #onEnter} is
     * current again). The default does nothing.
     *
     * @param span the span
     * @param state what {@link #onStart} returned for it
     * @param token what the matching {@link #onEnter} returned
     */
    default void onExit(Span span, @Nullable S state, @Nullable Object token) {}

    /**
     * The span ended (its status, failure, end time and final attributes are readable). The default does
     * nothing.
     *
     * @param span the span
     * @param state what {@link #onStart} returned for it
     */
    default void onEnd(Span span, @Nullable S state) {}

    /**
     * A listener that passes every call to each of {@code listeners}, in order (e.g. an exporter and a log).
     *
     * @param listeners the listeners
     * @return the combined listener
     * @throws NullPointerException when {@code listeners} or one of them is null
     * @throws IllegalArgumentException when {@code listeners} is empty
     */
    static SpanListener<Object[]> composite(SpanListener<?>... listeners) {
        Objects.requireNonNull(listeners, "listeners");
        if (listeners.length == 0) {
            throw new IllegalArgumentException("listeners: 0 (expected: at least one listener)");
        }
        for (int i = 0; i < listeners.length; i++) Objects.requireNonNull(listeners[i], "listeners[" + i + "]");
        return new CompositeListener(List.of(listeners));
    }
}
