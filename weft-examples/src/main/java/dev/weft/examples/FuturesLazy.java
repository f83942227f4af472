package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import java.io.PrintStream;

/**
 * The seed's "Futures: the foundation": an async function returns a future, and nothing runs until it is awaited.
 *
 * <pre>{@code
 * async fn fetch_user(id: u64) -> User { ... }
 * let fut = fetch_user(42);   // creates a Future, does not run it
 * let user = fut.await;       // runs it
 * }</pre>
 */
public final class FuturesLazy implements Example {

    record User(long id, String name) {}

    /** {@code async fn fetch_user(id) -> User}: returns a future; the body runs only when it is awaited. */
    static Future<User> fetchUser(long id, PrintStream out) {
        return Async.async(() -> {
            out.println("  fetch_user(" + id + ") is running now");
            return new User(id, "user-" + id);
        });
    }

    @Override
    public String name() {
        return "futures-lazy";
    }

    @Override
    public String summary() {
        return "Futures: the foundation - creating a future runs nothing; awaiting it does";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Future<User> fut = fetchUser(42, out);
            out.println("created the future: nothing has run yet");
            User user = fut.await();
            out.println("awaited: " + user);
        });
    }

    public static void main(String[] args) throws Exception {
        new FuturesLazy().run(System.out, Clock.REAL);
    }
}
