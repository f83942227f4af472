package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Futures;
import dev.weft.stream.Probes.ControlledFuture;
import dev.weft.stream.Probes.ProbeStream;
import dev.weft.test.TestWaker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferedTest {

    private static List<ControlledFuture<String>> futures(int n) {
        List<ControlledFuture<String>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) fs.add(new ControlledFuture<>());
        return fs;
    }

    @Test
    void buffered_keepsUpstreamOrder_whenFuturesCompleteOutOfOrder() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        List<ControlledFuture<String>> fs = futures(3);
        Stream<String> s = Streams.buffered(Streams.fromIterable(fs), 3);
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(fs).allSatisfy(f -> assertThat(f.polls).isEqualTo(1)); // all three run at once
        fs.get(2).complete("c");
        fs.get(1).complete("b");
        assertThat(w.wakeCount()).isEqualTo(1); // the consumer is woken once; the second wake-up coalesces
        assertThat(s.pollNext(cx).isPending()).isTrue(); // "a" is not done: b and c wait
        assertThat(fs.get(0).polls).isEqualTo(1); // not woken, so not polled again
        fs.get(0).complete("a");
        assertThat(Probes.drainReady(s, cx)).containsExactly("a", "b", "c");
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void bufferUnordered_yieldsInCompletionOrder() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        List<ControlledFuture<String>> fs = futures(3);
        Stream<String> s = Streams.bufferUnordered(Streams.fromIterable(fs), 3);
        assertThat(s.pollNext(cx).isPending()).isTrue();
        fs.get(2).complete("c");
        assertThat(s.pollNext(cx).value()).isEqualTo("c");
        fs.get(0).complete("a");
        fs.get(1).complete("b");
        assertThat(Probes.drainReady(s, cx)).containsExactlyInAnyOrder("a", "b");
        assertThat(s.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void buffered_boundsConcurrency_andPullsOnlyAsNeeded() {
        Context cx = new Context(new TestWaker());
        List<ControlledFuture<String>> fs = futures(5);
        ProbeStream<ControlledFuture<String>> src = new ProbeStream<>();
        fs.forEach(f -> src.push(f));
        Stream<String> s = Streams.bufferUnordered(src, 2);
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(src.polls).isEqualTo(2); // backpressure: only two taken
        assertThat(fs.get(2).polls).isZero();
        fs.get(1).complete("1");
        assertThat(s.pollNext(cx).value()).isEqualTo("1");
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(fs.get(2).polls).isEqualTo(1); // a slot freed: the third started
        assertThat(fs.get(3).polls).isZero();
    }

    @Test
    void buffered_cancel_cancelsInFlightAndUpstream() {
        Context cx = new Context(new TestWaker());
        List<ControlledFuture<String>> fs = futures(3);
        ProbeStream<ControlledFuture<String>> src = new ProbeStream<>();
        fs.forEach(f -> src.push(f));
        Stream<String> s = Streams.buffered(src, 2);
        s.pollNext(cx);
        fs.get(1).complete("done-but-waiting");
        s.pollNext(cx);
        s.cancel();
        assertThat(fs.get(0).cancels).isEqualTo(1);
        assertThat(fs.get(1).cancels).isZero(); // completed already
        assertThat(fs.get(2).cancels).isZero(); // never taken from upstream
        assertThat(src.cancels).isEqualTo(1);
    }

    @Test
    void buffered_mapForm_runsAsyncWork() {
        assertThat(Streams.range(0, 100).buffered(8, x -> Futures.lazy(() -> x * x)).collect().await())
                .hasSize(100).startsWith(0L, 1L, 4L, 9L).endsWith(9801L);
        assertThat(Streams.range(0, 100).bufferUnordered(8, x -> Futures.lazy(() -> x)).count().await())
                .isEqualTo(100L);
    }

    @Test
    void buffered_underThreads_completesEverything() {
        // futures completed from other threads: wake-ups cross threads, await() drives the stream
        List<ControlledThreadFuture> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) fs.add(new ControlledThreadFuture(i));
        Thread t = Thread.ofPlatform().start(() -> fs.forEach(ControlledThreadFuture::complete));
        List<Integer> out = Streams.buffered(Streams.fromIterable(fs), 16).collect().await();
        assertThat(out).hasSize(200).isSorted();
        assertThat(Streams.bufferUnordered(Streams.fromIterable(fs), 16).count().await()).isEqualTo(200L);
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A future completed from another thread (the AtomicWaker pattern). */
    static final class ControlledThreadFuture implements dev.weft.future.Future<Integer> {
        private final int value;
        private volatile boolean done;
        private final dev.weft.future.AtomicWaker waker = new dev.weft.future.AtomicWaker();

        ControlledThreadFuture(int value) {
            this.value = value;
        }

        void complete() {
            done = true;
            waker.wake();
        }

        @Override
        public dev.weft.future.Poll<Integer> poll(Context cx) {
            if (done) return dev.weft.future.Poll.ready(value);
            waker.register(cx.waker());
            return done ? dev.weft.future.Poll.ready(value) : dev.weft.future.Poll.pending();
        }
    }
}
