package dev.weft.future.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Join2;
import dev.weft.future.Poll;
import dev.weft.future.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The examples that {@link Select}'s and {@link Futures#join}'s javadoc pull in; each runs as a test. Until
 * dev.weft.time and dev.weft.sync exist, {@link #sleep} and {@link Channel} are small hand-written stand-ins
 * (a JDK delayed executor and a queue with an {@link AtomicWaker}).
 */
class SelectSnippets {

    @Test
    void pattern1() {
        // @start region=pattern1
        String out = Select.firstOf() // the result type is the first handler's: String
                .on(sleep(Duration.ofSeconds(1)), ignored -> "Timeout!")
                .on(fetchData(), data -> "Got data: " + data)
                .await();
        assertThat(out).isEqualTo("Got data: data");
        // @end
    }

    @Test
    void selectLoop() {
        List<String> printed = new ArrayList<>();
        // @start region=selectLoop
        Channel<String> ch = new Channel<>();
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 5; i++) ch.send("Message " + i);
            ch.close(); // Rust: tx dropped; recv() now yields None once drained
        });

        while (true) {
            boolean received = Select.firstOf()
                    .onSome(ch.recv(), msg -> {
                        printed.add("Received: " + msg);
                        return true;
                    })
                    .on(sleep(Duration.ofMillis(100)), timeout -> {
                        printed.add("Timeout - no message received");
                        return false;
                    })
                    .await();
            if (!received) break;
        }
        // @end
        assertThat(printed).containsExactly("Received: Message 0", "Received: Message 1", "Received: Message 2",
                "Received: Message 3", "Received: Message 4", "Timeout - no message received");
    }

    @Test
    void cancellation() {
        List<Integer> steps = new CopyOnWriteArrayList<>();
        // @start region=cancellation
        Future<Void> task = Async.async(() -> { // stands for tokio::spawn(async { ... }); a JoinHandle later
            for (int i = 0; i < 100; i++) {
                steps.add(i); // "Working on step {i}"
                sleep(Duration.ofMillis(100)).await();
            }
        });

        String outcome = Select.<String>select()
                .on(Futures.byRef(task), done -> "Task completed")
                .on(sleep(Duration.ofMillis(250)), timeout -> {
                    task.cancel(); // handle.abort(): force the task to stop
                    return "Cancelled!";
                })
                .await();
        assertThat(outcome).isEqualTo("Cancelled!");
        // @end
        assertThat(steps).isNotEmpty().hasSizeLessThan(100);
    }

    @Test
    void actions() {
        List<String> printed = new ArrayList<>();
        // @start region=actions
        // tokio::select! { _ = sleep(1s) => println!("Timeout!"), result = fetch_data() => println!(...) }
        Select.actions()
                .on(sleep(Duration.ofSeconds(1)), ignored -> printed.add("Timeout!"))
                .on(fetchData(), result -> printed.add("Got data: " + result))
                .await();
        // @end
        assertThat(printed).containsExactly("Got data: data");
    }

    @Test
    void typed() {
        // @start region=typed
        // the first handler returns null, so name the result type: a witness, or an assignment
        String first = Select.<String>select()
                .on(fetchNothing(), ignored -> null)
                .on(fetchData(), data -> data)
                .await();
        Select<Integer> sizes = Select.select();
        for (String s : List.of("a", "bb")) sizes = sizes.on(Futures.ready(s), String::length);
        // @end
        assertThat(first).isEqualTo("data");
        assertThat(sizes.await()).isIn(1, 2);
    }

    private static Future<Void> fetchNothing() {
        return Futures.pending();
    }

    @Test
    void preconditions() {
        // @start region=preconditions
        boolean stillWorking = false;
        Channel<String> closed = new Channel<>();
        closed.close();

        String out = Select.firstOf()
                .on(stillWorking, fetchData(), data -> "data") // data = fetch_data(), if still_working => ...
                .onSome(closed.recv(), msg -> "message")       // Some(msg) = rx.recv() => ... (gets None)
                .otherwise(() -> "nothing left to wait for")   // else => ...
                .await();
        assertThat(out).isEqualTo("nothing left to wait for");
        // @end
    }

    @Test
    void byRef() {
        List<String> printed = new ArrayList<>();
        // @start region=byRef
        // One deadline for the whole loop (Rust: tokio::pin!(sleep) and `_ = &mut sleep =>`).
        Future<Void> deadline = sleep(Duration.ofMillis(100));
        Channel<String> ch = new Channel<>();
        ch.send("a");
        ch.send("b");

        while (true) {
            boolean received = Select.firstOf()
                    .biased()
                    .onSome(ch.recv(), msg -> printed.add(msg))
                    .on(Futures.byRef(deadline), timeout -> false) // losing does not cancel the deadline
                    .await();
            if (!received) break;
        }
        assertThat(printed).containsExactly("a", "b");
        // @end
    }

    @Test
    void join() {
        // @start region=join
        Join2<String, Integer> both = Futures.join(fetchUser(), countOrders()).await();
        assertThat(both).isEqualTo(new Join2<>("ada", 3));

        String summary = both.apply((user, orders) -> user + " has " + orders + " orders");
        assertThat(summary).isEqualTo("ada has 3 orders");

        if (both instanceof Join2<String, Integer>(var user, var orders)) {
            assertThat(user + orders).isEqualTo("ada3");
        }
        // @end
    }

    @Test
    void tryJoin() {
        // @start region=tryJoin
        Future<String> user = fetchUser();
        Future<Integer> orders = Futures.failed(new IllegalStateException("orders service down"));

        assertThatThrownBy(() -> Futures.tryJoin(user, orders).await())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("orders service down"); // the user future was cancelled at once
        // @end
    }

    // ---- stand-ins for the seed's async functions, Tokio's sleep and an mpsc channel ----

    static Future<String> fetchData() {
        return Futures.lazy(() -> "data");
    }

    static Future<String> fetchUser() {
        return Futures.lazy(() -> "ada");
    }

    static Future<Integer> countOrders() {
        return Futures.lazy(() -> 3);
    }

    /** A timer future completed by the JDK's delayed executor; its clock starts at the first poll. */
    static Future<Void> sleep(Duration duration) {
        return new Future<>() {
            final AtomicBoolean fired = new AtomicBoolean();
            final AtomicWaker waker = new AtomicWaker();
            boolean started;

            @Override
            public Poll<Void> poll(Context cx) {
                waker.register(cx.waker());
                if (!started) {
                    started = true;
                    CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                        fired.set(true);
                        waker.wake();
                    });
                }
                return fired.get() ? Poll.ready(null) : Poll.pending();
            }

            @Override
            public void cancel() {
                waker.clear();
            }
        };
    }

    /** An unbounded single-consumer channel; {@code recv()} is cancel-safe (a losing recv takes nothing). */
    static final class Channel<T> {
        private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
        private final AtomicWaker receiver = new AtomicWaker();
        private volatile boolean closed;

        void send(T value) {
            queue.add(value);
            receiver.wake();
        }

        void close() {
            closed = true;
            receiver.wake();
        }

        /** The next value, or empty once the channel is closed and drained. */
        Future<Optional<T>> recv() {
            return new Future<>() {
                @Override
                public Poll<Optional<T>> poll(Context cx) {
                    T v = queue.poll();
                    if (v != null) return Poll.ready(Optional.of(v));
                    receiver.register(cx.waker());
                    boolean wasClosed = closed; // read before the re-check, so no value sent before close is lost
                    v = queue.poll();
                    if (v != null) return Poll.ready(Optional.of(v));
                    return wasClosed ? Poll.ready(Optional.empty()) : Poll.pending();
                }
            };
        }
    }
}
