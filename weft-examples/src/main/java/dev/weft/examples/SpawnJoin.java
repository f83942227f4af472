package dev.weft.examples;

import dev.weft.future.Future;
import dev.weft.future.Async;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's "Advanced Pattern 2: Task Spawning and Join Handles": spawn two independent tasks, do other work,
 * then wait for their results.
 *
 * <pre>{@code
 * let handle1 = tokio::spawn(async { expensive_computation().await });
 * let handle2 = tokio::spawn(async { fetch_data().await });
 * println!("Working...");
 * let result1 = handle1.await.unwrap();
 * let result2 = handle2.await.unwrap();
 * println!("Results: {:?}, {:?}", result1, result2);
 *
 * async fn fetch_data() -> String {
 *     tokio::time::sleep(Duration::from_millis(500)).await; // Simulate network request
 *     "data".to_string()
 * }
 * }</pre>
 */
public final class SpawnJoin implements Example {

    /** A CPU-bound computation written as a poll-based future that yields every 10,000 steps. */
    static Future<Long> expensiveComputation() {
        return new Future<>() {
            long i;
            long sum;

            @Override
            public dev.weft.future.Poll<Long> poll(dev.weft.future.Context cx) {
                for (int step = 0; step < 10_000 && i < 1_000_000; step++, i++) sum += i;
                if (i < 1_000_000) {
                    cx.waker().wake(); // yield: let other tasks run, then continue
                    return dev.weft.future.Poll.pending();
                }
                return dev.weft.future.Poll.ready(sum);
            }
        };
    }

    /** {@code async fn fetch_data() -> String}: simulates a network request of 500 ms. */
    static Future<String> fetchData() {
        return Async.async(() -> {
            Time.sleep(Duration.ofMillis(500)).await(); // Simulate network request
            return "data";
        });
    }

    @Override
    public String name() {
        return "spawn-join";
    }

    @Override
    public String summary() {
        return "Pattern 2: task spawning and join handles - two tasks run while main works, then join";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            JoinHandle<Long> handle1 = Tasks.spawn(expensiveComputation());
            JoinHandle<String> handle2 = Tasks.spawnAsync(() -> fetchData().await());
            out.println("Working...");
            long result1 = handle1.await();
            String result2 = handle2.await();
            out.println("Results: " + result1 + ", \"" + result2 + "\"");
        });
    }

    public static void main(String[] args) throws Exception {
        new SpawnJoin().run(System.out, Clock.REAL);
    }
}
