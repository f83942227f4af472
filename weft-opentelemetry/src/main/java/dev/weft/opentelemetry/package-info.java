/**
 * Exports Weft's tracing spans ({@code dev.weft.trace}) through the OpenTelemetry API, and puts the current
 * trace and span ids in SLF4J's MDC while a task is polled: build the Weft {@code Tracer} with
 * {@link dev.weft.opentelemetry.WeftTracing#tracer(io.opentelemetry.api.OpenTelemetry)}.
 *
 * {@snippet class=dev.weft.opentelemetry.snippets.OpenTelemetrySnippets region=tracer}
 */
package dev.weft.opentelemetry;
