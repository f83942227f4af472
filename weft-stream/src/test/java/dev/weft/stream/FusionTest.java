package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.test.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stream fusion: a ready chain of synchronous stages runs as one loop in its source (the push path, {@link Push})
 * instead of one poll per element, and must be indistinguishable from the polled chain except for its cost: the
 * same elements in the same order, the same side effects, the same budget yields, the same cancellation.
 */
class FusionTest {

    /** Hides every fast path of {@code s}: a consumer can only poll it, element by element. */
    static <T> Stream<T> polledOnly(Stream<T> s) {
        return new Stream<>() {
            @Override
            public StreamPoll<T> pollNext(Context cx) {
                return s.pollNext(cx);
            }

            @Override
            public void cancel() {
                s.cancel();
            }
        };
    }

    /** Polls {@code f} to completion with {@code budget} per poll, as an executor re-polling a woken task would. */
    static <T> Outcome<T> drive(Future<T> f, int budget) {
        TestWaker w = new TestWaker();
        int polls = 0;
        for (;;) {
            polls++;
            if (polls > 1_000_000) throw new AssertionError("no progress after a million polls");
            Poll<T> p = f.poll(new Context(w, budget));
            if (p instanceof Poll.Ready<T> r) return new Outcome<>(r.value(), polls);
            // every Pending of these chains comes with exactly one wake-up (budget yield or YieldOnce): none lost
            assertThat(w.wakeCount()).as("wake-ups after %d pending polls", polls).isEqualTo(polls);
        }
    }

    record Outcome<T>(T value, int polls) {}

    /** An async step: Pending once (waking its task at once), then Ready with {@code value}. */
    static final class YieldOnce<T> implements Future<T> {
        private final T value;
        private boolean yielded;

        YieldOnce(T value) {
            this.value = value;
        }

        @Override
        public Poll<T> poll(Context cx) {
            if (yielded) return Poll.ready(value);
            yielded = true;
            cx.waker().wake();
            return Poll.pending();
        }
    }

    /** A ready source that counts how it is consumed and whether cancel() re-entered a running drain. */
    static final class CountingSource implements Push.Pushable<Long> {
        private long next;
        private final long end;
        private boolean draining;
        int polls;
        int drains;
        int cancels;
        boolean cancelledInsideDrain;

        CountingSource(long end) {
            this.end = end;
        }

        @Override
        public StreamPoll<Long> pollNext(Context cx) {
            polls++;
            if (next >= end) return StreamPoll.end();
            return StreamPoll.item(next++);
        }

        @Override
        public dev.weft.stream.LongStream.Drained drain(Context cx, Push.Sink<? super Long> sink) {
            drains++;
            draining = true;
            try {
                while (next < end) {
                    if (!sink.accept(next++)) return dev.weft.stream.LongStream.Drained.SINK_FULL;
                }
                return dev.weft.stream.LongStream.Drained.END;
            } finally {
                draining = false;
            }
        }

        @Override
        public void cancel() {
            cancels++;
            if (draining) cancelledInsideDrain = true;
            next = end;
        }
    }

    // ---- seeded random pipelines: fused and polled give identical results ----

    /** The one pipeline {@code seed} describes; {@code polled} hides the push path after every stage. */
    static Stream<Long> randomPipeline(long seed, boolean polled, List<String> log) {
        Random r = new Random(seed);
        int len = r.nextInt(400);
        Stream<Long> s = switch (r.nextInt(4)) {
            case 0 -> Streams.range(r.nextInt(100) - 50, r.nextInt(100) - 50 + len);
            case 1 -> {
                List<Long> values = new ArrayList<>();
                for (int i = 0; i < len; i++) values.add((long) r.nextInt(1000) - 500);
                yield Streams.fromIterable(values);
            }
            case 2 -> {
                Long[] values = new Long[len];
                for (int i = 0; i < len; i++) values[i] = (long) r.nextInt(1000);
                yield Streams.of(values);
            }
            default -> {
                long step = r.nextInt(7) + 1;
                yield Streams.iterate(0L, x -> x + step).take(len);
            }
        };
        int stages = 1 + r.nextInt(6);
        for (int i = 0; i < stages; i++) {
            if (polled) s = polledOnly(s);
            int tag = i;
            long a = r.nextInt(5) + 1;
            long m = r.nextInt(6) + 2;
            long k = r.nextInt(len + 2);
            long t = r.nextInt(1000) - 200;
            s = switch (r.nextInt(14)) {
                case 0 -> s.map(x -> x * a + 1);
                case 1 -> s.filter(x -> Math.floorMod(x, m) != 0);
                case 2 -> s.filterMap(x -> Math.floorMod(x, m) == 1 ? Optional.empty() : Optional.of(x - a));
                case 3 -> s.inspect(x -> log.add(tag + ":" + x));
                case 4 -> s.enumerate().map(ix -> ix.index() * 10_000 + ix.value());
                case 5 -> s.scan(0L, (acc, x) -> acc + x);
                case 6 -> s.take(k);
                case 7 -> s.skip(k);
                case 8 -> s.takeWhile(x -> x < t);
                case 9 -> s.skipWhile(x -> x < t);
                case 10 -> s.fuse();
                case 11 -> s.mapToLong(x -> x * 3).map(x -> x - 1).filter(x -> x % 5 != 0).boxed();
                case 12 -> s.then(x -> new YieldOnce<>(x + 7)); // an async stage: polled, element by element
                default -> s.mapToLong(x -> x).takeWhile(x -> x != t).skip(1).inspect(x -> log.add("L" + x)).boxed();
            };
        }
        return polled ? polledOnly(s) : s;
    }

    @Test
    void randomPipelines_fusedAndPolled_giveIdenticalElementsSideEffectsAndYields() {
        for (long seed = 0; seed < 300; seed++) {
            for (int budget : new int[] {Context.UNCONSTRAINED, 3}) {
                List<String> fusedLog = new ArrayList<>();
                List<String> polledLog = new ArrayList<>();
                Outcome<List<Long>> fused = drive(randomPipeline(seed, false, fusedLog).collect(), budget);
                Outcome<List<Long>> polled = drive(randomPipeline(seed, true, polledLog).collect(), budget);
                String what = "seed " + seed + ", budget " + budget;
                assertThat(fused.value()).as(what).isEqualTo(polled.value());
                assertThat(fusedLog).as(what + ": side effects in order").isEqualTo(polledLog);
                assertThat(fused.polls()).as(what + ": polls (budget yields and async waits)").isEqualTo(polled.polls());
            }
        }
    }

    @Test
    void randomPipelines_otherTerminals_fusedAndPolledAgree() {
        for (long seed = 1000; seed < 1100; seed++) {
            List<String> log = new ArrayList<>();
            long fusedCount = drive(randomPipeline(seed, false, log).count(), 3).value();
            long polledCount = drive(randomPipeline(seed, true, log).count(), 3).value();
            assertThat(fusedCount).as("count, seed %d", seed).isEqualTo(polledCount);
            long fusedSum = drive(randomPipeline(seed, false, log).fold(0L, Long::sum), 3).value();
            long polledSum = drive(randomPipeline(seed, true, log).fold(0L, Long::sum), 3).value();
            assertThat(fusedSum).as("fold, seed %d", seed).isEqualTo(polledSum);
            boolean fusedAny = drive(randomPipeline(seed, false, log).any(x -> x % 7 == 3), 3).value();
            boolean polledAny = drive(randomPipeline(seed, true, log).any(x -> x % 7 == 3), 3).value();
            assertThat(fusedAny).as("any, seed %d", seed).isEqualTo(polledAny);
            boolean fusedAll = drive(randomPipeline(seed, false, log).all(x -> x < 300), 3).value();
            boolean polledAll = drive(randomPipeline(seed, true, log).all(x -> x < 300), 3).value();
            assertThat(fusedAll).as("all, seed %d", seed).isEqualTo(polledAll);
            String fusedJoined = drive(randomPipeline(seed, false, log).collect(Collectors.mapping(String::valueOf,
                    Collectors.joining(","))), 3).value();
            String polledJoined = drive(randomPipeline(seed, true, log).collect(Collectors.mapping(String::valueOf,
                    Collectors.joining(","))), 3).value();
            assertThat(fusedJoined).as("collect(joining), seed %d", seed).isEqualTo(polledJoined);
        }
    }

    @Test
    void randomLongPipelines_matchJavaUtilStream() {
        for (long seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            long from = r.nextInt(200) - 100;
            long to = from + r.nextInt(3000);
            dev.weft.stream.LongStream weft = dev.weft.stream.LongStream.range(from, to);
            java.util.stream.LongStream jdk = java.util.stream.LongStream.range(from, to);
            List<Long> weftPeeked = new ArrayList<>();
            List<Long> jdkPeeked = new ArrayList<>();
            int stages = 1 + r.nextInt(6);
            for (int i = 0; i < stages; i++) {
                long a = r.nextInt(5) + 1;
                long m = r.nextInt(6) + 2;
                long k = r.nextInt(500);
                long t = from + r.nextInt(4000);
                switch (r.nextInt(6)) {
                    case 0 -> {
                        weft = weft.map(x -> x * a - 3);
                        jdk = jdk.map(x -> x * a - 3);
                    }
                    case 1 -> {
                        weft = weft.filter(x -> x % m != 0);
                        jdk = jdk.filter(x -> x % m != 0);
                    }
                    case 2 -> {
                        weft = weft.take(k);
                        jdk = jdk.limit(k);
                    }
                    case 3 -> {
                        weft = weft.skip(k);
                        jdk = jdk.skip(k);
                    }
                    case 4 -> {
                        weft = weft.takeWhile(x -> x < t);
                        jdk = jdk.takeWhile(x -> x < t);
                    }
                    default -> {
                        weft = weft.inspect(weftPeeked::add);
                        jdk = jdk.peek(jdkPeeked::add);
                    }
                }
            }
            long expected = jdk.sum();
            assertThat(drive(weft.sum(), 2).value()).as("seed %d", seed).isEqualTo(expected);
            assertThat(weftPeeked).as("seed %d: inspect saw what peek saw", seed).isEqualTo(jdkPeeked);
        }
    }

    // ---- no poll per element, budget, cancellation ----

    @Test
    void readyChain_runsWithoutAPollPerElement() {
        CountingSource src = new CountingSource(10_000);
        long sum = drive(src.map(x -> x * 2).filter(x -> x % 3 == 0).inspect(x -> {}).fold(0L, Long::sum),
                Context.UNCONSTRAINED).value();
        assertThat(sum).isEqualTo(java.util.stream.LongStream.range(0, 10_000).map(x -> x * 2).filter(x -> x % 3 == 0)
                .sum());
        assertThat(src.polls).as("pollNext calls on the fused path").isZero();
        assertThat(src.drains).isEqualTo(1);

        CountingSource polled = new CountingSource(10_000);
        drive(polledOnly(polled).map(x -> x * 2).filter(x -> x % 3 == 0).fold(0L, Long::sum), Context.UNCONSTRAINED);
        assertThat(polled.polls).as("pollNext calls when the chain cannot fuse").isEqualTo(10_001);
    }

    @Test
    void fusedLoop_overLongReadyRange_yieldsWhenBudgetIsSpent() {
        int[] seen = new int[1];
        Future<Long> f = Streams.range(0, 1_000_000).map(x -> x + 1).inspect(x -> seen[0]++).filter(x -> x > 0)
                .fold(0L, Long::sum);
        TestWaker w = new TestWaker();
        assertThat(f.poll(new Context(w, 4)).isPending()).isTrue();
        assertThat(w.wakeCount()).as("the task is woken to yield, not parked").isEqualTo(1);
        assertThat(seen[0]).isEqualTo(4 * Streams.ITEMS_PER_BUDGET_UNIT);
        Outcome<Long> rest = drive(f, 128);
        assertThat(rest.value()).isEqualTo(1_000_000L * 1_000_001L / 2);
        // each later poll runs 128 budget units of 32 elements, the last one ends the stream without a yield
        assertThat(rest.polls()).isEqualTo((int) Math.ceil((1_000_000 - 128) / (128.0 * 32)));
    }

    @Test
    void fusedLongLoop_yieldsWhenBudgetIsSpent_andResumes() {
        long[] seen = new long[1];
        Future<Long> f = dev.weft.stream.LongStream.range(0, 100_000).inspect(x -> seen[0]++).takeWhile(x -> x >= 0)
                .skip(10).sum();
        TestWaker w = new TestWaker();
        assertThat(f.poll(new Context(w, 2)).isPending()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(seen[0]).isEqualTo(2 * Streams.ITEMS_PER_BUDGET_UNIT);
        assertThat(drive(f, 64).value()).isEqualTo(100_000L * 99_999L / 2 - 45);
    }

    @Test
    void cancel_afterABudgetYield_cancelsTheSourceOnce_andNothingMoreIsPushed() {
        CountingSource src = new CountingSource(Long.MAX_VALUE);
        List<Long> seen = new ArrayList<>();
        Future<Void> f = src.then(x -> new YieldOnce<>(x)).map(x -> x * 2).inspect(seen::add).forEach(x -> {});
        TestWaker w = new TestWaker();
        for (int i = 0; i < 5; i++) assertThat(f.poll(new Context(w, 128)).isPending()).isTrue();
        int before = seen.size();
        f.cancel(); // dropping the terminal mid-stream
        assertThat(src.cancels).isEqualTo(1);
        assertThat(src.cancelledInsideDrain).isFalse();
        f.cancel();
        assertThat(src.cancels).as("idempotent").isEqualTo(1);
        assertThat(seen).hasSize(before);
    }

    @Test
    void take_fused_cancelsUpstreamOnce_afterTheLoopReturned() {
        CountingSource src = new CountingSource(Long.MAX_VALUE);
        assertThat(drive(src.map(x -> x + 1).take(100).count(), Context.UNCONSTRAINED).value()).isEqualTo(100L);
        assertThat(src.cancels).as("take cancels its upstream at the 100th element").isEqualTo(1);
        assertThat(src.cancelledInsideDrain).as("... after the loop returned, not from inside it").isFalse();
        assertThat(src.polls).isZero();
    }

    @Test
    void takeWhile_fused_cancelsUpstreamOutsideTheLoop_andDoesNotPassTheFailingElement() {
        CountingSource src = new CountingSource(1_000);
        List<Long> out = drive(src.takeWhile(x -> x < 10).collect(), Context.UNCONSTRAINED).value();
        assertThat(out).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(src.cancels).isEqualTo(1);
        assertThat(src.cancelledInsideDrain).isFalse();
        assertThat(src.polls).isZero();
    }

    @Test
    void failure_insideFusedLoop_failsTerminal_andCancelsSource() {
        CountingSource src = new CountingSource(1_000);
        Future<Long> f = src.map(x -> {
            if (x == 500) throw new IllegalStateException("boom at 500");
            return x;
        }).fold(0L, Long::sum);
        assertThatThrownBy(() -> f.poll(new Context(new TestWaker()))).isInstanceOf(IllegalStateException.class)
                .hasMessage("boom at 500");
        assertThat(src.cancels).isEqualTo(1);
    }

    @Test
    void take_fusedIntoPullingConsumer_keepsTheLastElement() {
        // boxed() pulls one element per poll from a LongStream: the take's last element must not be lost when
        // the consumer declines more in the same drain that ends the take
        Stream<Long> s = dev.weft.stream.LongStream.range(0, 100).take(3).boxed();
        assertThat(drive(polledOnly(s).collect(), Context.UNCONSTRAINED).value()).containsExactly(0L, 1L, 2L);
        Stream<Long> t = Streams.range(0, 100).take(3);
        assertThat(drive(Streams.range(0, 100).take(3).mapToLong(x -> x).mapToObj(x -> x).zip(t).collect(),
                Context.UNCONSTRAINED).value()).hasSize(3);
    }
}
