package dev.weft.micrometer;

import dev.weft.runtime.Handle;
import dev.weft.runtime.RuntimeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer {@link MeterBinder} for one Weft runtime (Reactor's and Tokio-console's runtime metrics, the
 * Micrometer way). Every meter is tagged {@code runtime=<name>} plus the tags given here, and reads a fresh
 * {@link Handle#metrics()} snapshot when the registry samples it (nothing is sampled in between; a snapshot is
 * a few counter reads, taken without stopping the workers).
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>from</th></tr>
 *   <tr><td>{@code weft.runtime.workers}</td><td>gauge</td><td>{@code workers}</td></tr>
 *   <tr><td>{@code weft.runtime.tasks.live}</td><td>gauge</td><td>{@code liveTasks}</td></tr>
 *   <tr><td>{@code weft.runtime.tasks.spawned}</td><td>function counter</td><td>{@code spawnedTasks}</td></tr>
 *   <tr><td>{@code weft.runtime.tasks.finished}, tag {@code outcome=succeeded|failed|cancelled}</td>
 *       <td>function counter</td><td>{@code succeededTasks}, {@code failedTasks}, {@code cancelledTasks}</td></tr>
 *   <tr><td>{@code weft.runtime.polls}</td><td>function counter</td><td>{@code polls}</td></tr>
 *   <tr><td>{@code weft.runtime.steals}</td><td>function counter</td><td>{@code steals}</td></tr>
 *   <tr><td>{@code weft.runtime.parks}</td><td>function counter</td><td>{@code parks}</td></tr>
 *   <tr><td>{@code weft.runtime.queue.injection.depth}</td><td>gauge</td><td>{@code injectionQueueDepth}</td></tr>
 *   <tr><td>{@code weft.runtime.queue.local.depth}, tag {@code worker=<index>}</td><td>gauge</td>
 *       <td>{@code localQueueDepths}</td></tr>
 *   <tr><td>{@code weft.runtime.blocking.threads}</td><td>gauge</td><td>{@code blockingThreads}</td></tr>
 * </table>
 *
 * {@snippet class=dev.weft.micrometer.snippets.MicrometerSnippets region=bind}
 *
 * <p>The meters hold the handle weakly, as Micrometer's function-based meters do: once the runtime is
 * unreachable they report {@code NaN}. A closed runtime keeps reporting its final counts.
 */
public final class WeftMetrics implements MeterBinder {
    private final Handle handle;
    private final Tags tags;

    /**
     * A binder for the runtime of {@code handle}, with extra {@code tags} on every meter.
     *
     * @param handle the runtime's handle ({@code runtime.handle()})
     * @param tags extra tags, e.g. {@code Tags.of("service", "checkout")}
     * @throws NullPointerException when an argument is null
     */
    public WeftMetrics(Handle handle, Iterable<Tag> tags) {
        this.handle = Objects.requireNonNull(handle, "handle");
        this.tags = Tags.of("runtime", handle.name()).and(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * A binder for the runtime of {@code handle}, tagged with the runtime's name only.
     *
     * @param handle the runtime's handle
     * @throws NullPointerException when {@code handle} is null
     */
    public WeftMetrics(Handle handle) {
        this(handle, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        int workers = handle.metrics().workers();
        gauge(registry, "weft.runtime.workers", "Worker threads", "threads", m -> m.workers());
        gauge(registry, "weft.runtime.tasks.live", "Spawned tasks not yet finished", "tasks", m -> m.liveTasks());
        counter(registry, "weft.runtime.tasks.spawned", "Tasks spawned", Tags.empty(), m -> m.spawnedTasks());
        counter(registry, "weft.runtime.tasks.finished", "Tasks finished, by outcome", Tags.of("outcome", "succeeded"),
                m -> m.succeededTasks());
        counter(registry, "weft.runtime.tasks.finished", "Tasks finished, by outcome", Tags.of("outcome", "failed"),
                m -> m.failedTasks());
        counter(registry, "weft.runtime.tasks.finished", "Tasks finished, by outcome", Tags.of("outcome", "cancelled"),
                m -> m.cancelledTasks());
        counter(registry, "weft.runtime.polls", "Task polls", Tags.empty(), m -> m.polls());
        counter(registry, "weft.runtime.steals", "Tasks stolen between workers", Tags.empty(), m -> m.steals());
        counter(registry, "weft.runtime.parks", "Times a worker parked for lack of work", Tags.empty(),
                m -> m.parks());
        gauge(registry, "weft.runtime.queue.injection.depth", "Tasks waiting in the injection queue", "tasks",
                m -> m.injectionQueueDepth());
        for (int i = 0; i < workers; i++) {
            int index = i;
            Gauge.builder("weft.runtime.queue.local.depth", handle,
                            h -> {
                                var depths = h.metrics().localQueueDepths();
                                return index < depths.size() ? depths.get(index) : Double.NaN;
                            })
                    .description("Tasks waiting in a worker's local queue").baseUnit("tasks")
                    .tags(tags).tag("worker", Integer.toString(index)).register(registry);
        }
        gauge(registry, "weft.runtime.blocking.threads", "Threads in the blocking pool", "threads",
                m -> m.blockingThreads());
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit,
            ToDoubleFunction<RuntimeMetrics> f) {
        Gauge.builder(name, handle, h -> f.applyAsDouble(h.metrics())).description(description).baseUnit(unit)
                .tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, Tags extra,
            ToDoubleFunction<RuntimeMetrics> f) {
        FunctionCounter.builder(name, handle, h -> f.applyAsDouble(h.metrics())).description(description)
                .baseUnit("tasks").tags(tags.and(extra)).register(registry);
    }

    @Override
    public String toString() {
        return "WeftMetrics[" + handle.name() + "]";
    }
}
