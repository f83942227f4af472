package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's "Advanced Pattern 6: Timeout and Cancellation", the timeout wrapper: give an operation 2 s; it
 * needs 5 s, so it is cancelled and the timeout reports it.
 *
 * <pre>{@code
 * async fn risky_operation() -> String {
 *     tokio::time::sleep(Duration::from_secs(5)).await;
 *     "Done".to_string()
 * }
 *
 * match timeout(Duration::from_secs(2), risky_operation()).await {
 *     Ok(Ok(result)) => println!("Success: {}", result),
 *     Ok(Err(e)) => println!("Error: {}", e),
 *     Err(_) => println!("Operation timed out!"),
 * }
 * }</pre>
 *
 * <p>The seed's three arms assume that {@code risky_operation} returns a {@code Result} (as written it returns a
 * {@code String}, so {@code Ok(Ok(..))} would not compile). In Weft the outcomes are a value, the operation's own
 * exception, or {@link TimeoutElapsedException}; the three arms become a {@code try} with two {@code catch}es.
 * When the deadline passes, {@code risky_operation()} is cancelled (its virtual thread is interrupted) before
 * the timeout fails.
 */
public final class TimeoutWrapper implements Example {

    /** {@code async fn risky_operation() -> String}. */
    static Future<String> riskyOperation() {
        return Async.async(() -> {
            Time.sleep(Duration.ofSeconds(5)).await();
            return "Done";
        });
    }

    @Override
    public String name() {
        return "timeout";
    }

    @Override
    public String summary() {
        return "Pattern 6: timeout - risky_operation() needs 5 s, the timeout allows 2 s";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            // Timeout wrapper
            try {
                String result = Time.timeout(Duration.ofSeconds(2), riskyOperation()).await();
                out.println("Success: " + result);
            } catch (TimeoutElapsedException elapsed) {
                out.println("Operation timed out!");
            } catch (RuntimeException e) {
                out.println("Error: " + e.getMessage());
            }
        });
    }

    public static void main(String[] args) {
        new TimeoutWrapper().run(System.out, Clock.REAL);
    }
}
