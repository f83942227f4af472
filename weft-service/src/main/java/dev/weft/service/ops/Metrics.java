package dev.weft.service.ops;

import dev.weft.runtime.Handle;
import dev.weft.runtime.RuntimeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The service's meters, exposed at {@code /metrics} in the Prometheus text format (Micrometer's Prometheus
 * registry: the JVM's de-facto metrics facade, and the registry HikariCP reports its pool metrics to).
 *
 * <ul>
 * <li>{@code http_server_requests_seconds} (count, sum, histogram buckets) per method, route template and status,
 *     and {@code http_server_requests_in_flight};</li>
 * <li>{@code weft_runtime_*}: Weft's {@link RuntimeMetrics} (workers, live and spawned tasks, polls, steals,
 *     parks, queue depths, blocking threads), read at scrape time;</li>
 * <li>{@code hikaricp_connections_*}: the pool (active, idle, pending, acquire/usage time);</li>
 * <li>JVM memory, GC, threads, class loading, CPU and uptime.</li>
 * </ul>
 *
 * <p>Routes are labelled by template ({@code /api/v1/worlds/{id}}), never by raw path, so label cardinality is
 * bounded by the route table.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();

    /** A registry with the JVM meters bound. */
    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("http.server.requests.in.flight", inFlight, java.util.concurrent.atomic.AtomicLong::get)
                .description("requests started and not yet answered or cancelled").register(registry);
    }

    /** One more request in flight. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** Requests started and not yet answered or cancelled. */
    public long inFlight() {
        return inFlight.get();
    }

    /** The registry (HikariCP binds its pool meters to it). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Registers gauges and counters reading {@code runtime}'s metrics at scrape time. */
    public void bindRuntime(Handle runtime) {
        gauge("weft.runtime.workers", "worker threads", runtime, h -> h.metrics().workers());
        gauge("weft.runtime.tasks.live", "spawned tasks not finished", runtime, h -> h.metrics().liveTasks());
        gauge("weft.runtime.injection.queue.depth", "tasks in the global queue", runtime,
                h -> h.metrics().injectionQueueDepth());
        gauge("weft.runtime.local.queue.depth", "tasks in the workers' local queues", runtime,
                h -> h.metrics().localQueueDepths().stream().mapToInt(Integer::intValue).sum());
        gauge("weft.runtime.blocking.threads", "threads in the blocking pool", runtime, h -> h.metrics().blockingThreads());
        counter("weft.runtime.tasks.spawned", "tasks spawned", runtime, h -> h.metrics().spawnedTasks());
        counter("weft.runtime.polls", "task polls", runtime, h -> h.metrics().polls());
        counter("weft.runtime.steals", "steals between workers", runtime, h -> h.metrics().steals());
        counter("weft.runtime.parks", "worker parks", runtime, h -> h.metrics().parks());
    }

    private void gauge(String name, String help, Handle h, ToDoubleFunction<Handle> f) {
        Gauge.builder(name, h, f).description(help).register(registry);
    }

    private void counter(String name, String help, Handle h, ToDoubleFunction<Handle> f) {
        FunctionCounter.builder(name, h, f).description(help).register(registry);
    }

    /** Records one request, which is no longer in flight. */
    public void record(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        Timer t = timers.get(key);
        if (t == null) {
            t = timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                    .description("HTTP requests by method, route template and status")
                    .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
        inFlight.decrementAndGet(); // after the timer: once in-flight reads 0, every finished request is counted
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
