package dev.weft.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class WeftMetricsTest {

    private static double finished(SimpleMeterRegistry r, String outcome) {
        return r.get("weft.runtime.tasks.finished").tag("outcome", outcome).functionCounter().count();
    }

    @Test
    void bindTo_tasksOfEachOutcome_reflectedInCountersAndGauges() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WeftRuntime rt = WeftRuntime.currentThread().name("m1").build()) {
            new WeftMetrics(rt.handle(), Tags.of("env", "test")).bindTo(registry);
            rt.blockOn(rt.spawn(Futures.ready(1)));
            JoinHandle<Object> failed = rt.spawn(Futures.failed(new IllegalStateException("x")));
            assertThatThrownBy(() -> rt.blockOn(failed)).isInstanceOf(JoinError.Failed.class);
            JoinHandle<Object> cancelled = rt.spawn(Futures.pending()); // cancellation is an outcome too
            cancelled.abort();
            assertThatThrownBy(() -> rt.blockOn(cancelled)).isInstanceOf(JoinError.Cancelled.class);
            JoinHandle<Object> live = rt.spawn(Futures.pending());

            assertThat(registry.get("weft.runtime.tasks.spawned").tags("runtime", "m1", "env", "test")
                    .functionCounter().count()).isEqualTo(4.0);
            assertThat(finished(registry, "succeeded")).isEqualTo(1.0);
            assertThat(finished(registry, "failed")).isEqualTo(1.0);
            assertThat(finished(registry, "cancelled")).isEqualTo(1.0);
            assertThat(registry.get("weft.runtime.tasks.live").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("weft.runtime.workers").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("weft.runtime.polls").functionCounter().count()).isPositive();
            live.abort();
        }
        // the closed runtime keeps its final counts: the pending task was cancelled by abort
        assertThat(finished(registry, "cancelled")).isEqualTo(2.0);
    }

    @Test
    void bindTo_multiThread_registersOneLocalQueueGaugePerWorker() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (WeftRuntime rt = WeftRuntime.builder().name("m2").workerThreads(3).build()) {
            new WeftMetrics(rt.handle()).bindTo(registry);
            assertThat(registry.get("weft.runtime.queue.local.depth").gauges()).hasSize(3)
                    .allSatisfy(g -> assertThat(g.value()).isGreaterThanOrEqualTo(0));
            assertThat(registry.get("weft.runtime.queue.injection.depth").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("weft.runtime.blocking.threads").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("weft.runtime.steals").functionCounter().count()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("weft.runtime.parks").functionCounter().count()).isGreaterThanOrEqualTo(0);
            assertThat(registry.getMeters()).extracting(Meter::getId)
                    .allSatisfy(id -> assertThat(id.getTag("runtime")).isEqualTo("m2"));
        }
    }

    @Test
    void constructor_nullArguments_failFastNamingTheParameter() {
        assertThatThrownBy(() -> new WeftMetrics(null)).isInstanceOf(NullPointerException.class).hasMessage("handle");
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            assertThatThrownBy(() -> new WeftMetrics(rt.handle(), null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("tags");
            assertThatThrownBy(() -> new WeftMetrics(rt.handle()).bindTo(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("registry");
        }
    }
}
