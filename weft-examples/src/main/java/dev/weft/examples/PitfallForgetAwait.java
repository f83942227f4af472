package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's pitfall 4, "Forgetting to Await": calling an async function without awaiting it only creates a
 * future; nothing runs.
 *
 * <pre>{@code
 * let result = fetch_data();          // just returns a Future, doesn't execute!
 * println!("{:?}", result);           // prints the Future object, not data
 * let result = fetch_data().await;    // actually executes
 * }</pre>
 */
public final class PitfallForgetAwait implements Example {
    private final AtomicInteger runs = new AtomicInteger();

    Future<String> fetchData() {
        return Async.async(() -> {
            runs.incrementAndGet();
            return "data";
        });
    }

    @Override
    public String name() {
        return "pitfall-forget-await";
    }

    @Override
    public String summary() {
        return "Pitfall 4: forgetting to await - a future that is never awaited never runs";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Future<String> bad = fetchData(); // Bad: not awaited
            out.println("Bad:  result = " + bad + " - a Future, not data; fetch_data ran " + runs.get() + " times");
            String good = fetchData().await(); // Good: awaited
            out.println("Good: " + good + "; fetch_data ran " + runs.get() + " time");
            bad.cancel(); // a future that will never be polled is dropped
        });
    }

    public static void main(String[] args) throws Exception {
        new PitfallForgetAwait().run(System.out, Clock.REAL);
    }
}
