package dev.weft.opentelemetry;

import dev.weft.trace.SpanListener;
import dev.weft.trace.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * Weft tracing on OpenTelemetry: a Weft {@link Tracer} whose spans are exported as OpenTelemetry spans, with the
 * OpenTelemetry span current (its {@code Context}) and the ids in SLF4J's MDC while a Weft span is entered.
 *
 * {@snippet class=dev.weft.opentelemetry.snippets.OpenTelemetrySnippets region=tracer}
 *
 * <table class="striped">
 *   <caption>How a Weft span maps to an OpenTelemetry span</caption>
 *   <tr><th>Weft</th><th>OpenTelemetry</th></tr>
 *   <tr><td>name, start and end time, attributes (at start and at end)</td><td>the same</td></tr>
 *   <tr><td>parent span (from the same listener)</td><td>parent span; a Weft root span's parent is the
 *       OpenTelemetry {@code Context} current where it starts (so a Weft request continues an incoming trace a
 *       propagator made current), unless another Weft span is current there (an explicit
 *       {@code SpanBuilder.root()}): then it has none</td></tr>
 *   <tr><td>{@code OK}</td><td>status {@code UNSET} (the specification asks instrumentation not to set
 *       {@code OK})</td></tr>
 *   <tr><td>{@code ERROR} with its failure</td><td>status {@code ERROR} with the failure's {@code toString()},
 *       and an exception event</td></tr>
 *   <tr><td>{@code CANCELLED}</td><td>status {@code UNSET}, attribute {@value #CANCELLED_ATTRIBUTE}{@code =true}
 *       (cancellation is control flow in Weft: a lost {@code select}, an elapsed timeout)</td></tr>
 * </table>
 *
 * <p>The ids exported, and those in the MDC, are OpenTelemetry's (its SDK's id generator), not the Weft span's
 * own {@code traceId()}/{@code spanId()}: log lines then match the exported trace.
 *
 * <p><b>MDC.</b> While a Weft span is entered on a thread (each poll of a future it instruments, an async block
 * started in it, a {@code Span.enter()} scope) the keys {@value #MDC_TRACE_ID}, {@value #MDC_SPAN_ID} and
 * {@value #MDC_TRACE_FLAGS} (those of OpenTelemetry's own logging instrumentation) hold its ids; leaving the span
 * restores the values they had, so a worker's MDC carries nothing from one task's poll into the next.
 */
public final class WeftTracing {
    /** The MDC key of the current trace id (32 hex digits). */
    public static final String MDC_TRACE_ID = "trace_id";
    /** The MDC key of the current span id (16 hex digits). */
    public static final String MDC_SPAN_ID = "span_id";
    /** The MDC key of the current trace flags (2 hex digits, W3C; the {@code 01} bit is set when sampled). */
    public static final String MDC_TRACE_FLAGS = "trace_flags";
    /** The attribute set to {@code true} on a span that ended cancelled. */
    public static final String CANCELLED_ATTRIBUTE = "weft.cancelled";
    /** The instrumentation scope name of the spans exported by {@link #tracer(OpenTelemetry)}. */
    public static final String INSTRUMENTATION_SCOPE = "dev.weft";

    private WeftTracing() {}

    /**
     * A Weft tracer exporting through {@code openTelemetry} (instrumentation scope
     * {@value #INSTRUMENTATION_SCOPE}), with the MDC kept.
     *
     * @param openTelemetry the OpenTelemetry instance (an SDK, or {@code GlobalOpenTelemetry.get()})
     * @return the tracer; create it once and share it
     * @throws NullPointerException when {@code openTelemetry} is null
     */
    public static Tracer tracer(OpenTelemetry openTelemetry) {
        return Tracer.create(listener(openTelemetry));
    }

    /**
     * The listener behind {@link #tracer(OpenTelemetry)}, to combine with others
     * ({@code SpanListener.composite}).
     *
     * @param openTelemetry the OpenTelemetry instance
     * @return the listener
     * @throws NullPointerException when {@code openTelemetry} is null
     */
    public static SpanListener<?> listener(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return listener(openTelemetry.getTracer(INSTRUMENTATION_SCOPE), true);
    }

    /**
     * A listener exporting through {@code tracer} (your instrumentation scope), with or without the MDC.
     *
     * @param tracer the OpenTelemetry tracer spans are created with
     * @param mdc whether to put the ids in SLF4J's MDC while a span is entered
     * @return the listener
     * @throws NullPointerException when {@code tracer} is null
     */
    public static SpanListener<?> listener(io.opentelemetry.api.trace.Tracer tracer, boolean mdc) {
        return new OpenTelemetryListener(Objects.requireNonNull(tracer, "tracer"), mdc);
    }
}
