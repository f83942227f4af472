package dev.weft.examples;

import dev.weft.future.Futures;
import dev.weft.future.Select;
import dev.weft.sync.Mpsc;
import dev.weft.task.Tasks;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@link SelectLoop} with one reusable timer: the sleep is created once, shared with each select through
 * {@link Futures#byRef} (Rust's {@code tokio::pin!(sleep)} and {@code &mut sleep}), and {@link Sleep#reset
 * reset} to one second from now after each message.
 *
 * <pre>{@code
 * let sleep = sleep(Duration::from_secs(1));
 * tokio::pin!(sleep);
 * loop {
 *     tokio::select! {
 *         Some(msg) = rx.recv() => {
 *             println!("Received: {}", msg);
 *             sleep.as_mut().reset(Instant::now() + Duration::from_secs(1));
 *         }
 *         _ = &mut sleep => {
 *             println!("Timeout - no message received");
 *             break;
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Why: the seed's loop allocates a new sleep (and a new timer entry) for every message, registers it in the
 * runtime's timer wheel, then cancels it when the message wins, i.e. a timer insert and removal per message. A
 * reset moves the one existing timer entry to its new deadline: no allocation, no timer churn. Behaviour is the
 * same as the seed's: the deadline is one second after the last message (reset after each message, as the seed
 * creates a fresh sleep for each iteration), so the printed output is identical to {@link SelectLoop}'s.
 */
public final class SelectLoopReset implements Example {

    @Override
    public String name() {
        return "select-loop-reset";
    }

    @Override
    public String summary() {
        return "select! with loops, reusing one Sleep via reset (no allocation, no timer churn per message)";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Mpsc.Channel<String> ch = Mpsc.bounded(10);
            Mpsc.Sender<String> tx = ch.sender();
            Mpsc.Receiver<String> rx = ch.receiver();

            Tasks.spawnAsync(() -> {
                try (tx) {
                    for (int i = 0; i < 5; i++) {
                        tx.send("Message " + i).await();
                        Time.sleep(Duration.ofMillis(100)).await();
                    }
                }
                return null;
            });

            Sleep sleep = Time.sleep(Duration.ofSeconds(1)); // created once
            while (true) {
                boolean keepGoing = Select.<Boolean>select()
                        .onSome(rx.recv(), msg -> {
                            out.println("Received: " + msg);
                            return true;
                        })
                        .on(Futures.byRef(sleep), ignored -> { // losing does not cancel the shared sleep
                            out.println("Timeout - no message received");
                            return false; // break
                        })
                        .await();
                if (!keepGoing) break;
                sleep.reset(Time.now().await().plus(Duration.ofSeconds(1))); // restart the timeout, same timer
            }
            sleep.cancel(); // done with it: take its entry out of the wheel (Rust drops it)
        });
    }

    public static void main(String[] args) {
        new SelectLoopReset().run(System.out, Clock.REAL);
    }
}
