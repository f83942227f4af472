package dev.weft.stream;

import static dev.weft.stream.Probes.cx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.stream.Probes.ControlledFuture;
import dev.weft.test.TestWaker;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamsTest {

    @Test
    void range_yieldsHalfOpenInterval_thenEndForever() {
        Stream<Long> s = Streams.range(3, 7);
        Context cx = cx();
        assertThat(Probes.drainReady(s, cx)).containsExactly(3L, 4L, 5L, 6L);
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(s.pollNext(cx).isEnd()).isTrue(); // fused
        assertThat(Streams.range(5, 5).collect().await()).isEmpty();
        assertThat(Streams.range(5, 1).collect().await()).isEmpty();
    }

    @Test
    void range_spentBudget_yieldsPendingAndWakes() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w, 2); // 2 units = 2 * 32 elements
        Stream<Long> s = Streams.range(0, 1_000);
        List<Long> first = Probes.drainReady(s, cx);
        assertThat(first).hasSize(2 * Streams.ITEMS_PER_BUDGET_UNIT);
        assertThat(w.wakeCount()).isEqualTo(1); // woken so the task comes back after yielding
        cx = new Context(w, 2); // a fresh budget: contexts have no public mutator
        assertThat(Probes.drainReady(s, cx)).first().isEqualTo((long) 2 * Streams.ITEMS_PER_BUDGET_UNIT);
    }

    @Test
    void fromIterable_isLazy_andCancelStops() {
        AtomicInteger iterators = new AtomicInteger();
        Iterable<String> src = () -> {
            iterators.incrementAndGet();
            return List.of("a", "b", "c").iterator();
        };
        Stream<String> s = Streams.fromIterable(src);
        assertThat(iterators).hasValue(0); // nothing before the first poll
        Context cx = cx();
        assertThat(s.pollNext(cx).value()).isEqualTo("a");
        assertThat(iterators).hasValue(1);
        s.cancel();
        s.cancel(); // idempotent
        assertThat(Streams.fromIterable(List.of(1, 2)).collect().await()).containsExactly(1, 2);
    }

    @Test
    void fromIterable_nullElement_failsThePoll() {
        Stream<String> s = Streams.fromIterable(java.util.Arrays.asList("a", null));
        assertThat(s.next().await()).contains("a");
        assertThatThrownBy(() -> s.next().await()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("null");
    }

    @Test
    void of_once_empty() {
        assertThat(Streams.of(1, 2, 3).collect().await()).containsExactly(1, 2, 3);
        assertThat(Streams.once("x").collect().await()).containsExactly("x");
        assertThat(Streams.<String>empty().collect().await()).isEmpty();
        assertThatThrownBy(() -> Streams.of("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("elements[1]");
    }

    @Test
    void pending_neverYields() {
        TestWaker w = new TestWaker();
        Stream<Integer> s = Streams.pending();
        assertThat(s.pollNext(new Context(w)).isPending()).isTrue();
        s.cancel();
    }

    @Test
    void repeat_and_repeatWith_areLazyAndEndless() {
        assertThat(Streams.repeat("z").take(3).collect().await()).containsExactly("z", "z", "z");
        AtomicInteger calls = new AtomicInteger();
        Stream<Integer> s = Streams.repeatWith(calls::incrementAndGet);
        assertThat(calls).hasValue(0);
        assertThat(s.take(4).collect().await()).containsExactly(1, 2, 3, 4);
        assertThat(calls).hasValue(4); // pulled exactly as many as taken
    }

    @Test
    void iterate_appliesFunctionLazily() {
        AtomicInteger calls = new AtomicInteger();
        Stream<Integer> s = Streams.iterate(1, x -> {
            calls.incrementAndGet();
            return x * 2;
        });
        assertThat(s.take(5).collect().await()).containsExactly(1, 2, 4, 8, 16);
        assertThat(calls).hasValue(4);
    }

    @Test
    void unfold_runsAsyncStateMachine() {
        Stream<Integer> s = Streams.unfold(0, st -> Futures.lazy(() ->
                st < 4 ? Optional.of(Pair.of(st * 10, st + 1)) : Optional.empty()));
        assertThat(s.collect().await()).containsExactly(0, 10, 20, 30);
    }

    @Test
    void unfold_cancel_cancelsStepInFlight() {
        ControlledFuture<Optional<Pair<String, Integer>>> step = new ControlledFuture<>();
        Stream<String> s = Streams.unfold(0, st -> step);
        assertThat(s.pollNext(cx()).isPending()).isTrue();
        s.cancel();
        assertThat(step.cancels).isEqualTo(1);
    }

    @Test
    void fromFuture_yieldsOnce_andCancelCancelsFuture() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        ControlledFuture<String> f = new ControlledFuture<>();
        Stream<String> s = Streams.fromFuture(f);
        assertThat(f.polls).isZero(); // lazy
        assertThat(s.pollNext(cx).isPending()).isTrue();
        f.complete("v");
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(s.pollNext(cx).value()).isEqualTo("v");
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        s.cancel(); // after End: nothing to cancel
        assertThat(f.cancels).isZero();

        ControlledFuture<String> g = new ControlledFuture<>();
        Stream<String> t = Streams.fromFuture(g);
        t.pollNext(cx);
        t.cancel();
        assertThat(g.cancels).isEqualTo(1);
    }

    @Test
    void pollFn_isFused_andRunsOnCancelOnceNotAfterEnd() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger cancels = new AtomicInteger();
        Stream<Integer> s = Streams.pollFn(cx -> calls.incrementAndGet() <= 2
                ? StreamPoll.item(calls.get()) : StreamPoll.end(), cancels::incrementAndGet);
        assertThat(s.collect().await()).containsExactly(1, 2);
        assertThat(s.pollNext(cx()).isEnd()).isTrue();
        assertThat(calls).hasValue(3); // not called after End
        s.cancel();
        assertThat(cancels).hasValue(0);

        Stream<Integer> t = Streams.pollFn(cx -> StreamPoll.pending(), cancels::incrementAndGet);
        t.pollNext(cx());
        t.cancel();
        t.cancel();
        assertThat(cancels).hasValue(1);
    }

    @Test
    void fromPoll_adaptsReceiveStylePoll() {
        Iterator<Poll<Optional<String>>> script = List.of(
                Poll.ready(Optional.of("a")), Poll.<Optional<String>>pending(), Poll.ready(Optional.of("b")),
                Poll.ready(Optional.<String>empty())).iterator();
        AtomicInteger closed = new AtomicInteger();
        Stream<String> s = Streams.fromPoll(cx -> script.next(), closed::incrementAndGet);
        Context cx = cx();
        assertThat(s.pollNext(cx).value()).isEqualTo("a");
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(s.pollNext(cx).value()).isEqualTo("b");
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(s.pollNext(cx).isEnd()).isTrue();
        assertThat(closed).hasValue(0);
    }

    @Test
    void factories_rejectBadArguments() {
        assertThatThrownBy(() -> Streams.fromIterable(null)).isInstanceOf(NullPointerException.class).hasMessage("iterable");
        assertThatThrownBy(() -> Streams.buffered(Streams.empty(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 0 (expected: > 0)");
        assertThatThrownBy(() -> Streams.range(0, 3).take(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: -1 (expected: >= 0)");
        assertThatThrownBy(() -> Streams.range(0, 3).chunks(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n: 0 (expected: > 0)");
        assertThatThrownBy(() -> StreamPoll.item(null)).isInstanceOf(NullPointerException.class);
    }
}
