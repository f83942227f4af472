package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * The seed's "Advanced Pattern 3: Channels for Task Communication": a producer and a consumer task joined by a
 * bounded mpsc channel of 5.
 *
 * <pre>{@code
 * async fn producer(tx: mpsc::Sender<i32>) -> anyhow::Result<()> {
 *     for i in 0..10 {
 *         tx.send(i).await?;
 *         tokio::time::sleep(std::time::Duration::from_millis(100)).await;
 *     }
 *     Ok(())
 * }
 *
 * async fn consumer(mut rx: mpsc::Receiver<i32>) {
 *     while let Some(item) = rx.recv().await {
 *         println!("Consumed: {}", item);
 *     }
 * }
 *
 * #[tokio::main]
 * async fn main() {
 *     let (tx, rx) = mpsc::channel(5);
 *     let producer_handle = tokio::spawn(producer(tx));
 *     let consumer_handle = tokio::spawn(consumer(rx));
 *     let _ = tokio::join!(producer_handle, consumer_handle);
 * }
 * }</pre>
 *
 * <p>{@code tx.send(i).await?} becomes {@code tx.send(i).await()}, which throws {@code SendException} when the
 * receiver is gone. The producer closes its sender when it returns (Rust drops {@code tx}), which ends the
 * consumer's loop once the channel is drained. {@code println!} prints to {@code out}, hence the extra parameter.
 */
public final class ProducerConsumer implements Example {

    /** {@code async fn producer(tx)}. */
    static Future<Void> producer(Mpsc.Sender<Integer> tx) {
        return Async.async(() -> {
            try (tx) {
                for (int i = 0; i < 10; i++) {
                    tx.send(i).await();
                    Time.sleep(Duration.ofMillis(100)).await();
                }
            }
        });
    }

    /** {@code async fn consumer(rx)}. */
    static Future<Void> consumer(Mpsc.Receiver<Integer> rx, PrintStream out) {
        return Async.async(() -> {
            Optional<Integer> item;
            while ((item = rx.recv().await()).isPresent()) {
                out.println("Consumed: " + item.get());
            }
        });
    }

    @Override
    public String name() {
        return "producer-consumer";
    }

    @Override
    public String summary() {
        return "Pattern 3: channels - a producer sends 0..10 into mpsc(5), a consumer prints them";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Mpsc.Channel<Integer> ch = Mpsc.bounded(5);

            // Producer runs independently
            JoinHandle<Void> producerHandle = Tasks.spawn(producer(ch.sender()));

            // Consumer runs independently
            JoinHandle<Void> consumerHandle = Tasks.spawn(consumer(ch.receiver(), out));

            Futures.join(producerHandle, consumerHandle).await();
        });
    }

    public static void main(String[] args) {
        new ProducerConsumer().run(System.out, Clock.REAL);
    }
}
