package dev.weft.micrometer.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.micrometer.WeftMetrics;
import dev.weft.runtime.WeftRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The examples of weft-micrometer's javadoc; each runs as a test. */
class MicrometerSnippets {

    @Test
    void bind() {
        // @start region=bind
        MeterRegistry registry = new SimpleMeterRegistry(); // or your Prometheus/OTLP/... registry
        try (WeftRuntime rt = WeftRuntime.builder().name("app").workerThreads(2).build()) {
            new WeftMetrics(rt.handle(), Tags.of("service", "checkout")).bindTo(registry);
            rt.blockOn(rt.spawn(Futures.ready("work")));
            double spawned = registry.get("weft.runtime.tasks.spawned").tag("runtime", "app").functionCounter().count();
            assertThat(spawned).isEqualTo(1.0);
        }
        // @end
    }
}
