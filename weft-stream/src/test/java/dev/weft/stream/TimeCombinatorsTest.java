package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.runtime.WeftRuntime;
import dev.weft.stream.Probes.ProbeStream;
import dev.weft.stream.wrappers.ReceiverStream;
import dev.weft.sync.Mpsc;
import dev.weft.task.Tasks;
import dev.weft.test.TestWaker;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** throttle, timeout and chunksTimeout on a paused current-thread runtime. */
class TimeCombinatorsTest {

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    private static <T> T onPausedRuntime(Callable<T> body) {
        try (WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build()) {
            return rt.blockOn(Async.async(body));
        }
    }

    /** Polls {@code stream} once by hand with {@code w}, in a context that carries the runtime's ambient state. */
    private static <T> StreamPoll<T> pollOnRuntime(Stream<T> stream, Waker w) {
        Context.Child child = new Context.Child();
        return Futures.<StreamPoll<T>>pollFn(c -> {
            try {
                return Poll.ready(stream.pollNext(child.enter(c, w)));
            } finally {
                child.exit(c);
            }
        }).await();
    }

    /** Every element of {@code s} as "value@offset-ms" from {@code start}, then "end@offset-ms". */
    private static <T> List<String> timeline(Stream<T> s, MonotonicInstant start) {
        List<String> out = new ArrayList<>();
        for (Optional<T> v = s.next().await(); v.isPresent(); v = s.next().await()) {
            out.add(v.get() + "@" + Time.now().await().durationSince(start).toMillis());
        }
        out.add("end@" + Time.now().await().durationSince(start).toMillis());
        return out;
    }

    /** Spawns a producer that sends each {@code (value, at-ms)} pair at its offset, then closes at {@code closeAt}. */
    private static ReceiverStream<Integer> produce(MonotonicInstant start, long closeAt, long... valueAt) {
        Mpsc.Channel<Integer> ch = Mpsc.unbounded();
        Tasks.spawnAsync(() -> {
            for (int i = 0; i < valueAt.length; i += 2) {
                Time.sleepUntil(start.plus(ms(valueAt[i + 1]))).await();
                ch.sender().send((int) valueAt[i]).await();
            }
            Time.sleepUntil(start.plus(ms(closeAt))).await();
            ch.sender().close();
            return null;
        });
        return new ReceiverStream<>(ch.receiver());
    }

    // ---------------------------------------------------------------------------------------------------------
    // throttle

    @Test
    void throttle_spacesReadyElementsOnePeriodApart() {
        List<String> got = onPausedRuntime(() -> {
            MonotonicInstant start = Time.now().await();
            return timeline(Streams.of(1, 2, 3, 4).throttle(ms(100)), start);
        });
        // the end, too, is seen only once the period after the last element has passed (as in tokio-stream)
        assertThat(got).containsExactly("1@0", "2@100", "3@200", "4@300", "end@400");
    }

    @Test
    void throttle_slowUpstream_isNotDelayedFurther() {
        List<String> got = onPausedRuntime(() -> {
            MonotonicInstant start = Time.now().await();
            return timeline(produce(start, 600, 1, 0, 2, 250, 3, 300).throttle(ms(100)), start).subList(0, 3);
        });
        assertThat(got).containsExactly("1@0", "2@250", "3@350");
    }

    @Test
    void throttle_zero_throttlesNothing() {
        List<String> got = onPausedRuntime(() -> timeline(Streams.of(1, 2, 3).throttle(Duration.ZERO), Time.now().await()));
        assertThat(got).containsExactly("1@0", "2@0", "3@0", "end@0");
    }

    @Test
    void throttle_doesNotPollUpstreamDuringThePeriod_andCancelReleasesAll() {
        int[] seen = onPausedRuntime(() -> {
            ProbeStream<Integer> probe = new ProbeStream<Integer>().push(1, 2, 3);
            Stream<Integer> s = probe.throttle(ms(100));
            TestWaker w = new TestWaker();
            assertThat(pollOnRuntime(s, w)).isEqualTo(StreamPoll.item(1));
            assertThat(pollOnRuntime(s, w).isPending()).isTrue();
            int pollsDuringPeriod = probe.polls; // still 1: element 2 stays upstream
            Time.advance(ms(100)).await();
            int wakesAfterPeriod = w.wakeCount();
            assertThat(pollOnRuntime(s, w)).isEqualTo(StreamPoll.item(2));
            assertThat(pollOnRuntime(s, w).isPending()).isTrue(); // next period armed
            s.cancel();
            Time.advance(ms(500)).await();
            return new int[] {pollsDuringPeriod, wakesAfterPeriod, probe.cancels, w.wakeCount()};
        });
        assertThat(seen).containsExactly(1, 1, 1, 1); // no wake after the cancel: the timer is gone
    }

    // ---------------------------------------------------------------------------------------------------------
    // timeout

    @Test
    void timeout_passesTimelyElements_thenFailsOnASlowOne_andCancelsUpstream() {
        Mpsc.Channel<Integer> ch = Mpsc.unbounded();
        List<Object> got = onPausedRuntime(() -> {
            MonotonicInstant start = Time.now().await();
            Tasks.spawnAsync(() -> {
                Time.sleepUntil(start.plus(ms(50))).await();
                ch.sender().send(1).await();
                Time.sleepUntil(start.plus(ms(120))).await();
                ch.sender().send(2).await();
                Time.sleepUntil(start.plus(ms(400))).await();
                ch.sender().trySend(3); // too late: the stream is over and the receiver closed
                return null;
            });
            Stream<Integer> s = new ReceiverStream<>(ch.receiver()).timeout(ms(100));
            List<Object> out = new ArrayList<>();
            out.add(s.next().await().orElseThrow());
            out.add(s.next().await().orElseThrow());
            try {
                s.next().await();
            } catch (TimeoutElapsedException e) {
                out.add(e.timeout() + "@" + Time.now().await().durationSince(start).toMillis());
            }
            out.add(s.next().await()); // ended
            return out;
        });
        assertThat(got).containsExactly(1, 2, "PT0.1S@220", Optional.empty());
        assertThat(ch.sender().isClosed()).isTrue();
    }

    @Test
    void timeout_clockStartsAtThePollAfterThePreviousElement() {
        List<String> got = onPausedRuntime(() -> {
            MonotonicInstant start = Time.now().await();
            Stream<Integer> s = produce(start, 650, 1, 0, 2, 550, 3, 600).timeout(ms(100));
            assertThat(s.next().await()).contains(1);
            Time.sleep(ms(500)).await(); // a slow consumer is not charged to the upstream
            return timeline(s, start);
        });
        assertThat(got).containsExactly("2@550", "3@600", "end@650");
    }

    @Test
    void timeout_readyElements_andEnd_passThrough() {
        List<String> got = onPausedRuntime(() -> timeline(Streams.of(1, 2).timeout(ms(10)), Time.now().await()));
        assertThat(got).containsExactly("1@0", "2@0", "end@0");
    }

    @Test
    void timeout_cancelWhileWaiting_cancelsUpstreamAndTimer() {
        int[] seen = onPausedRuntime(() -> {
            ProbeStream<Integer> probe = new ProbeStream<>();
            Stream<Integer> s = probe.timeout(ms(100));
            TestWaker w = new TestWaker();
            assertThat(pollOnRuntime(s, w).isPending()).isTrue();
            s.cancel();
            s.cancel(); // idempotent
            Time.advance(ms(500)).await();
            return new int[] {probe.cancels, w.wakeCount()};
        });
        assertThat(seen).containsExactly(1, 0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // chunksTimeout

    @Test
    void chunksTimeout_fullChunksAtOnce_partialOneWindowAfterItsFirstElement() {
        List<String> got = onPausedRuntime(() -> {
            MonotonicInstant start = Time.now().await();
            return timeline(produce(start, 300, 1, 0, 2, 0, 3, 0, 4, 250, 5, 260).chunksTimeout(2, ms(100)), start);
        });
        assertThat(got).containsExactly("[1, 2]@0", "[3]@100", "[4, 5]@260", "end@300");
    }

    @Test
    void chunksTimeout_endFlushesThePartialChunk() {
        List<String> got = onPausedRuntime(() ->
                timeline(Streams.of(1, 2, 3).chunksTimeout(2, Duration.ofSeconds(10)), Time.now().await()));
        assertThat(got).containsExactly("[1, 2]@0", "[3]@0", "end@0");
    }

    @Test
    void chunksTimeout_cancel_dropsThePartialChunk_andCancelsUpstreamAndTimer() {
        int[] seen = onPausedRuntime(() -> {
            ProbeStream<Integer> probe = new ProbeStream<Integer>().push(1);
            Stream<java.util.List<Integer>> s = probe.chunksTimeout(3, ms(100));
            TestWaker w = new TestWaker();
            assertThat(pollOnRuntime(s, w).isPending()).isTrue(); // [1] gathered, window armed
            s.cancel();
            Time.advance(ms(500)).await();
            return new int[] {probe.cancels, w.wakeCount()};
        });
        assertThat(seen).containsExactly(1, 0);
    }

    @Test
    void chunksTimeout_cancelledNextBetweenChunks_losesNothing() {
        List<List<Integer>> got = onPausedRuntime(() -> {
            MonotonicInstant start = Time.now().await();
            Stream<List<Integer>> s = produce(start, 500, 1, 0, 2, 30, 3, 60, 4, 90).chunksTimeout(10, ms(200));
            List<List<Integer>> out = new ArrayList<>();
            for (;;) {
                Optional<List<Integer>> v;
                try {
                    v = Time.timeout(ms(7), s.next()).await(); // many next() futures cancelled mid-chunk
                } catch (TimeoutElapsedException e) {
                    continue;
                }
                if (v.isEmpty()) return out;
                out.add(v.get());
            }
        });
        assertThat(got).containsExactly(List.of(1, 2, 3, 4));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Misuse

    @Test
    void timeCombinators_rejectBadArguments() {
        Stream<Integer> s = Streams.of(1);
        assertThatThrownBy(() -> s.throttle(ms(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period: PT-0.001S (expected: >= 0)");
        assertThatThrownBy(() -> s.throttle(null)).isInstanceOf(NullPointerException.class).hasMessage("period");
        assertThatThrownBy(() -> s.timeout(ms(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("limit: ");
        assertThatThrownBy(() -> s.timeout(null)).isInstanceOf(NullPointerException.class).hasMessage("limit");
        assertThatThrownBy(() -> s.chunksTimeout(0, ms(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 0 (expected: > 0)");
        assertThatThrownBy(() -> s.chunksTimeout(2, ms(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("window: ");
        assertThatThrownBy(() -> s.chunksTimeout(2, null)).isInstanceOf(NullPointerException.class).hasMessage("window");
    }

    @Test
    void timeCombinators_polledOutsideARuntime_failWithHowToFix() {
        Context plain = new Context(new TestWaker());
        Stream<Integer> throttled = Streams.of(1, 2).throttle(ms(10));
        assertThatThrownBy(() -> throttled.pollNext(plain)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a Weft runtime");
        ProbeStream<Integer> probe = new ProbeStream<>();
        Stream<Integer> timed = probe.timeout(ms(10));
        assertThatThrownBy(() -> timed.pollNext(plain)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a Weft runtime");
        assertThat(probe.cancels).isEqualTo(1); // the failed stream released its upstream
    }
}
