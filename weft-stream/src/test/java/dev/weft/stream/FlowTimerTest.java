package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.runtime.Handle;
import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** toPublisher with streams that use the runtime's timers (StreamPublisher I5). */
class FlowTimerTest {

    /** A subscriber that requests everything and records the outcome. */
    static final class Collecting<T> implements Flow.Subscriber<T> {
        final List<T> items = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }
    }

    private static Stream<Integer> delayed(int n) {
        return Streams.fromIterable(List.of(1, 2, 3).subList(0, n)).then(i -> Time.sleep(Duration.ofMillis(1)).map(v -> i));
    }

    @Test
    void toPublisherWithHandle_timerStream_subscribedFromPlainThread_emitsAll() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Flow.Publisher<Integer> pub = FlowAdapters.toPublisher(delayed(3), rt.handle());
            Collecting<Integer> sub = new Collecting<>();
            pub.subscribe(sub); // this test thread is outside any runtime
            assertThat(sub.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sub.error.get()).isNull();
            assertThat(sub.items).containsExactly(1, 2, 3);
        }
    }

    @Test
    void toPublisher_createdInsideRuntime_throttledStream_emitsAll() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Flow.Publisher<Long> pub = rt.blockOn(dev.weft.future.Futures.lazy(
                    () -> Streams.range(0, 5).throttle(Duration.ofMillis(1)).toPublisher(r -> Thread.startVirtualThread(r))));
            List<Long> back = rt.blockOn(FlowAdapters.fromPublisher(pub, 2).collect());
            assertThat(back).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
    }

    @Test
    void toPublisher_noRuntimeAnywhere_timerStreamSignalsOnError() throws Exception {
        Flow.Publisher<Integer> pub = FlowAdapters.toPublisher(delayed(1));
        Collecting<Integer> sub = new Collecting<>();
        pub.subscribe(sub);
        assertThat(sub.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sub.error.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toPublisherWithHandle_cancelWhileSleeping_cancelsTheStream() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            AtomicInteger cancels = new AtomicInteger();
            CountDownLatch cancelled = new CountDownLatch(1);
            dev.weft.future.Future<Void> sleep = Time.sleep(Duration.ofDays(1));
            CountDownLatch polled = new CountDownLatch(1);
            Stream<Integer> slow = Streams.pollFn(cx -> {
                boolean pending = sleep.poll(cx).isPending(); // needs the runtime's timer wheel
                polled.countDown();
                return pending ? StreamPoll.pending() : StreamPoll.item(1);
            }, () -> {
                sleep.cancel();
                cancels.incrementAndGet();
                cancelled.countDown();
            });
            Collecting<Integer> sub = new Collecting<>();
            FlowAdapters.toPublisher(slow, rt.handle()).subscribe(sub);
            assertThat(polled.await(10, TimeUnit.SECONDS)).isTrue();
            sub.subscription.cancel();
            assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancels).hasValue(1);
            assertThat(sub.items).isEmpty();
            assertThat(sub.error.get()).isNull(); // the sleep registered with the runtime: no "outside" error
        }
    }

    @Test
    void handleTryCurrent_outsideAndInside() {
        assertThat(Handle.tryCurrent()).isEmpty();
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("tc").build()) {
            assertThat(rt.blockOn(dev.weft.future.Futures.lazy(() -> Handle.tryCurrent().map(Handle::name))))
                    .contains("tc");
        }
    }
}
