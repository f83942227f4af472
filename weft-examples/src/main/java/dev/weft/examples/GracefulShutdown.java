package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Select;
import dev.weft.sync.Broadcast;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The seed's "Advanced Pattern 4: Graceful Shutdown": a server loops until a broadcast shutdown signal arrives.
 *
 * <pre>{@code
 * struct Server {
 *     shutdown_tx: broadcast::Sender<()>,
 *     is_running: Arc<AtomicBool>,
 * }
 *
 * impl Server {
 *     fn new() -> Self {
 *         let (shutdown_tx, _) = broadcast::channel(1);
 *         Server { shutdown_tx, is_running: Arc::new(AtomicBool::new(true)) }
 *     }
 *
 *     async fn run(&self) -> anyhow::Result<()> {
 *         let mut shutdown_rx = self.shutdown_tx.subscribe();
 *         let is_running = self.is_running.clone();
 *         loop {
 *             tokio::select! {
 *                 _ = shutdown_rx.recv() => {
 *                     println!("Shutting down...");
 *                     break;
 *                 }
 *                 _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {
 *                     if is_running.load(Ordering::Relaxed) {
 *                         println!("Server running...");
 *                     }
 *                 }
 *             }
 *         }
 *         Ok(())
 *     }
 *
 *     fn shutdown(&self) {
 *         self.is_running.store(false, Ordering::Relaxed);
 *         let _ = self.shutdown_tx.send(());
 *     }
 * }
 *
 * #[tokio::main]
 * async fn main() -> anyhow::Result<()> {
 *     let server = Arc::new(Server::new());
 *     let server_clone = server.clone();
 *     let server_handle = tokio::spawn(async move { server_clone.run().await });
 *     tokio::time::sleep(std::time::Duration::from_secs(3)).await;
 *     server.shutdown();
 *     server_handle.await??;
 *     Ok(())
 * }
 * }</pre>
 *
 * <p>{@code ()} becomes the one-value record {@link Signal}. Java shares objects without {@code Arc}: the task
 * and {@code main} both hold the same {@code Server}.
 *
 * <p><b>The race at 3 s.</b> The server's third one-second sleep and {@code main}'s three-second sleep are due
 * at the same instant. In real time the server's sleeps drift a little late (each starts after the previous
 * one completed and rounds up to the next millisecond), so {@code main} shuts down first and the server prints
 * "Server running..." twice; the {@code is_running} check keeps a late-firing sleep branch quiet once shutdown
 * has begun. On the paused clock the two timers tie exactly, and the server may print a third line before
 * {@code main} runs: the seed's program has this race too.
 */
public final class GracefulShutdown implements Example {

    /** Rust's {@code ()}: the shutdown message carries no data. */
    record Signal() {}

    /** The seed's {@code Server}. */
    static final class Server {
        private final Broadcast.Sender<Signal> shutdownTx;
        private final AtomicBoolean isRunning;
        private final PrintStream out;

        Server(PrintStream out) {
            Broadcast.Channel<Signal> ch = Broadcast.channel(1);
            ch.receiver().close(); // the `_` receiver
            this.shutdownTx = ch.sender();
            this.isRunning = new AtomicBoolean(true);
            this.out = out;
        }

        /** {@code async fn run(&self)}. */
        Future<Void> run() {
            return Async.async(() -> {
                try (Broadcast.Receiver<Signal> shutdownRx = shutdownTx.subscribe()) {
                    AtomicBoolean isRunning = this.isRunning;
                    while (true) {
                        boolean stop = Select.<Boolean>select()
                                .on(shutdownRx.recv(), ignored -> {
                                    out.println("Shutting down...");
                                    return true; // break
                                })
                                .on(Time.sleep(Duration.ofSeconds(1)), ignored -> {
                                    if (isRunning.getOpaque()) { // Ordering::Relaxed
                                        out.println("Server running...");
                                    }
                                    return false;
                                })
                                .await();
                        if (stop) break;
                    }
                }
            });
        }

        /** {@code fn shutdown(&self)}. */
        void shutdown() {
            isRunning.setOpaque(false); // Ordering::Relaxed
            shutdownTx.send(new Signal());
        }
    }

    @Override
    public String name() {
        return "graceful-shutdown";
    }

    @Override
    public String summary() {
        return "Pattern 4: graceful shutdown - a server loops until a broadcast shutdown signal after 3 s";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Server server = new Server(out);

            // Run server
            JoinHandle<Void> serverHandle = Tasks.spawn(server.run());

            // Simulate work
            Time.sleep(Duration.ofSeconds(3)).await();

            // Graceful shutdown
            server.shutdown();

            serverHandle.await(); // throws the server's failure, as `??` propagates it
        });
    }

    public static void main(String[] args) {
        new GracefulShutdown().run(System.out, Clock.REAL);
    }
}
