package dev.weft.opentelemetry;

import dev.weft.trace.Span;
import dev.weft.trace.SpanListener;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * {@link WeftTracing}'s listener: one OpenTelemetry span per Weft span (its state), made current and put in the
 * MDC on every enter.
 */
final class OpenTelemetryListener implements SpanListener<io.opentelemetry.api.trace.Span> {
    /*
     * Implementation notes
     *
     * Stateless but for the final tracer and flag, so shared by every thread; the per-span state is the
     * OpenTelemetry span (thread-safe by the API's contract) and the per-enter state is the Entered token.
     *
     * I1. onEnter and onExit are balanced and nested on each thread (SpanListener's contract), so the
     *     OpenTelemetry Scope opened by onEnter is closed by the matching onExit on the same thread, innermost
     *     first, as OpenTelemetry's context storage requires.
     * I2. onEnter records the MDC values it replaces; onExit puts them back (removing keys that were absent), so
     *     after the outermost exit a thread's MDC is what it was before the first enter.
     * I3. Attributes are copied at start (for samplers) and again at end (those set meanwhile); setting one twice
     *     with the same value is harmless.
     */
    private final Tracer tracer;
    private final boolean mdc;

    OpenTelemetryListener(Tracer tracer, boolean mdc) {
        this.tracer = tracer;
        this.mdc = mdc;
    }

    @Override
    public io.opentelemetry.api.trace.Span onStart(Span span, io.opentelemetry.api.trace.Span parentState) {
        SpanBuilder b = tracer.spanBuilder(span.name()).setStartTimestamp(span.startEpochNanos(), TimeUnit.NANOSECONDS);
        if (parentState != null) {
            b.setParent(Context.root().with(parentState));
        } else if (span.parent().isEmpty() && Span.current().isPresent()) {
            // an explicit root() inside a Weft span (whose OpenTelemetry span is current here): a root in Weft is
            // a root here
            b.setNoParent();
        } else {
            // a Weft root: continue the caller's OpenTelemetry trace, if any (a parent from a tracer with another
            // listener: whatever OpenTelemetry has current here)
            b.setParent(Context.current());
        }
        copyAttributes(span.attributes(), b, null); // I3
        return b.startSpan();
    }

    @Override
    public Object onEnter(Span span, io.opentelemetry.api.trace.Span state) {
        if (state == null) return null;
        Scope scope = state.makeCurrent(); // I1
        if (!mdc) return new Entered(scope, null, null, null);
        SpanContext sc = state.getSpanContext();
        Entered e = new Entered(scope, MDC.get(WeftTracing.MDC_TRACE_ID), MDC.get(WeftTracing.MDC_SPAN_ID),
                MDC.get(WeftTracing.MDC_TRACE_FLAGS)); // I2
        MDC.put(WeftTracing.MDC_TRACE_ID, sc.getTraceId());
        MDC.put(WeftTracing.MDC_SPAN_ID, sc.getSpanId());
        MDC.put(WeftTracing.MDC_TRACE_FLAGS, sc.getTraceFlags().asHex());
        return e;
    }

    @Override
    public void onExit(Span span, io.opentelemetry.api.trace.Span state, Object token) {
        if (!(token instanceof Entered e)) return;
        try {
            if (mdc) { // I2
                restore(WeftTracing.MDC_TRACE_ID, e.traceId());
                restore(WeftTracing.MDC_SPAN_ID, e.spanId());
                restore(WeftTracing.MDC_TRACE_FLAGS, e.traceFlags());
            }
        } finally {
            e.scope().close(); // I1
        }
    }

    @Override
    public void onEnd(Span span, io.opentelemetry.api.trace.Span state) {
        if (state == null) return;
        copyAttributes(span.attributes(), null, state); // I3
        switch (span.status()) {
            case ERROR -> {
                Throwable failure = span.failure().orElse(null);
                if (failure != null) state.recordException(failure);
                state.setStatus(StatusCode.ERROR, failure != null ? failure.toString() : "failed");
            }
            case CANCELLED -> state.setAttribute(WeftTracing.CANCELLED_ATTRIBUTE, true);
            default -> {} // OK: UNSET, as the specification asks of instrumentation
        }
        state.end(span.endEpochNanos().orElse(span.startEpochNanos()), TimeUnit.NANOSECONDS);
    }

    private static void restore(String key, String previous) {
        if (previous == null) MDC.remove(key);
        else MDC.put(key, previous);
    }

    /** Into a builder at start or onto the span at end: the four attribute types Weft has. */
    private static void copyAttributes(Map<String, Object> attributes, SpanBuilder b,
            io.opentelemetry.api.trace.Span s) {
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            String k = a.getKey();
            switch (a.getValue()) {
                case String v -> {
                    if (b != null) b.setAttribute(k, v);
                    else s.setAttribute(k, v);
                }
                case Long v -> {
                    if (b != null) b.setAttribute(k, v);
                    else s.setAttribute(k, v);
                }
                case Double v -> {
                    if (b != null) b.setAttribute(k, v);
                    else s.setAttribute(k, v);
                }
                case Boolean v -> {
                    if (b != null) b.setAttribute(k, v);
                    else s.setAttribute(k, v);
                }
                default -> {
                    if (b != null) b.setAttribute(k, String.valueOf(a.getValue()));
                    else s.setAttribute(k, String.valueOf(a.getValue()));
                }
            }
        }
    }

    /** What onEnter replaced (I1, I2). */
    private record Entered(Scope scope, String traceId, String spanId, String traceFlags) {}

    /** Equal listeners share parent state (SpanListener.onStart): two Weft tracers over one OpenTelemetry tracer. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OpenTelemetryListener l && l.tracer.equals(tracer) && l.mdc == mdc;
    }

    @Override
    public int hashCode() {
        return tracer.hashCode() * 31 + Boolean.hashCode(mdc);
    }

    @Override
    public String toString() {
        return "OpenTelemetry[" + tracer + (mdc ? ", MDC" : "") + "]";
    }
}
