package dev.weft.examples;

import dev.weft.future.Select;
import dev.weft.sync.Mpsc;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's "Advanced: select! with loops": receive messages until none arrives for a second.
 *
 * <pre>{@code
 * let (tx, mut rx) = mpsc::channel::<String>(10);
 *
 * tokio::spawn(async move {
 *     for i in 0..5 {
 *         let _ = tx.send(format!("Message {}", i)).await;
 *         sleep(std::time::Duration::from_millis(100)).await;
 *     }
 * });
 *
 * loop {
 *     tokio::select! {
 *         Some(msg) = rx.recv() => {
 *             println!("Received: {}", msg);
 *         }
 *         _ = sleep(std::time::Duration::from_secs(1)) => {
 *             println!("Timeout - no message received");
 *             break;
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Java has no drop, so the producer closes its sender when it is done ({@code try (tx)}), which is when Rust
 * drops {@code tx}; from then on {@code recv()} yields {@code Optional.empty()} (Rust's {@code None}), the
 * {@code Some(msg)} branch no longer matches and only the timeout is left. A handler cannot {@code break} out
 * of the Java loop, so it returns whether to keep going. Each iteration creates a fresh one-second sleep, so the
 * timeout restarts after every message (the loser is cancelled, removing its timer at once); see
 * {@link SelectLoopReset} for the same loop with one reusable timer.
 */
public final class SelectLoop implements Example {

    @Override
    public String name() {
        return "select-loop";
    }

    @Override
    public String summary() {
        return "select! with loops - receive until no message arrives for 1 s";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Mpsc.Channel<String> ch = Mpsc.bounded(10);
            Mpsc.Sender<String> tx = ch.sender();
            Mpsc.Receiver<String> rx = ch.receiver();

            Tasks.spawnAsync(() -> {
                try (tx) { // Rust drops tx when the task ends
                    for (int i = 0; i < 5; i++) {
                        tx.send("Message " + i).await();
                        Time.sleep(Duration.ofMillis(100)).await();
                    }
                }
                return null;
            });

            while (true) {
                boolean keepGoing = Select.<Boolean>select()
                        .onSome(rx.recv(), msg -> {
                            out.println("Received: " + msg);
                            return true;
                        })
                        .on(Time.sleep(Duration.ofSeconds(1)), ignored -> {
                            out.println("Timeout - no message received");
                            return false; // break
                        })
                        .await();
                if (!keepGoing) break;
            }
        });
    }

    public static void main(String[] args) {
        new SelectLoop().run(System.out, Clock.REAL);
    }
}
