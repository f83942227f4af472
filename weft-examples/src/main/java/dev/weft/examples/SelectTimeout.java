package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Select;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's "Advanced Pattern 1: Composing Futures with select!": wait for the first of a one-second sleep and
 * {@code fetch_data()}; only the winner's branch runs, the loser is cancelled (Rust drops it).
 *
 * <pre>{@code
 * tokio::select! {
 *     _ = sleep(Duration::from_secs(1)) => {
 *         println!("Timeout!");
 *     }
 *     result = fetch_data() => {
 *         println!("Got data: {:?}", result);
 *     }
 * }
 *
 * async fn fetch_data() -> String {
 *     // Simulate network request
 *     tokio::time::sleep(Duration::from_millis(500)).await;
 *     "data".to_string()
 * }
 * }</pre>
 *
 * <p>A {@code select!} branch is a block; a {@link Select} branch is a handler returning the select's value
 * ({@code Void} here, as the Rust arms return {@code ()}).
 */
public final class SelectTimeout implements Example {

    /** {@code async fn fetch_data() -> String}. */
    static Future<String> fetchData() {
        return Async.async(() -> {
            // Simulate network request
            Time.sleep(Duration.ofMillis(500)).await();
            return "data";
        });
    }

    @Override
    public String name() {
        return "select-timeout";
    }

    @Override
    public String summary() {
        return "Pattern 1: select! - fetch_data() (500 ms) races a 1 s timeout; the loser is cancelled";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Select.actions() // handlers that return nothing, as the seed's select! arms
                    .on(Time.sleep(Duration.ofSeconds(1)), ignored -> out.println("Timeout!"))
                    .on(fetchData(), result -> out.println("Got data: \"" + result + "\"")) // {:?} quotes it
                    .await();
        });
    }

    public static void main(String[] args) {
        new SelectTimeout().run(System.out, Clock.REAL);
    }
}
