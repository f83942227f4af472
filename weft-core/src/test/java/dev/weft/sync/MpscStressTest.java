package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Producers on platform threads await {@code send}; one consumer awaits {@code recv}, sometimes polling a recv
 * once and cancelling it. A lost message, a double delivery or a lost wake-up (a hang, caught by the join
 * timeout) fails the test.
 */
class MpscStressTest {
    static Stream<Integer> capacities() {
        return Stream.of(1, 16, 0);
    }

    @ParameterizedTest
    @MethodSource("capacities")
    void producersAwaitSend_consumerAwaitsRecv_exactMultiset(int capacity) throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        var ch = capacity == 0 ? Mpsc.<Integer>unbounded() : Mpsc.<Integer>bounded(capacity);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Mpsc.Sender<Integer> tx = ch.sender().clone();
            int base = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                try (tx) {
                    for (int i = 0; i < perProducer; i++) tx.send(base + i).await();
                }
            }));
        }
        ch.sender().close();
        int[] seen = new int[producers * perProducer];
        int[] lastPerProducer = new int[producers];
        java.util.Arrays.fill(lastPerProducer, -1);
        int[] received = {0};
        Thread consumer = Thread.ofPlatform().start(() -> {
            TestWaker w = new TestWaker();
            for (;;) {
                if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    Future<Optional<Integer>> once = ch.receiver().recv();
                    var p = w.poll(once);
                    if (p.isPending()) {
                        once.cancel(); // must never consume a message
                        continue;
                    }
                    if (p.value().isEmpty()) return;
                    record(p.value().get(), seen, lastPerProducer, perProducer);
                    received[0]++;
                    continue;
                }
                Optional<Integer> v = ch.receiver().recv().await();
                if (v.isEmpty()) return;
                record(v.get(), seen, lastPerProducer, perProducer);
                received[0]++;
            }
        });
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(30));
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(consumer.isAlive()).as("consumer finished (no lost wake-up)").isFalse();
        assertThat(received[0]).isEqualTo(producers * perProducer);
        for (int i = 0; i < seen.length; i++) assertThat(seen[i]).as("count of " + i).isEqualTo(1);
    }

    private static void record(int v, int[] seen, int[] last, int perProducer) {
        seen[v]++;
        int p = v / perProducer;
        assertThat(v).as("per-producer FIFO").isGreaterThan(last[p]);
        last[p] = v;
    }

    static Stream<Integer> batchCapacities() {
        return Stream.of(1, 3, 3 * MpscChan.RELEASE_BATCH + 1); // the last one has grouped releases
    }

    /**
     * Producers mix awaited sends, trySend and sends polled once and then cancelled (a woken-then-cancelled
     * waiter must pass its wake-up on); the consumer drains with recvMany, whose grouped permit release and
     * per-group sender wake-up must lose neither a permit nor a wake-up (a hang fails the join).
     */
    @ParameterizedTest
    @MethodSource("batchCapacities")
    void producersMixSendAndCancel_consumerRecvMany_exactMultiset(int capacity) throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        var ch = Mpsc.<Integer>bounded(capacity);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Mpsc.Sender<Integer> tx = ch.sender().clone();
            int base = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                TestWaker w = new TestWaker();
                try (tx) {
                    for (int i = 0; i < perProducer; i++) {
                        int kind = ThreadLocalRandom.current().nextInt(8);
                        if (kind == 0) {
                            Future<Void> once = tx.send(base + i);
                            if (w.poll(once).isReady()) continue;
                            once.cancel(); // not sent: send it again below
                        } else if (kind == 1 && tx.trySend(base + i) instanceof Mpsc.TrySend.Sent) {
                            continue;
                        }
                        tx.send(base + i).await();
                    }
                }
            }));
        }
        ch.sender().close();
        int[] seen = new int[producers * perProducer];
        int[] lastPerProducer = new int[producers];
        java.util.Arrays.fill(lastPerProducer, -1);
        int[] received = {0};
        Thread consumer = Thread.ofPlatform().start(() -> {
            List<Integer> batch = new ArrayList<>();
            for (;;) {
                int limit = 1 + ThreadLocalRandom.current().nextInt(4 * MpscChan.RELEASE_BATCH);
                int n = ch.receiver().recvMany(batch, limit).await();
                if (n == 0) return;
                assertThat(batch).hasSize(n);
                for (int v : batch) record(v, seen, lastPerProducer, perProducer);
                received[0] += n;
                batch.clear();
            }
        });
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(30));
        consumer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(consumer.isAlive()).as("consumer finished (no lost wake-up)").isFalse();
        assertThat(received[0]).isEqualTo(producers * perProducer);
        for (int i = 0; i < seen.length; i++) assertThat(seen[i]).as("count of " + i).isEqualTo(1);
        assertThat(ch.sender().capacity()).as("every permit is back").isEqualTo(capacity);
    }
}
