package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.stream.Probes.ControlledFuture;
import dev.weft.stream.Probes.ProbeStream;
import dev.weft.test.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TerminalsTest {

    @Test
    void next_borrowsStream_andIsCancelSafe() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        ProbeStream<Integer> src = new ProbeStream<>();
        Future<Optional<Integer>> n = src.next();
        assertThat(n.poll(cx).isPending()).isTrue();
        n.cancel();
        assertThat(src.cancels).isZero();
        src.push(4).end();
        assertThat(src.next().await()).contains(4);
        assertThat(src.next().await()).isEmpty();
    }

    @Test
    void collect_fold_count_reduce() {
        assertThat(Streams.range(0, 4).collect().await()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(Streams.of("a", "b").collect(Collectors.joining(",")).await()).isEqualTo("a,b");
        assertThat(Streams.range(1, 5).fold(0L, Long::sum).await()).isEqualTo(10L);
        assertThat(Streams.range(0, 1000).count().await()).isEqualTo(1000L);
        assertThat(Streams.of(3, 9, 2).reduce(Math::max).await()).contains(9);
        assertThat(Streams.<Integer>empty().reduce(Math::max).await()).isEmpty();
    }

    @Test
    void fold_pendingMidway_resumesWithPartialState() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2);
        Future<Integer> sum = src.fold(0, Integer::sum);
        assertThat(sum.poll(cx).isPending()).isTrue();
        src.push(3).end();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(sum.poll(cx).value()).isEqualTo(6);
    }

    @Test
    void terminals_cancel_cancelTheStream() {
        List<java.util.function.Function<Stream<Integer>, Future<?>>> terminals = List.of(
                Stream::collect, s -> s.collect(Collectors.toSet()), s -> s.fold(0, Integer::sum), Stream::count,
                s -> s.forEach(x -> {}), s -> s.forEachAsync(Futures::ready),
                s -> s.forEachConcurrent(2, Futures::ready), s -> s.any(x -> false), s -> s.all(x -> true),
                s -> s.reduce(Integer::sum));
        for (int i = 0; i < terminals.size(); i++) {
            ProbeStream<Integer> src = new ProbeStream<Integer>().push(1);
            Future<?> f = terminals.get(i).apply(src);
            assertThat(src.polls).as("terminal %d is lazy", i).isZero();
            assertThat(f.poll(new Context(new TestWaker())).isPending()).isTrue();
            f.cancel();
            assertThat(src.cancels).as("terminal %d cancels its stream", i).isEqualTo(1);
        }
    }

    @Test
    void failure_cancelsStream_beforePropagating() {
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2);
        Future<List<Integer>> f = src.map(x -> {
            if (x == 2) throw new IllegalStateException("boom");
            return x;
        }).collect();
        assertThatThrownBy(f::await).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(src.cancels).isEqualTo(1);
    }

    @Test
    void forEach_and_forEachAsync_runInOrder() {
        List<Integer> seen = new ArrayList<>();
        Streams.of(1, 2, 3).forEach(seen::add).await();
        Streams.of(4, 5).forEachAsync(x -> Futures.lazy(() -> seen.add(x))).await();
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void forEachConcurrent_honoursLimit_andCompletesAfterAll() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        List<ControlledFuture<Void>> running = new ArrayList<>();
        Future<Void> f = Streams.range(0, 5).forEachConcurrent(2, x -> {
            ControlledFuture<Void> c = new ControlledFuture<>();
            running.add(c);
            return c;
        });
        assertThat(f.poll(cx).isPending()).isTrue();
        assertThat(running).hasSize(2);
        running.get(1).complete(null);
        assertThat(f.poll(cx).isPending()).isTrue();
        assertThat(running).hasSize(3);
        assertThat(running.get(0).polls).isEqualTo(1); // not woken, not re-polled
        for (int i = 0; i < 5; i++) {
            while (running.size() <= i) assertThat(f.poll(cx).isPending()).isTrue();
            running.get(i).complete(null);
        }
        assertThat(f.poll(cx).isReady()).isTrue();
    }

    @Test
    void forEachConcurrent_cancel_cancelsInFlight() {
        List<ControlledFuture<Void>> running = new ArrayList<>();
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2, 3);
        Future<Void> f = src.forEachConcurrent(2, x -> {
            ControlledFuture<Void> c = new ControlledFuture<>();
            running.add(c);
            return c;
        });
        f.poll(new Context(new TestWaker()));
        f.cancel();
        assertThat(running).hasSize(2).allSatisfy(c -> assertThat(c.cancels).isEqualTo(1));
        assertThat(src.cancels).isEqualTo(1);
        assertThatThrownBy(() -> Streams.of(1).forEachConcurrent(0, Futures::ready))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit: 0 (expected: > 0)");
    }

    @Test
    void any_all_shortCircuit_andCancelTheRest() {
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2, 3);
        assertThat(src.any(x -> x == 2).await()).isTrue();
        assertThat(src.polls).isEqualTo(2);
        assertThat(src.cancels).isEqualTo(1);
        ProbeStream<Integer> src2 = new ProbeStream<Integer>().push(1, 2, 3);
        assertThat(src2.all(x -> x < 2).await()).isFalse();
        assertThat(src2.cancels).isEqualTo(1);
        assertThat(Streams.<Integer>empty().all(x -> false).await()).isTrue();
        assertThat(Streams.of(1).any(x -> false).await()).isFalse();
    }

    @Test
    void blockingIterator_iteratesAndCloseCancels() {
        List<Long> got = new ArrayList<>();
        Streams.range(0, 3).blockingIterator().forEachRemaining(got::add);
        assertThat(got).containsExactly(0L, 1L, 2L);
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2);
        try (BlockingStreamIterator<Integer> it = src.blockingIterator()) {
            assertThat(it.next()).isEqualTo(1);
        }
        assertThat(src.cancels).isEqualTo(1);
    }

    @Test
    void blockingIterator_waitsForAnotherThread() throws Exception {
        java.util.concurrent.SubmissionPublisher<Integer> pub = new java.util.concurrent.SubmissionPublisher<>();
        AtomicInteger sum = new AtomicInteger();
        BlockingStreamIterator<Integer> it = FlowAdapters.fromPublisher(pub, 4).blockingIterator();
        Thread producer = Thread.ofPlatform().start(() -> {
            while (pub.getNumberOfSubscribers() == 0) Thread.onSpinWait();
            for (int i = 1; i <= 100; i++) pub.submit(i);
            pub.close();
        });
        it.forEachRemaining(sum::addAndGet);
        producer.join();
        assertThat(sum).hasValue(5050);
    }

    @Test
    void blockingIterator_onWorkerThread_failsFastWithoutPolling() {
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1);
        try (dev.weft.runtime.WeftRuntime rt = dev.weft.runtime.WeftRuntime.currentThread().build()) {
            // polled by the runtime's own thread: a thread that polls tasks, where blocking is refused
            Throwable failure = rt.blockOn(Futures.lazy(() -> {
                BlockingStreamIterator<Integer> it = src.blockingIterator();
                try {
                    it.hasNext();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }));
            assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("polls tasks");
            assertThat(src.polls).isZero();
        }
    }
}
