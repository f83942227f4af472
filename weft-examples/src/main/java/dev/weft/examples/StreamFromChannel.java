package dev.weft.examples;

import dev.weft.stream.Stream;
import dev.weft.stream.wrappers.ReceiverStream;
import dev.weft.sync.Mpsc;
import dev.weft.task.Tasks;
import java.io.PrintStream;

/**
 * The seed's "Real-World: Stream from Channel": turn an mpsc receiver into a stream and process it with
 * stream combinators.
 *
 * <pre>{@code
 * let (tx, rx) = mpsc::channel(10);
 *
 * tokio::spawn(async move {
 *     for i in 0..10 {
 *         let _ = tx.send(i).await;
 *     }
 * });
 *
 * // Convert channel receiver to stream
 * let stream = tokio_stream::wrappers::ReceiverStream::new(rx);
 *
 * stream
 *     .map(|x| x * 2)
 *     .filter(|x| std::future::ready(x % 2 == 0))
 *     .for_each(|x| async move {
 *         println!("Processed: {}", x);
 *     })
 *     .await;
 * }</pre>
 *
 * <p>{@code ReceiverStream} is the same adapter as tokio-stream's: cancelling the stream closes the receiver
 * (Rust drops it). The predicate here is synchronous ({@code filter}), as {@code ready(..)} is; the body of
 * {@code for_each} does no awaiting, so {@link Stream#forEach} takes a plain consumer ({@code forEachAsync} is the
 * one for async bodies). The producer closes its sender when done (Rust drops {@code tx}), which ends the stream.
 */
public final class StreamFromChannel implements Example {

    @Override
    public String name() {
        return "stream-from-channel";
    }

    @Override
    public String summary() {
        return "Stream from channel - an mpsc receiver as a stream: map(x*2).filter(even).for_each(print)";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Mpsc.Channel<Integer> ch = Mpsc.bounded(10);
            Mpsc.Sender<Integer> tx = ch.sender();
            Mpsc.Receiver<Integer> rx = ch.receiver();

            Tasks.spawnAsync(() -> {
                try (tx) {
                    for (int i = 0; i < 10; i++) {
                        tx.send(i).await();
                    }
                }
                return null;
            });

            // Convert channel receiver to stream
            Stream<Integer> stream = new ReceiverStream<>(rx);

            stream
                    .map(x -> x * 2)
                    .filter(x -> x % 2 == 0)
                    .forEach(x -> out.println("Processed: " + x))
                    .await();
        });
    }

    public static void main(String[] args) {
        new StreamFromChannel().run(System.out, Clock.REAL);
    }
}
