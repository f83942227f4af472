package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bounded channel's slot claims (MpscChan I5, BatchSemaphore I8): a trySend or a send whose first poll finds a
 * permit claims its ring index in the permit's CAS; a send assigned a permit while it waited in the queue, and a
 * reserved {@link Mpsc.Permit} used later, claim theirs with a separate getAndAdd on the same word. Mixed, no slot
 * is lost or claimed twice, messages keep each producer's order, every permit comes back, and the 32-bit index
 * wraps at 2^32 without a trace (channels here start their index a little below 2^32).
 */
@Timeout(120)
class MpscClaimPathsTest {
    /** A bounded channel whose ring index (the semaphore's claim counter) starts at {@code firstIndex}. */
    static Mpsc.Channel<Integer> boundedStartingAt(int capacity, int firstIndex) {
        MpscChan.Bounded<Integer> chan = new MpscChan.Bounded<>(capacity, firstIndex);
        return new Mpsc.Channel<>(new Mpsc.Sender<>(chan), new Mpsc.Receiver<>(chan));
    }

    private static int claimCounter(Mpsc.Channel<?> ch) {
        return ((MpscChan.Bounded<?>) ch.sender().chan()).permits.claimedVolatile();
    }

    /** Polls {@code f} with {@code w} until it is ready, waiting for a wake-up between polls (a lost one fails). */
    private static <T> T pollUntilReady(Future<T> f, TestWaker w) throws InterruptedException {
        for (;;) {
            w.reset();
            Poll<T> p = w.poll(f);
            if (p.isReady()) return p.value();
            assertThat(w.awaitWake(Duration.ofSeconds(30))).as("woken (no lost wake-up)").isTrue();
        }
    }

    /** How each message went in; the totals show the test exercised every claim path. */
    private static final class Paths {
        final AtomicInteger trySent = new AtomicInteger(); // permit + index in one CAS
        final AtomicInteger sentAtOnce = new AtomicInteger(); // send ready on its first poll: the waiter's CAS claims
        final AtomicInteger assigned = new AtomicInteger(); // send that waited: assigned a permit, claims separately
        final AtomicInteger reserved = new AtomicInteger(); // reserve() then Permit.send: claims separately
        final AtomicInteger cancelledAfterWake = new AtomicInteger(); // woken (assigned), then cancelled: re-sent

        @Override
        public String toString() {
            return "trySend " + trySent + ", send at once " + sentAtOnce + ", assigned while waiting " + assigned
                    + ", reserved " + reserved + ", cancelled after a wake-up " + cancelledAfterWake;
        }
    }

    @ParameterizedTest(name = "capacity {0}, first index {1}")
    @CsvSource({"1, -20000", "2, -30000", "16, -50000", "16, 0"})
    void producersMixEverySlotClaimPath_consumerMixesReceives_eachValueOnceInOrderAndAllPermitsBack(int capacity,
            int firstIndex) throws Exception {
        int producers = 4;
        int perProducer = 25_000;
        Mpsc.Channel<Integer> ch = boundedStartingAt(capacity, firstIndex);
        Paths paths = new Paths();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Mpsc.Sender<Integer> tx = ch.sender().clone();
            int base = p * perProducer;
            threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                TestWaker w = new TestWaker();
                try (tx) {
                    for (int i = 0; i < perProducer; i++) send(tx, base + i, w, paths);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        ch.sender().close();
        int total = producers * perProducer;
        int[] seen = new int[total];
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        AtomicInteger received = new AtomicInteger();
        Thread consumer = Thread.ofPlatform().name("consumer").start(() -> {
            try {
                receiveAll(ch.receiver(), v -> {
                    seen[v]++;
                    int p = v / perProducer;
                    if (v <= last[p]) throw new AssertionError(v + " after " + last[p] + ": per-producer order broken");
                    last[p] = v;
                    received.incrementAndGet();
                });
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(60));
        consumer.join(TimeUnit.SECONDS.toMillis(60));
        if (failure.get() != null) throw new AssertionError("a producer or the consumer failed", failure.get());
        assertThat(consumer.isAlive()).as("consumer finished (no lost wake-up)").isFalse();
        assertThat(received.get()).isEqualTo(total);
        for (int i = 0; i < total; i++) {
            if (seen[i] != 1) throw new AssertionError("value " + i + " received " + seen[i] + " times");
        }
        assertThat(ch.sender().capacity()).as("every permit is back").isEqualTo(capacity);
        assertThat(claimCounter(ch)).as("one claim per message, wrapping at 2^32").isEqualTo(firstIndex + total);
        assertThat(paths.reserved.get()).as(paths.toString()).isPositive();
        // At capacity 1 a trySend succeeds only in a moment when no sender waits (it never overtakes one, I5), and
        // a schedule may offer none (in one CI run none of its attempts succeeded);
        // trySend_indexWrapsPast2To32_everyOperationSeesTheSameOrderAndLength covers that path deterministically,
        // so only the larger channels must show it here.
        if (capacity > 1) assertThat(paths.trySent.get()).as(paths.toString()).isPositive();
        if (capacity == 1) assertThat(paths.assigned.get()).as(paths.toString()).isPositive();
    }

    /** One message, by a path chosen at random (a cancelled send is re-sent by another path). */
    private static void send(Mpsc.Sender<Integer> tx, int v, TestWaker w, Paths paths) throws InterruptedException {
        switch (ThreadLocalRandom.current().nextInt(4)) {
            case 0 -> {
                if (tx.trySend(v) instanceof Mpsc.TrySend.Sent) {
                    paths.trySent.incrementAndGet();
                    return;
                }
            }
            case 1 -> {
                try (Mpsc.Permit<Integer> permit = pollUntilReady(tx.reserve(), w)) {
                    permit.send(v);
                }
                paths.reserved.incrementAndGet();
                return;
            }
            case 2 -> { // a send that, if it waits, is woken (given a slot) and then cancelled: it must pass it on
                Future<Void> once = tx.send(v);
                w.reset();
                if (w.poll(once).isReady()) {
                    paths.sentAtOnce.incrementAndGet();
                    return;
                }
                if (ThreadLocalRandom.current().nextBoolean()) {
                    assertThat(w.awaitWake(Duration.ofSeconds(30))).isTrue();
                    paths.cancelledAfterWake.incrementAndGet();
                }
                once.cancel();
            }
            default -> { }
        }
        Future<Void> send = tx.send(v);
        w.reset();
        if (w.poll(send).isReady()) {
            paths.sentAtOnce.incrementAndGet();
            return;
        }
        pollUntilReady(send, w);
        paths.assigned.incrementAndGet();
    }

    /** Receives until the end of the stream, mixing recvMany, tryRecv and a recv polled once then cancelled. */
    private static void receiveAll(Mpsc.Receiver<Integer> rx, java.util.function.IntConsumer onValue)
            throws InterruptedException {
        TestWaker w = new TestWaker();
        List<Integer> batch = new ArrayList<>();
        for (;;) {
            switch (ThreadLocalRandom.current().nextInt(3)) {
                case 0 -> {
                    int n = pollUntilReady(rx.recvMany(batch, 1 + ThreadLocalRandom.current().nextInt(100)), w);
                    if (n == 0) return;
                    for (int v : batch) onValue.accept(v);
                    batch.clear();
                }
                case 1 -> {
                    switch (rx.tryRecv()) {
                        case Mpsc.TryRecv.Received<Integer>(Integer v) -> onValue.accept(v);
                        case Mpsc.TryRecv.Closed<Integer> c -> {
                            return;
                        }
                        case Mpsc.TryRecv.Empty<Integer> e -> { }
                    }
                }
                default -> {
                    Future<Optional<Integer>> once = rx.recv();
                    w.reset();
                    Poll<Optional<Integer>> p = w.poll(once);
                    if (p.isPending()) {
                        once.cancel(); // must not take a message
                        continue;
                    }
                    if (p.value().isEmpty()) return;
                    onValue.accept(p.value().get());
                }
            }
        }
    }

    @Test
    void send_assignedFromTheQueueAndReservedPermit_landInOrderBetweenFastPathSends() {
        Mpsc.Channel<Integer> ch = boundedStartingAt(2, -2); // the claims below cross 2^32
        TestWaker sw = new TestWaker();
        TestWaker rw = new TestWaker();
        assertThat(ch.sender().trySend(1)).isInstanceOf(Mpsc.TrySend.Sent.class); // index 2^32 - 2, one CAS
        Future<Mpsc.Permit<Integer>> reserve = ch.sender().reserve();
        Mpsc.Permit<Integer> permit = rw.pollReady(reserve); // the last permit; no index yet
        Future<Void> waiting = ch.sender().send(3);
        assertThat(sw.poll(waiting).isPending()).isTrue();
        permit.send(2); // claims 2^32 - 1 with getAndAdd
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(1)); // frees a permit: assigned
        assertThat(sw.isWoken()).isTrue();
        assertThat(ch.sender().trySend(-1)).as("the assigned slot is not overtaken").isInstanceOf(
                Mpsc.TrySend.Full.class);
        assertThat(sw.pollReady(waiting)).isNull(); // claims index 0 (wrapped) with getAndAdd
        assertThat(ch.receiver().length()).isEqualTo(2);
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(2));
        assertThat(ch.sender().trySend(4)).isInstanceOf(Mpsc.TrySend.Sent.class); // index 1
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(3));
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(4));
        assertThat(ch.receiver().tryRecv()).isInstanceOf(Mpsc.TryRecv.Empty.class);
        assertThat(ch.sender().capacity()).isEqualTo(2);
        assertThat(claimCounter(ch)).isEqualTo(2);
    }

    @Test
    void trySend_indexWrapsPast2To32_everyOperationSeesTheSameOrderAndLength() {
        Mpsc.Channel<Integer> ch = boundedStartingAt(4, -5);
        TestWaker w = new TestWaker();
        List<Integer> batch = new ArrayList<>();
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 12; round++) { // 3 messages a round: the wrap falls inside the 2nd round
            assertThat(ch.receiver().isEmpty()).as("round %d", round).isTrue();
            assertThat(ch.sender().trySend(next++)).isInstanceOf(Mpsc.TrySend.Sent.class);
            assertThat(w.pollReady(ch.sender().send(next++))).isNull(); // claims in the waiter's CAS
            try (Mpsc.Permit<Integer> permit = w.pollReady(ch.sender().reserve())) {
                permit.send(next++);
            }
            assertThat(ch.receiver().length()).as("round %d", round).isEqualTo(3);
            if (round % 2 == 0) {
                assertThat(w.pollReady(ch.receiver().recvMany(batch, 8))).isEqualTo(3);
                for (int v : batch) assertThat(v).isEqualTo(expected++);
                batch.clear();
            } else {
                for (int k = 0; k < 3; k++) {
                    assertThat(ch.receiver().tryRecv()).isEqualTo(new Mpsc.TryRecv.Received<>(expected++));
                }
            }
            // an empty channel at any index: tryRecv answers at once, never waits for a claim that is not there
            assertThat(ch.receiver().tryRecv()).isInstanceOf(Mpsc.TryRecv.Empty.class);
            assertThat(ch.receiver().length()).isZero();
        }
        assertThat(claimCounter(ch)).isEqualTo(-5 + 36);
        ch.sender().close();
        assertThat(ch.sender().capacity()).isEqualTo(4);
        assertThat(w.pollReady(ch.receiver().recv())).isEmpty();
    }
}
