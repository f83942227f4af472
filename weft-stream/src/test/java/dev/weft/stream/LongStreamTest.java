package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.stream.Probes.ProbeStream;
import dev.weft.test.TestWaker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Correctness of the primitive fast path (not timed: see W14Throughput for the measurement). */
class LongStreamTest {

    @Test
    void w14Shape_computesTheSameAsALoop() {
        long n = 100_000;
        long expected = 0;
        for (long x = 0; x < n; x++) {
            long y = x * 2;
            if (y % 3 == 0) expected += y + 1;
        }
        assertThat(LongStream.range(0, n).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).sum().await())
                .isEqualTo(expected);
        assertThat(Streams.range(0, n).map(x -> x * 2).filter(x -> x % 3 == 0).map(x -> x + 1).fold(0L, Long::sum)
                .await()).isEqualTo(expected);
    }

    @Test
    void range_yieldsOnSpentBudget_andResumesWhereItStopped() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w, 3);
        Future<Long> count = LongStream.range(0, 1_000).count();
        assertThat(count.poll(cx).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        int polls = 1;
        Poll<Long> p;
        do {
            cx = new Context(w, 3); // a fresh budget: contexts have no public mutator
            p = count.poll(cx);
            polls++;
        } while (p.isPending());
        assertThat(p.value()).isEqualTo(1_000L);
        assertThat(polls).isEqualTo((1_000 + 3 * 32 - 1) / (3 * 32)); // 96 elements per poll
    }

    @Test
    void take_boxed_forEach_andCancel() {
        assertThat(LongStream.range(0, 100).take(3).boxed().collect().await()).containsExactly(0L, 1L, 2L);
        List<Long> seen = new ArrayList<>();
        LongStream.range(5, 8).forEach(seen::add).await();
        assertThat(seen).containsExactly(5L, 6L, 7L);
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2, 3);
        Future<Long> sum = src.mapToLong(Integer::longValue).take(2).sum();
        assertThat(sum.await()).isEqualTo(3L);
        assertThat(src.cancels).isEqualTo(1); // take cancelled the upstream
        ProbeStream<Integer> src2 = new ProbeStream<Integer>().push(1);
        Future<Long> pending = src2.mapToLong(Integer::longValue).map(x -> x + 1).sum();
        assertThat(pending.poll(new Context(new TestWaker())).isPending()).isTrue();
        pending.cancel();
        assertThat(src2.cancels).isEqualTo(1);
    }

    @Test
    void pushPath_and_pollPath_shareState() {
        Stream<Long> s = Streams.range(0, 10).map(x -> x + 1).filter(x -> x > 0);
        assertThat(s.next().await()).contains(1L); // pulled
        assertThat(s.fold(0L, Long::sum).await()).isEqualTo(54L); // the rest pushed: 2 + ... + 10
    }

    @Test
    void boxedFold_overReadyRange_yieldsOnSpentBudget() {
        TestWaker w = new TestWaker();
        Context cx = new Context(w, 2);
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        Future<Long> f = Streams.range(0, 1_000).inspect(x -> seen.incrementAndGet()).fold(0L, Long::sum);
        assertThat(f.poll(cx).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(seen).hasValue(2 * Streams.ITEMS_PER_BUDGET_UNIT);
        Poll<Long> p;
        do {
            cx = new Context(w, 2); // a fresh budget: contexts have no public mutator
            p = f.poll(cx);
        } while (p.isPending());
        assertThat(p.value()).isEqualTo(499_500L);
    }
}
