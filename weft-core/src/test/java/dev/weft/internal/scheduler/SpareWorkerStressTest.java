package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compensation under stress (SpareWorker I1-I5): a ring of tasks passes tokens while some polls block for a few
 * milliseconds, with a 1 ms threshold, so spares start, steal from blocked workers' LIFO slots and tiny local
 * queues, poll, and retire (handing back what they hold) hundreds of times. Every task counts its polls: a task
 * polled by two threads at once, polled after Ready, or never finished (lost in a spare's queue) fails the test.
 */
class SpareWorkerStressTest {

    static final class Ring {
        final int rounds;
        final CountDownLatch done;
        final AtomicInteger violations = new AtomicInteger();
        final AtomicReference<String> firstViolation = new AtomicReference<>();
        final AtomicLong pollsOffWorkers = new AtomicLong();
        final Node[] nodes;

        Ring(int n, int rounds, int blockEvery) {
            this.rounds = rounds;
            this.done = new CountDownLatch(n);
            this.nodes = new Node[n];
            for (int i = 0; i < n; i++) nodes[i] = new Node(this, i, i % 8 == 0 ? blockEvery : 0);
            for (int i = 0; i < n; i++) nodes[i].next = nodes[(i + 1) % n];
        }

        void violation(String what) {
            violations.incrementAndGet();
            firstViolation.compareAndSet(null, what);
        }
    }

    static final class Node implements Future<Integer> {
        final Ring ring;
        final int index;
        /** Block in the first poll that processes a token, and every blockEvery-th after it (0: never). */
        final int blockEvery;
        final AtomicInteger tokens = new AtomicInteger();
        final AtomicWaker waker = new AtomicWaker();
        final AtomicInteger inPoll = new AtomicInteger();
        Node next;
        int processed; // touched only inside poll (single-owner polling)
        int busyPolls;
        volatile boolean done;

        Node(Ring ring, int index, int blockEvery) {
            this.ring = ring;
            this.index = index;
            this.blockEvery = blockEvery;
        }

        void give() {
            tokens.incrementAndGet();
            waker.wake();
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            int entered = inPoll.incrementAndGet();
            try {
                if (entered != 1) ring.violation("task " + index + " polled by two threads at once");
                if (done) ring.violation("task " + index + " polled after it returned Ready");
                if (!(Thread.currentThread() instanceof WorkerThread)) ring.pollsOffWorkers.incrementAndGet();
                waker.register(cx.waker()); // register, then check (no lost wake-up)
                int t = tokens.getAndSet(0);
                if (t > 0 && blockEvery > 0 && ++busyPolls % blockEvery == 1) { // the first busy poll, and so on
                    try {
                        Thread.sleep(4); // the blocking call: past the 1 ms threshold, so a spare starts
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                while (t-- > 0) {
                    processed++;
                    next.give(); // from a worker: the LIFO slot (and the queue when displaced)
                    if (processed == ring.rounds) {
                        done = true;
                        ring.done.countDown();
                        return Poll.ready(processed);
                    }
                }
                return Poll.pending();
            } finally {
                inPoll.decrementAndGet();
            }
        }
    }

    static void runRing(int workers, int queueCapacity, boolean stealableLifo, int tasks, int rounds, int blockEvery)
            throws Exception {
        MultiThreadScheduler s = new MultiThreadScheduler("spare-ring", workers, i -> "spare-ring-worker-" + i,
                Function.identity(), queueCapacity, stealableLifo, 4, Duration.ofSeconds(1));
        AtomicLong reports = new AtomicLong();
        s.startBlockingWatchdog(Duration.ofMillis(1), true, r -> reports.incrementAndGet());
        Ring ring = new Ring(tasks, rounds, blockEvery);
        try {
            for (Node n : ring.nodes) s.spawn(n);
            Thread outside = Thread.ofPlatform().name("outside-giver").start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (Node n : ring.nodes) {
                    n.give(); // initial tokens, from outside: the injection queue
                    if (rnd.nextInt(16) == 0) Thread.onSpinWait();
                }
            });
            outside.join();
            boolean finished = ring.done.await(60, TimeUnit.SECONDS);
            if (!finished) {
                StringBuilder sb = new StringBuilder();
                int stuck = 0;
                for (Node n : ring.nodes) {
                    if (!n.done && stuck++ < 5) {
                        sb.append(" [task ").append(n.index).append(" tokens=").append(n.tokens.get())
                                .append(" processed=").append(n.processed).append(']');
                    }
                }
                throw new AssertionError("lost task: " + stuck + " of " + tasks + " never finished (workers="
                        + workers + ", queueCapacity=" + queueCapacity + ", spares started=" + s.sparesStarted()
                        + ")" + sb);
            }
            assertThat(ring.violations).as("%s", ring.firstViolation.get()).hasValue(0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (s.liveTasks() > 0 && System.nanoTime() < deadline) Thread.yield();
            assertThat(s.liveTasks()).isZero();
            // the spares retired: a worker drives timers again (SpareWorker I7)
            CountDownLatch fired = new CountDownLatch(1);
            s.spawn(dev.weft.time.Time.sleep(Duration.ofMillis(5)).map(v -> {
                fired.countDown();
                return v;
            }));
            assertThat(fired.await(10, TimeUnit.SECONDS)).as("a timer fires after the spares retired").isTrue();
            // compensation really happened: spares started and polled tasks (on threads that are not workers)
            assertThat(reports.get()).isPositive();
            assertThat(s.sparesStarted()).isPositive();
            assertThat(s.sparePolls()).isPositive();
            assertThat(ring.pollsOffWorkers.get()).isPositive();
            System.out.printf("workers=%d queueCapacity=%d: %d reports, %d spares, %d spare polls%n", workers,
                    queueCapacity, reports.get(), s.sparesStarted(), s.sparePolls());
        } finally {
            assertThat(s.shutdown(Duration.ofSeconds(10)).unfinished()).isZero();
        }
    }

    @ParameterizedTest(name = "workers={0} queueCapacity={1} stealableLifo={2}")
    @CsvSource({"1, 4, false", "2, 4, false", "2, 256, false", "2, 4, true"})
    void ring_withBlockingPollsAndSpares_everyTaskFinishes_noDoublePoll(int workers, int queueCapacity,
            boolean stealableLifo) throws Exception {
        runRing(workers, queueCapacity, stealableLifo, 400, 60, 5);
    }

    @ParameterizedTest(name = "workers={0} queueCapacity={1}")
    @CsvSource({"1, 2", "2, 4", "4, 16"})
    @Tag("long")
    void ring_long(int workers, int queueCapacity) throws Exception {
        runRing(workers, queueCapacity, false, 2_000, 200, 10);
    }
}
