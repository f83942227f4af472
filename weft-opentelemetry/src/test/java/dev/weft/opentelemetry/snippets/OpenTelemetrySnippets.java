package dev.weft.opentelemetry.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.opentelemetry.WeftTracing;
import dev.weft.runtime.WeftRuntime;
import dev.weft.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The examples of weft-opentelemetry's javadoc; each runs as a test. */
class OpenTelemetrySnippets {

    @Test
    void tracer() {
        // @start region=tracer
        InMemorySpanExporter exporter = InMemorySpanExporter.create(); // your OTLP exporter in production
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(provider).build();

        Tracer tracer = WeftTracing.tracer(otel); // create once, share
        String loggedTraceId = WeftRuntime.run(() -> tracer.call("GET /hello", span ->
                MDC.get(WeftTracing.MDC_TRACE_ID))); // what a log pattern's %X{trace_id} prints here

        SpanData exported = exporter.getFinishedSpanItems().get(0);
        assertThat(exported.getName()).isEqualTo("GET /hello");
        assertThat(exported.getTraceId()).isEqualTo(loggedTraceId);
        // @end
        provider.close();
    }
}
