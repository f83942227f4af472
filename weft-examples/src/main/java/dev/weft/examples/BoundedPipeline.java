package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.stream.Streams;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's "Backpressure: Native (streams)" row of its comparison table, made concrete: 1,000 work items
 * flow through {@code buffer_unordered(8)}, so at most 8 are in flight at any moment, with no task spawned and
 * no queue growing.
 *
 * <pre>{@code
 * let sum: u64 = stream::iter(0..1000)
 *     .map(|i| work(i))
 *     .buffer_unordered(8)
 *     .fold(0, |acc, x| async move { acc + x })
 *     .await;
 * }</pre>
 *
 * <p>Backpressure is the pull: {@code bufferUnordered} polls the source for a new item only when fewer than 8
 * {@code work} futures are running, and the fold pulls results only as fast as it consumes them. Weft's
 * {@code bufferUnordered(n, f)} fuses the {@code map} into it; its {@code fold} takes a plain function.
 */
public final class BoundedPipeline implements Example {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** {@code async fn work(i) -> u64}: 1 ms of simulated I/O, then {@code i * i}. */
    Future<Long> work(long i) {
        return Async.async(() -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Time.sleep(Duration.ofMillis(1)).await();
                return i * i;
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    @Override
    public String name() {
        return "bounded-pipeline";
    }

    @Override
    public String summary() {
        return "Backpressure: native (streams) - 1,000 items through bufferUnordered(8), at most 8 in flight";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        maxInFlight.set(0);
        clock.main(() -> {
            long sum = Streams.range(0, 1000)
                    .bufferUnordered(8, this::work)
                    .fold(0L, Long::sum)
                    .await();
            out.println("Sum: " + sum);
            out.println("Max in flight: " + maxInFlight.get());
        });
    }

    public static void main(String[] args) {
        new BoundedPipeline().run(System.out, Clock.REAL);
    }
}
