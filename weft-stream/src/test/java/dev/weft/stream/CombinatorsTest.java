package dev.weft.stream;

import static dev.weft.stream.Probes.cx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Futures;
import dev.weft.stream.Probes.ControlledFuture;
import dev.weft.stream.Probes.ProbeStream;
import dev.weft.test.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CombinatorsTest {

    /** Every combinator must pass cancel() to its upstream exactly once. */
    @Test
    void cancel_propagatesUpstream_throughEveryCombinator() {
        List<Function<Stream<Integer>, Stream<?>>> ops = List.of(
                s -> s.map(x -> x + 1),
                s -> s.filter(x -> true),
                s -> s.filterAsync(x -> Futures.ready(true)),
                s -> s.filterMap(Optional::of),
                s -> s.then(Futures::ready),
                s -> s.flatMap(Streams::once),
                s -> s.take(10),
                s -> s.skip(1),
                s -> s.takeWhile(x -> true),
                s -> s.skipWhile(x -> true),
                s -> s.takeUntil(Futures.pending()),
                s -> s.chain(Streams.empty()),
                s -> s.zip(Streams.repeat(1)),
                s -> s.merge(Streams.pending()),
                Stream::enumerate,
                s -> s.inspect(x -> {}),
                s -> s.scan(0, Integer::sum),
                Stream::peekable,
                s -> s.chunks(3),
                s -> s.buffered(2, Futures::ready),
                s -> s.bufferUnordered(2, Futures::ready),
                Stream::fuse,
                s -> s.mapToLong(x -> x).boxed());
        for (int i = 0; i < ops.size(); i++) {
            ProbeStream<Integer> src = new ProbeStream<Integer>().push(1);
            Stream<?> s = ops.get(i).apply(src);
            assertThat(src.polls).as("op %d is lazy", i).isZero();
            s.pollNext(cx());
            s.pollNext(cx());
            s.cancel();
            assertThat(src.cancels).as("op %d cancels its upstream once", i).isEqualTo(1);
        }
    }

    @Test
    void map_filter_filterMap_inspect() {
        List<Integer> seen = new ArrayList<>();
        assertThat(Streams.range(0, 10).map(Long::intValue).filter(x -> x % 2 == 0)
                .filterMap(x -> x == 4 ? Optional.empty() : Optional.of("n" + x)).inspect(x -> seen.add(x.length()))
                .collect().await()).containsExactly("n0", "n2", "n6", "n8");
        assertThat(seen).hasSize(4);
        assertThatThrownBy(() -> Streams.of(1).map(x -> null).collect().await())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("null");
    }

    @Test
    void filter_rejectingEverything_stillYieldsOnBudget() {
        TestWaker w = new TestWaker();
        Stream<Long> s = Streams.range(0, 1_000_000).filter(x -> false);
        assertThat(s.pollNext(new Context(w, 4)).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
    }

    @Test
    void then_runsOneFutureAtATime_inOrder() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        List<ControlledFuture<String>> futures = new ArrayList<>();
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2);
        Stream<String> s = src.then(x -> {
            ControlledFuture<String> f = new ControlledFuture<>();
            futures.add(f);
            return f;
        });
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(futures).hasSize(1); // the second element is not pulled while the first runs
        futures.get(0).complete("one");
        assertThat(s.pollNext(cx).value()).isEqualTo("one");
        assertThat(s.pollNext(cx).isPending()).isTrue();
        s.cancel();
        assertThat(futures.get(1).cancels).isEqualTo(1);
        assertThat(src.cancels).isEqualTo(1);
    }

    @Test
    void filterAsync_seedPattern() {
        assertThat(Streams.range(0, 5).then(i -> Futures.lazy(() -> i * 2)).filterAsync(x -> Futures.ready(x % 2 == 0))
                .map(x -> x + 1).collect().await()).containsExactly(1L, 3L, 5L, 7L, 9L);
        assertThat(Streams.of(1, 2, 3, 4).filterAsync(x -> Futures.lazy(() -> x > 2)).collect().await())
                .containsExactly(3, 4);
    }

    @Test
    void flatMap_and_flatten_concatenateInnerStreams() {
        assertThat(Streams.of(1, 2, 3).flatMap(x -> Streams.repeat(x).take(x)).collect().await())
                .containsExactly(1, 2, 2, 3, 3, 3);
        assertThat(Streams.flatten(Streams.of(Streams.of("a"), Streams.<String>empty(), Streams.of("b", "c")))
                .collect().await()).containsExactly("a", "b", "c");
        ProbeStream<Integer> inner = new ProbeStream<>();
        ProbeStream<Integer> outer = new ProbeStream<Integer>().push(0);
        Stream<Integer> s = outer.flatMap(x -> inner);
        assertThat(s.pollNext(cx()).isPending()).isTrue();
        s.cancel();
        assertThat(inner.cancels).isEqualTo(1);
        assertThat(outer.cancels).isEqualTo(1);
    }

    @Test
    void take_cancelsUpstreamWhenDone_withoutPollingFurther() {
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2, 3, 4);
        Stream<Integer> s = src.take(2);
        assertThat(s.collect().await()).containsExactly(1, 2);
        assertThat(src.polls).isEqualTo(2);
        assertThat(src.cancels).isEqualTo(1);
        ProbeStream<Integer> src0 = new ProbeStream<Integer>().push(1);
        assertThat(src0.take(0).collect().await()).isEmpty();
        assertThat(src0.polls).isZero();
        assertThat(src0.cancels).isEqualTo(1);
        ProbeStream<Integer> shortSrc = new ProbeStream<Integer>().push(1).end();
        assertThat(shortSrc.take(5).collect().await()).containsExactly(1);
        assertThat(shortSrc.cancels).isZero(); // ended on its own: nothing to release
    }

    @Test
    void skip_takeWhile_skipWhile() {
        assertThat(Streams.range(0, 6).skip(4).collect().await()).containsExactly(4L, 5L);
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2, 5, 1);
        assertThat(src.takeWhile(x -> x < 3).collect().await()).containsExactly(1, 2);
        assertThat(src.cancels).isEqualTo(1);
        assertThat(Streams.of(1, 2, 5, 1).skipWhile(x -> x < 3).collect().await()).containsExactly(5, 1);
    }

    @Test
    void takeUntil_endsWhenStopCompletes_andCancelsUpstream() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        ControlledFuture<Void> stop = new ControlledFuture<>();
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1);
        Stream<Integer> s = src.takeUntil(stop);
        assertThat(s.pollNext(cx).value()).isEqualTo(1);
        assertThat(s.pollNext(cx).isPending()).isTrue();
        stop.complete(null);
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(src.cancels).isEqualTo(1);
        assertThat(stop.cancels).isZero();

        ControlledFuture<Void> stop2 = new ControlledFuture<>();
        assertThat(Streams.of(1, 2).takeUntil(stop2).collect().await()).containsExactly(1, 2);
        assertThat(stop2.cancels).isEqualTo(1); // upstream ended first: stop is released
    }

    @Test
    void chain_runsSecondAfterFirst_andCancelsBoth() {
        assertThat(Streams.of(1, 2).chain(Streams.of(3)).collect().await()).containsExactly(1, 2, 3);
        ProbeStream<Integer> a = new ProbeStream<>();
        ProbeStream<Integer> b = new ProbeStream<>();
        Stream<Integer> s = a.chain(b);
        s.pollNext(cx());
        s.cancel();
        assertThat(a.cancels).isEqualTo(1);
        assertThat(b.cancels).isEqualTo(1);
    }

    @Test
    void zip_pairsInStep_andCancelsTheOtherAtEnd() {
        assertThat(Streams.of("a", "b", "c").zip(Streams.range(0, 2)).collect().await())
                .containsExactly(Pair.of("a", 0L), Pair.of("b", 1L));
        ProbeStream<Integer> left = new ProbeStream<Integer>().push(1);
        ProbeStream<Integer> right = new ProbeStream<>();
        Stream<Pair<Integer, Integer>> s = left.zip(right);
        Context cx = cx();
        assertThat(s.pollNext(cx).isPending()).isTrue();
        right.push(10);
        assertThat(s.pollNext(cx).value()).isEqualTo(Pair.of(1, 10));
        left.end();
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(right.cancels).isEqualTo(1);
        assertThat(left.cancels).isZero();
    }

    @Test
    void merge_isFair_andEndsWhenAllEnd() {
        Stream<String> s = Streams.merge(Streams.repeat("a"), Streams.repeat("b"), Streams.repeat("c")).take(6);
        assertThat(s.collect().await()).containsExactly("a", "b", "c", "a", "b", "c");
        assertThat(Streams.of(1, 2).merge(Streams.of(3)).collect().await()).containsExactlyInAnyOrder(1, 2, 3);
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        ProbeStream<Integer> a = new ProbeStream<>();
        ProbeStream<Integer> b = new ProbeStream<>();
        Stream<Integer> m = a.merge(b);
        assertThat(m.pollNext(cx).isPending()).isTrue();
        assertThat(a.hasWaker() && b.hasWaker()).isTrue();
        b.push(7);
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(m.pollNext(cx).value()).isEqualTo(7);
        a.end();
        b.end();
        assertThat(m.pollNext(cx).isEnd()).isTrue();
    }

    @Test
    void enumerate_scan_chunks() {
        assertThat(Streams.of("x", "y").enumerate().collect().await())
                .containsExactly(new Indexed<>(0, "x"), new Indexed<>(1, "y"));
        assertThat(Streams.of(1, 2, 3).scan(10, Integer::sum).collect().await()).containsExactly(11, 13, 16);
        assertThat(Streams.range(0, 7).chunks(3).collect().await())
                .containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L), List.of(6L));
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1);
        Stream<List<Integer>> c = src.chunks(2);
        assertThat(c.pollNext(cx()).isPending()).isTrue(); // a partial chunk waits
        src.push(2);
        assertThat(c.pollNext(cx()).value()).containsExactly(1, 2);
    }

    @Test
    void peekable_peekDoesNotConsume() {
        Peekable<Integer> p = Streams.of(1, 2).peekable();
        assertThat(p.peek().await()).contains(1);
        assertThat(p.peek().await()).contains(1);
        assertThat(p.next().await()).contains(1);
        assertThat(p.peek().await()).contains(2);
        assertThat(p.collect().await()).containsExactly(2);
        assertThat(Streams.empty().peekable().peek().await()).isEmpty();
    }

    @Test
    void peek_cancelled_losesNothing() {
        ProbeStream<Integer> src = new ProbeStream<>();
        Peekable<Integer> p = src.peekable();
        var peek = p.peek();
        assertThat(peek.poll(cx()).isPending()).isTrue();
        peek.cancel();
        assertThat(src.cancels).isZero(); // the stream is borrowed
        src.push(5);
        assertThat(p.next().await()).contains(5);
    }

    @Test
    void fuse_stopsPollingAfterEnd() {
        int[] calls = {0};
        Stream<Integer> raw = cx -> {
            calls[0]++;
            return calls[0] == 1 ? StreamPoll.end() : StreamPoll.item(9); // misbehaves after End
        };
        Stream<Integer> f = raw.fuse();
        assertThat(f.pollNext(cx()).isEnd()).isTrue();
        assertThat(f.pollNext(cx()).isEnd()).isTrue();
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void streamMap_yieldsKeyedValues_removesEndedAndByKey() {
        StreamMap<String, Integer> map = new StreamMap<>();
        ProbeStream<Integer> a = new ProbeStream<Integer>().push(1, 2);
        ProbeStream<Integer> b = new ProbeStream<Integer>().push(10).end();
        map.insert("a", a);
        map.insert("b", b);
        Context cx = cx();
        List<StreamMap.Entry<String, Integer>> got = Probes.drainReady(map, cx);
        assertThat(got).containsExactly(new StreamMap.Entry<>("a", 1), new StreamMap.Entry<>("b", 10),
                new StreamMap.Entry<>("a", 2));
        assertThat(map.keys()).containsExactly("a"); // b ended and was removed
        ProbeStream<Integer> c = new ProbeStream<>();
        assertThat(map.insert("c", c)).isFalse();
        Optional<Stream<Integer>> removed = map.remove("a");
        assertThat(removed).containsSame(a);
        assertThat(a.cancels).isZero(); // removed, not cancelled: the caller owns it
        ProbeStream<Integer> c2 = new ProbeStream<>();
        assertThat(map.insert("c", c2)).isTrue();
        assertThat(c.cancels).isEqualTo(1); // replaced streams are cancelled
        map.cancel();
        assertThat(c2.cancels).isEqualTo(1);
        assertThat(map.isEmpty()).isTrue();
        assertThat(map.pollNext(cx).isEnd()).isTrue();
    }
}
