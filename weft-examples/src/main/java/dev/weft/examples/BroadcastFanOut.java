package dev.weft.examples;

import dev.weft.future.Futures;
import dev.weft.sync.Broadcast;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's "Broadcast Channels for Fan-Out": every subscriber receives every message.
 *
 * <pre>{@code
 * let (tx, _rx) = broadcast::channel(100);
 *
 * let tx1 = tx.clone();
 * let handle1 = tokio::spawn(async move {
 *     let mut rx1 = tx1.subscribe();
 *     while let Ok(msg) = rx1.recv().await {
 *         println!("Subscriber 1: {}", msg);
 *     }
 * });
 * // handle2 likewise, printing "Subscriber 2: {}"
 *
 * for i in 0..5 {
 *     let _ = tx.send(format!("Message {}", i));
 *     tokio::time::sleep(std::time::Duration::from_millis(100)).await;
 * }
 *
 * let _ = tokio::join!(handle1, handle2);
 * }</pre>
 *
 * <p>Two changes, both fixing bugs of the seed's version:
 * <ul>
 *   <li><b>It never ends.</b> A broadcast receiver's loop ends when every sender is gone, but {@code tx} lives
 *       until the end of {@code main}, and each task even keeps its own clone ({@code tx1}, {@code tx2}) alive
 *       for as long as it runs, so {@code join!} waits forever. Here the tasks hold no sender, and {@code main}
 *       closes {@code tx} after the last send (Rust: {@code drop(tx)}); each subscriber then gets
 *       {@code Closed} (Rust's {@code Err(RecvError::Closed)}) and its loop ends.
 *   <li><b>It can miss messages.</b> Subscribing inside the spawned task races with the first send: a receiver
 *       sees only messages sent after it subscribed. Here {@code main} subscribes before spawning, as Tokio's
 *       own docs do. The unused first receiver ({@code _rx}) is closed at once.
 * </ul>
 *
 * <p>Output order: each subscriber prints its messages in order, and both print message {@code i} before
 * message {@code i + 1} is sent (100 ms later), but which subscriber prints message {@code i} first is up to
 * the scheduler.
 */
public final class BroadcastFanOut implements Example {

    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public String summary() {
        return "Broadcast channels for fan-out - two subscribers each receive all 5 messages";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Broadcast.Channel<String> ch = Broadcast.channel(100);
            Broadcast.Sender<String> tx = ch.sender();
            ch.receiver().close(); // _rx

            // Multiple subscribers
            Broadcast.Receiver<String> rx1 = tx.subscribe();
            JoinHandle<Void> handle1 = Tasks.spawnAsync(() -> {
                try (rx1) {
                    while (rx1.recv().await() instanceof Broadcast.Recv.Message<String>(String msg)) {
                        out.println("Subscriber 1: " + msg);
                    }
                }
                return null;
            });

            Broadcast.Receiver<String> rx2 = tx.subscribe();
            JoinHandle<Void> handle2 = Tasks.spawnAsync(() -> {
                try (rx2) {
                    while (rx2.recv().await() instanceof Broadcast.Recv.Message<String>(String msg)) {
                        out.println("Subscriber 2: " + msg);
                    }
                }
                return null;
            });

            // Send to all subscribers
            for (int i = 0; i < 5; i++) {
                tx.send("Message " + i);
                Time.sleep(Duration.ofMillis(100)).await();
            }
            tx.close(); // drop(tx): the subscribers' loops end once they have seen every message

            Futures.join(handle1, handle2).await();
        });
    }

    public static void main(String[] args) {
        new BroadcastFanOut().run(System.out, Clock.REAL);
    }
}
