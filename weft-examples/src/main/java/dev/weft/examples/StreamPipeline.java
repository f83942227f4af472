package dev.weft.examples;

import dev.weft.stream.Stream;
import dev.weft.stream.Streams;
import dev.weft.future.Futures;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The seed's "Advanced Pattern 5: Streams and Async Iterators": a lazy pipeline with an async step.
 *
 * <pre>{@code
 * let stream = stream::iter(0..5)
 *     .then(|i| async move {
 *         tokio::time::sleep(Duration::from_millis(100)).await;
 *         i * 2
 *     })
 *     .filter(|x| std::future::ready(x % 2 == 0))
 *     .map(|x| x + 1);
 *
 * let results: Vec<_> = stream.collect().await;
 * println!("Results: {:?}", results);
 * }</pre>
 *
 * <p>futures-rs's {@code filter} takes an async predicate; Weft's is {@link Stream#filterAsync} (its
 * {@code filter} takes a plain one), and {@code std::future::ready} is {@link Futures#ready}. The {@code then}
 * step's {@code async move { sleep.await; i * 2 }} is the sleep future mapped to {@code i * 2}, so the pipeline
 * needs no thread at all. {@code stream::iter(0..5)} is {@link Streams#range}.
 */
public final class StreamPipeline implements Example {

    @Override
    public String name() {
        return "stream-pipeline";
    }

    @Override
    public String summary() {
        return "Pattern 5: streams - iter(0..5).then(sleep; x*2).filter(even).map(x+1).collect()";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            // Create a stream of integers
            Stream<Long> stream = Streams.range(0, 5)
                    .then(i -> Time.sleep(Duration.ofMillis(100)).map(slept -> i * 2))
                    .filterAsync(x -> Futures.ready(x % 2 == 0))
                    .map(x -> x + 1);

            // Consume the stream
            List<Long> results = stream.collect().await();
            out.println("Results: " + results);
        });
    }

    public static void main(String[] args) {
        new StreamPipeline().run(System.out, Clock.REAL);
    }
}
