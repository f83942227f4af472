package dev.weft.stream.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.stream.BlockingStreamIterator;
import dev.weft.stream.FlowAdapters;
import dev.weft.stream.LongStream;
import dev.weft.stream.Pair;
import dev.weft.stream.Peekable;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamMap;
import dev.weft.stream.Streams;
import dev.weft.stream.wrappers.BroadcastItem;
import dev.weft.stream.wrappers.BroadcastStream;
import dev.weft.stream.wrappers.IntervalStream;
import dev.weft.stream.wrappers.ReceiverStream;
import dev.weft.stream.wrappers.WatchStream;
import dev.weft.future.Async;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Broadcast;
import dev.weft.sync.Mpsc;
import dev.weft.sync.Watch;
import dev.weft.task.Tasks;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.stream's javadoc pulls in; each runs as a test. */
class StreamSnippets {

    @Test
    void pattern5() {
        // @start region=pattern5
        // The seed's pattern 5: stream::iter(0..5).then(async double).filter(ready(even)).map(+1).collect()
        Stream<Long> stream = Streams.range(0, 5)
                .then(i -> Futures.lazy(() -> i * 2))         // async map, one at a time, in order
                .filterAsync(x -> Futures.ready(x % 2 == 0))  // the predicate returns a future
                .map(x -> x + 1);
        List<Long> results = stream.collect().await();       // nothing ran before this line
        assertThat(results).containsExactly(1L, 3L, 5L, 7L, 9L);
        // @end
    }

    @Test
    void map() {
        // @start region=map
        List<String> words = Streams.of("weft", "warp").map(String::toUpperCase).collect().await();
        assertThat(words).containsExactly("WEFT", "WARP");
        // @end
    }

    @Test
    void next() {
        // @start region=next
        Stream<Integer> numbers = Streams.of(1, 2, 3);
        int sum = 0;
        for (Optional<Integer> n = numbers.next().await(); n.isPresent(); n = numbers.next().await()) {
            sum += n.get(); // Rust: while let Some(n) = numbers.next().await
        }
        assertThat(sum).isEqualTo(6);
        // @end
    }

    @Test
    void fold() {
        // @start region=fold
        Future<Long> sumOfSquares = Streams.range(1, 4).map(x -> x * x).fold(0L, Long::sum);
        assertThat(sumOfSquares.await()).isEqualTo(14L);
        // @end
    }

    @Test
    void sources() {
        // @start region=sources
        assertThat(Streams.fromIterable(List.of("a", "b")).collect().await()).containsExactly("a", "b");
        assertThat(Streams.range(0, 3).collect().await()).containsExactly(0L, 1L, 2L);
        assertThat(Streams.iterate(1, x -> x * 3).take(4).collect().await()).containsExactly(1, 3, 9, 27);
        assertThat(Streams.fromFuture(Futures.lazy(() -> "once")).collect().await()).containsExactly("once");
        // @end
    }

    @Test
    void unfold() {
        // @start region=unfold
        // Fibonacci numbers below 50, each step an (item, next state) pair computed by a future
        Stream<Integer> fib = Streams.unfold(Pair.of(0, 1), st -> Futures.lazy(() -> st.first() < 50
                ? Optional.of(Pair.of(st.first(), Pair.of(st.second(), st.first() + st.second())))
                : Optional.empty()));
        assertThat(fib.collect().await()).containsExactly(0, 1, 1, 2, 3, 5, 8, 13, 21, 34);
        // @end
    }

    @Test
    void fromPoll() {
        // @start region=fromPoll
        // A receive-style poll: Ready(Some) = an element, Ready(None) = closed, Pending = nothing yet.
        // Channel receivers adapt the same way: Streams.fromPoll(rx::pollRecv, rx::close).
        ArrayDeque<String> inbox = new ArrayDeque<>(List.of("hello", "world"));
        Stream<String> messages = Streams.fromPoll(
                cx -> Poll.ready(Optional.ofNullable(inbox.poll())), // closed once empty
                () -> inbox.clear());                                // on cancel: release the source
        assertThat(messages.map(m -> m.length()).collect().await()).containsExactly(5, 5);
        // @end
    }

    @Test
    void buffered() {
        // @start region=buffered
        // up to 4 "requests" in flight; results come back in input order
        List<String> pages = Streams.of(1, 2, 3, 4, 5, 6)
                .buffered(4, id -> Futures.lazy(() -> "page-" + id))
                .collect().await();
        assertThat(pages).containsExactly("page-1", "page-2", "page-3", "page-4", "page-5", "page-6");
        // @end
    }

    @Test
    void peekable() {
        // @start region=peekable
        Peekable<String> tokens = Streams.of("let", "x", "=", "1").peekable();
        assertThat(tokens.peek().await()).contains("let"); // look without consuming
        assertThat(tokens.next().await()).contains("let");
        assertThat(tokens.collect().await()).containsExactly("x", "=", "1");
        // @end
    }

    @Test
    void streamMap() {
        // @start region=streamMap
        StreamMap<String, Integer> feeds = new StreamMap<>();
        feeds.insert("a", Streams.of(1, 2));
        feeds.insert("b", Streams.of(10));
        List<String> seen = new ArrayList<>();
        feeds.forEach(e -> seen.add(e.key() + "=" + e.value())).await();
        assertThat(seen).containsExactly("a=1", "b=10", "a=2"); // fair: takes turns
        // @end
    }

    @Test
    void flow() {
        // @start region=flow
        Flow.Publisher<Long> publisher = FlowAdapters.toPublisher(Streams.range(0, 100)); // honours request(n)
        Stream<Long> back = FlowAdapters.fromPublisher(publisher, 32);                    // requests in batches
        assertThat(back.count().await()).isEqualTo(100L);
        // @end
    }

    @Test
    void blockingIterator() {
        // @start region=blockingIterator
        // on a plain thread (never on a runtime worker): a blocking view for legacy code
        List<Long> out = new ArrayList<>();
        try (BlockingStreamIterator<Long> it = Streams.range(0, 3).blockingIterator()) {
            it.forEachRemaining(out::add);
        }
        assertThat(out).containsExactly(0L, 1L, 2L);
        // @end
    }

    @Test
    void longStream() {
        // @start region=longStream
        // W14's shape without boxing: the range loop pushes through every stage
        long sum = LongStream.range(0, 1_000).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum().await();
        assertThat(sum).isEqualTo(334_000L);
        // @end
    }

    /** Runs {@code body} as an async block on a current-thread runtime whose clock starts paused. */
    private static <T> T onPausedRuntime(Callable<T> body) {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            return rt.blockOn(Async.async(body));
        }
    }

    @Test
    void receiverStream() {
        List<Integer> processed = onPausedRuntime(() -> {
            // @start region=receiverStream
            // The seed's "stream from channel": tokio_stream::wrappers::ReceiverStream::new(rx)
            Mpsc.Channel<Integer> ch = Mpsc.bounded(10);
            Tasks.spawnAsync(() -> {
                for (int i = 0; i < 10; i++) ch.sender().send(i).await();
                ch.sender().close(); // the stream ends once the channel is closed and drained
                return null;
            });
            List<Integer> out = new ArrayList<>();
            new ReceiverStream<>(ch.receiver())
                    .map(x -> x * 2)
                    .filter(x -> x % 4 == 0)
                    .forEach(out::add)
                    .await();
            // @end
            return out;
        });
        assertThat(processed).containsExactly(0, 4, 8, 12, 16);
    }

    @Test
    void broadcastStream() {
        // @start region=broadcastStream
        Broadcast.Channel<String> ch = Broadcast.channel(2);
        BroadcastStream<String> events = new BroadcastStream<>(ch.receiver());
        for (String e : List.of("a", "b", "c")) ch.sender().send(e); // "a" is overwritten before it is read
        ch.sender().close();
        List<String> seen = events.map(item -> switch (item) {
            case BroadcastItem.Message<String>(var value) -> value;
            case BroadcastItem.Lagged<String>(var skipped) -> "(missed " + skipped + ")";
        }).collect().await();
        assertThat(seen).containsExactly("(missed 1)", "b", "c");
        // @end
    }

    @Test
    void watchStream() {
        // @start region=watchStream
        Watch.Channel<String> config = Watch.channel("v1");
        WatchStream<String> versions = new WatchStream<>(config.receiver()); // current value first
        assertThat(versions.next().await()).contains("v1");
        config.sender().send("v2");
        config.sender().send("v3"); // a watch keeps only the latest: v2 is skipped
        assertThat(versions.next().await()).contains("v3");
        config.sender().close();
        assertThat(versions.next().await()).isEmpty(); // the sender is gone and every value was seen
        // @end
    }

    @Test
    void intervalStream() {
        List<Duration> offsets = onPausedRuntime(() -> {
            // @start region=intervalStream
            MonotonicInstant start = Time.now().await();
            List<Duration> ticks = new IntervalStream(Time.interval(Duration.ofSeconds(1)))
                    .map(tick -> tick.durationSince(start))
                    .take(3) // take cancels the interval after the third tick
                    .collect().await();
            // @end
            return ticks;
        });
        assertThat(offsets).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void throttle() {
        List<Long> offsets = onPausedRuntime(() -> {
            // @start region=throttle
            MonotonicInstant start = Time.now().await();
            List<Long> sentAtMillis = Streams.of("a", "b", "c")
                    .throttle(Duration.ofMillis(100)) // at most one element per 100 ms; none dropped
                    .then(x -> Time.now().map(now -> now.durationSince(start).toMillis()))
                    .collect().await();
            // @end
            return sentAtMillis;
        });
        assertThat(offsets).containsExactly(0L, 100L, 200L);
    }

    @Test
    void timeout() {
        String outcome = onPausedRuntime(() -> {
            // @start region=timeout
            Mpsc.Channel<String> ch = Mpsc.unbounded();
            ch.sender().trySend("hello"); // then the producer goes quiet
            Stream<String> messages = new ReceiverStream<>(ch.receiver()).timeout(Duration.ofSeconds(5));
            assertThat(messages.next().await()).contains("hello");
            try {
                messages.next().await();
                return "unexpected";
            } catch (TimeoutElapsedException e) {
                // the stream is over; its upstream was cancelled, so the receiver is closed
                return "silent for " + e.timeout() + ", closed: " + ch.sender().isClosed();
            }
            // @end
        });
        assertThat(outcome).isEqualTo("silent for PT5S, closed: true");
    }

    @Test
    void chunksTimeout() {
        List<List<Integer>> batches = onPausedRuntime(() -> {
            // @start region=chunksTimeout
            // batch writes: up to 3 per batch, and no element waits more than 50 ms for its batch
            Mpsc.Channel<Integer> ch = Mpsc.unbounded();
            for (int i = 1; i <= 4; i++) ch.sender().trySend(i);
            Tasks.spawnAsync(() -> {
                Time.sleep(Duration.ofMillis(200)).await();
                ch.sender().close();
                return null;
            });
            List<List<Integer>> out = new ReceiverStream<>(ch.receiver())
                    .chunksTimeout(3, Duration.ofMillis(50))
                    .collect().await();
            // @end
            return out;
        });
        assertThat(batches).containsExactly(List.of(1, 2, 3), List.of(4)); // [4] flushed 50 ms after it arrived
    }

    @Test
    void flowTimer() throws Exception {
        // @start region=flowTimer
        try (dev.weft.runtime.WeftRuntime rt = dev.weft.runtime.WeftRuntime.builder().workerThreads(1).build()) {
            Stream<Long> ticks = Streams.range(0, 3).throttle(java.time.Duration.ofMillis(1)); // uses the timer
            Flow.Publisher<Long> publisher = FlowAdapters.toPublisher(ticks, rt.handle());
            // any Flow subscriber, on any thread: here a Weft stream again, collected outside the runtime
            java.util.List<Long> back = rt.blockOn(FlowAdapters.fromPublisher(publisher, 2).collect());
            assertThat(back).containsExactly(0L, 1L, 2L);
        }
        // @end
    }
}
