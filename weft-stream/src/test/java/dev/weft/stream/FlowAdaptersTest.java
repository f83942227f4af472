package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.stream.Probes.ProbeStream;
import dev.weft.test.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlowAdaptersTest {
    private static final Executor DIRECT = Runnable::run;

    /** Records every signal. */
    static final class Recorder<T> implements Flow.Subscriber<T> {
        Flow.Subscription subscription;
        final List<T> items = new ArrayList<>();
        Throwable error;
        int completes;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(T item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            completes++;
        }
    }

    @Test
    void toPublisher_emitsNoMoreThanRequested_andPollsNoMore() {
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1, 2, 3, 4, 5);
        Recorder<Integer> r = new Recorder<>();
        FlowAdapters.toPublisher(src, DIRECT).subscribe(r);
        assertThat(src.polls).isZero(); // nothing before demand
        r.subscription.request(2);
        assertThat(r.items).containsExactly(1, 2);
        assertThat(src.polls).isEqualTo(2);
        r.subscription.request(1);
        assertThat(r.items).containsExactly(1, 2, 3);
        r.subscription.cancel();
        assertThat(src.cancels).isEqualTo(1);
        r.subscription.request(10);
        assertThat(r.items).hasSize(3);
        assertThat(r.error).isNull();
        assertThat(r.completes).isZero();
    }

    @Test
    void toPublisher_pendingStream_resumesOnWake_andCompletes() {
        ProbeStream<Integer> src = new ProbeStream<>();
        Recorder<Integer> r = new Recorder<>();
        FlowAdapters.toPublisher(src, DIRECT).subscribe(r);
        r.subscription.request(Long.MAX_VALUE);
        assertThat(r.items).isEmpty();
        src.push(7); // wakes the drain, which runs on the (direct) executor
        assertThat(r.items).containsExactly(7);
        src.end();
        assertThat(r.completes).isEqualTo(1);
    }

    @Test
    void toPublisher_requestNonPositive_signalsIllegalArgument_rule3_9() {
        ProbeStream<Integer> src = new ProbeStream<Integer>().push(1);
        Recorder<Integer> r = new Recorder<>();
        FlowAdapters.toPublisher(src, DIRECT).subscribe(r);
        r.subscription.request(0);
        assertThat(r.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
        assertThat(src.cancels).isEqualTo(1);
        assertThat(r.items).isEmpty();
    }

    @Test
    void toPublisher_streamFailure_becomesOnError_andSecondSubscriberIsRejected() {
        Flow.Publisher<Integer> p = FlowAdapters.toPublisher(Streams.of(1, 2).map(x -> {
            if (x == 2) throw new IllegalStateException("bad element");
            return x;
        }), DIRECT);
        Recorder<Integer> r = new Recorder<>();
        p.subscribe(r);
        r.subscription.request(5);
        assertThat(r.items).containsExactly(1);
        assertThat(r.error).hasMessage("bad element");
        Recorder<Integer> second = new Recorder<>();
        p.subscribe(second);
        assertThat(second.error).isInstanceOf(IllegalStateException.class);
    }

    /** A publisher driven by the test, recording demand. */
    static final class ManualPublisher implements Flow.Publisher<Integer>, Flow.Subscription {
        Flow.Subscriber<? super Integer> subscriber;
        long outstanding;
        long maxOutstanding;
        final List<Long> requests = new ArrayList<>();
        int cancels;

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> s) {
            subscriber = s;
            s.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            requests.add(n);
            outstanding += n;
            maxOutstanding = Math.max(maxOutstanding, outstanding);
        }

        @Override
        public void cancel() {
            cancels++;
        }

        /** Emits as many as demanded, up to {@code max}, counting from {@code from}. */
        int emit(int from, int max) {
            int i = 0;
            while (outstanding > 0 && i < max) {
                outstanding--;
                subscriber.onNext(from + i++);
            }
            return i;
        }
    }

    @Test
    void fromPublisher_isLazy_prefetches_andRequestsInBatches() {
        ManualPublisher pub = new ManualPublisher();
        Stream<Integer> s = FlowAdapters.fromPublisher(pub, 8);
        assertThat(pub.subscriber).isNull(); // subscribes at the first poll
        TestWaker w = new TestWaker();
        Context cx = new Context(w);
        assertThat(s.pollNext(cx).isPending()).isTrue();
        assertThat(pub.requests).containsExactly(8L);
        int next = 0;
        List<Integer> got = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            next += pub.emit(next, 5);
            got.addAll(Probes.drainReady(s, cx));
        }
        assertThat(got).hasSize(next).isSorted();
        assertThat(pub.maxOutstanding).isLessThanOrEqualTo(8); // never more than the prefetch in flight
        assertThat(pub.requests.subList(1, pub.requests.size())).containsOnly(6L); // batches of 3/4 prefetch
        assertThat(w.wakeCount()).isPositive();
        s.cancel();
        assertThat(pub.cancels).isEqualTo(1);
    }

    @Test
    void fromPublisher_errorAfterBufferedItems_isThrownFromPoll() {
        ManualPublisher pub = new ManualPublisher();
        Stream<Integer> s = FlowAdapters.fromPublisher(pub, 4);
        Context cx = new Context(new TestWaker());
        s.pollNext(cx);
        pub.emit(0, 2);
        pub.subscriber.onError(new IllegalStateException("upstream failed"));
        assertThat(s.pollNext(cx).value()).isEqualTo(0);
        assertThat(s.pollNext(cx).value()).isEqualTo(1);
        assertThatThrownBy(() -> s.pollNext(cx)).hasMessage("upstream failed");
        assertThatThrownBy(() -> FlowAdapters.fromPublisher(pub, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefetch: 0 (expected: > 0)");
    }

    @Test
    void roundTrip_throughVirtualThreadPublisher_keepsOrder() {
        AtomicInteger produced = new AtomicInteger();
        Stream<Long> src = Streams.range(0, 5_000).inspect(x -> produced.incrementAndGet());
        Flow.Publisher<Long> pub = FlowAdapters.toPublisher(src);
        List<Long> out = FlowAdapters.fromPublisher(pub, 16).collect().await();
        assertThat(out).hasSize(5_000).isSorted();
        assertThat(produced).hasValue(5_000);
    }

    @Test
    void roundTrip_cancelStopsTheSource() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger produced = new AtomicInteger();
        Stream<Integer> endless = Streams.pollFn(cx -> StreamPoll.item(produced.incrementAndGet()),
                cancels::incrementAndGet);
        Flow.Publisher<Integer> pub = FlowAdapters.toPublisher(endless);
        List<Integer> first = FlowAdapters.fromPublisher(pub, 4).take(10).collect().await();
        assertThat(first).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (cancels.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait(); // cancel lands async
        assertThat(cancels).hasValue(1);
        assertThat(produced.get()).isLessThanOrEqualTo(10 + 4); // bounded by the prefetch
    }
}
