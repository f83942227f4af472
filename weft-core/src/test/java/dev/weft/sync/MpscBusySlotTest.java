package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A producer that has claimed a slot but not yet published it (held there by the test seam between claim and
 * publication) makes the receiver return {@code Pending}, never spin; the producer wakes the receiver after
 * publishing, so the message is received (no lost wake-up). Tokio's list channel does the same ({@code Busy}).
 */
@Timeout(60)
class MpscBusySlotTest {
    /** Holds the first producer that claims a slot until {@link #release()}. */
    private static final class HeldProducer implements AutoCloseable {
        final CountDownLatch claimed = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Thread thread;

        HeldProducer(Mpsc.Channel<Integer> ch, Runnable send) {
            thread = new Thread(send, "held-producer");
            ch.sender().chan().afterClaimForTesting(() -> {
                if (Thread.currentThread() != thread) return;
                claimed.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
        }

        void awaitClaimed() throws InterruptedException {
            assertThat(claimed.await(30, TimeUnit.SECONDS)).as("producer claimed its slot").isTrue();
        }

        void releaseAndJoin() throws InterruptedException {
            release.countDown();
            thread.join();
        }

        @Override
        public void close() throws InterruptedException {
            releaseAndJoin();
        }
    }

    private static Mpsc.Channel<Integer> channel(String kind) {
        return switch (kind) {
            case "bounded1" -> Mpsc.bounded(1);
            case "bounded4" -> Mpsc.bounded(4);
            case "bounded2AtWrap" -> MpscClaimPathsTest.boundedStartingAt(2, -1); // the held send claims 2^32 - 1
            default -> Mpsc.unbounded();
        };
    }

    /**
     * Runs {@code poll} on another thread and returns its result; fails if it does not return while the
     * producer is held (the old receiver spun there until the publication, i.e. forever in this test).
     */
    private static <T> T offThread(HeldProducer held, Supplier<T> poll) throws Exception {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(poll, r -> new Thread(r, "receiver").start());
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            held.releaseAndJoin(); // lets the spinning receiver finish
            throw new AssertionError("the receiver spun on the claimed slot instead of returning Pending", e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bounded1", "bounded4", "bounded2AtWrap", "unbounded"})
    void recv_producerBetweenClaimAndPublish_returnsPendingThenIsWokenAndReceives(String kind) throws Exception {
        Mpsc.Channel<Integer> ch = channel(kind);
        try (HeldProducer held = new HeldProducer(ch, () -> ch.sender().trySend(1))) {
            held.awaitClaimed();
            TestWaker w = new TestWaker();
            Future<Optional<Integer>> recv = ch.receiver().recv();
            Poll<Optional<Integer>> p = offThread(held, () -> w.poll(recv));
            assertThat(p.isPending()).isTrue();
            assertThat(w.isWoken()).isFalse();
            held.releaseAndJoin();
            assertThat(w.isWoken()).as("the producer wakes the receiver after publishing").isTrue();
            assertThat(w.pollReady(recv)).contains(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bounded1", "bounded4", "bounded2AtWrap", "unbounded"})
    void recvMany_producerBetweenClaimAndPublish_returnsPendingThenIsWokenAndReceives(String kind)
            throws Exception {
        Mpsc.Channel<Integer> ch = channel(kind);
        try (HeldProducer held = new HeldProducer(ch, () -> ch.sender().trySend(7))) {
            held.awaitClaimed();
            TestWaker w = new TestWaker();
            List<Integer> buffer = new ArrayList<>();
            Future<Integer> recv = ch.receiver().recvMany(buffer, 8);
            Poll<Integer> p = offThread(held, () -> w.poll(recv));
            assertThat(p.isPending()).isTrue();
            held.releaseAndJoin();
            assertThat(w.isWoken()).isTrue();
            assertThat(w.pollReady(recv)).isEqualTo(1);
            assertThat(buffer).containsExactly(7);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bounded1", "bounded4", "bounded2AtWrap", "unbounded"})
    void recv_closedWhileASendIsInFlight_waitsForTheMessageBeforeTheEnd(String kind) throws Exception {
        Mpsc.Channel<Integer> ch = channel(kind);
        Mpsc.Sender<Integer> second = ch.sender().clone();
        try (HeldProducer held = new HeldProducer(ch, () -> second.trySend(3))) {
            held.awaitClaimed();
            ch.sender().close();
            second.close(); // the in-flight send already claimed its slot: it still lands
            TestWaker w = new TestWaker();
            Future<Optional<Integer>> recv = ch.receiver().recv();
            Poll<Optional<Integer>> p = offThread(held, () -> w.poll(recv));
            assertThat(p.isPending()).as("not the end of the stream: a message is in flight").isTrue();
            held.releaseAndJoin();
            assertThat(w.isWoken()).isTrue();
            assertThat(w.pollReady(recv)).contains(3);
            assertThat(w.pollReady(ch.receiver().recv())).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bounded1", "bounded4", "bounded2AtWrap", "unbounded"})
    void recv_cancelledWhileASendIsInFlight_losesNothing(String kind) throws Exception {
        Mpsc.Channel<Integer> ch = channel(kind);
        try (HeldProducer held = new HeldProducer(ch, () -> ch.sender().trySend(5))) {
            held.awaitClaimed();
            TestWaker w = new TestWaker();
            Future<Optional<Integer>> recv = ch.receiver().recv();
            assertThat(offThread(held, () -> w.poll(recv)).isPending()).isTrue();
            recv.cancel();
            held.releaseAndJoin();
            assertThat(w.isWoken()).as("a cancelled recv unregistered its waker").isFalse();
            assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(5));
        }
    }
}
