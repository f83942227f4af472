package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Thousands of tasks in a ring pass tokens to their successor through hand-written futures (an AtomicWaker each).
 * A lost wake-up leaves a task unfinished (the test times out with a message); a double poll is caught by a
 * per-task 'inPoll' counter; a poll after Ready is caught too. Outside threads wake tasks concurrently.
 */
class SchedulerStressTest {

    static final class Ring {
        final int rounds;
        final CountDownLatch done;
        final AtomicInteger violations = new AtomicInteger();
        final AtomicReference<String> firstViolation = new AtomicReference<>();
        final Node[] nodes;

        Ring(int n, int rounds) {
            this.rounds = rounds;
            this.done = new CountDownLatch(n);
            this.nodes = new Node[n];
            for (int i = 0; i < n; i++) nodes[i] = new Node(this, i);
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
        final AtomicInteger tokens = new AtomicInteger();
        final AtomicWaker waker = new AtomicWaker();
        final AtomicInteger inPoll = new AtomicInteger();
        volatile Waker taskWaker; // for spurious wake-ups from outside threads
        Node next;
        int processed; // touched only inside poll (single-owner polling)
        volatile boolean done;

        Node(Ring ring, int index) {
            this.ring = ring;
            this.index = index;
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
                taskWaker = cx.waker();
                waker.register(cx.waker()); // register, then check (no lost wake-up)
                int t = tokens.getAndSet(0);
                while (t-- > 0) {
                    processed++;
                    next.give();
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

    static void runRing(int workers, int queueCapacity, boolean stealableLifo, int tasks, int rounds,
            int outsideWakers) throws Exception {
        MultiThreadScheduler s = new MultiThreadScheduler("ring", workers, i -> "ring-worker-" + i,
                Function.identity(), queueCapacity, stealableLifo, 4, Duration.ofSeconds(1));
        Ring ring = new Ring(tasks, rounds);
        AtomicBoolean stopNoise = new AtomicBoolean();
        List<Thread> noise = new ArrayList<>();
        try {
            for (Node n : ring.nodes) s.spawn(n);
            // spurious wake-ups from outside threads while the ring starts; they stop early so that they
            // cannot mask a lost wake-up for the rest of the run
            for (int w = 0; w < outsideWakers; w++) {
                noise.add(Thread.ofPlatform().name("outside-waker-" + w).start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < 20_000 && !stopNoise.get(); i++) {
                        Waker wk = ring.nodes[rnd.nextInt(tasks)].taskWaker;
                        if (wk != null) wk.wake();
                    }
                }));
            }
            // the initial tokens come from this (outside) thread
            for (Node n : ring.nodes) n.give();
            boolean finished = ring.done.await(60, TimeUnit.SECONDS);
            stopNoise.set(true);
            for (Thread t : noise) t.join();
            if (!finished) {
                StringBuilder sb = new StringBuilder();
                int stuck = 0;
                for (Node n : ring.nodes) {
                    if (!n.done) {
                        if (stuck++ < 5) sb.append(" [task ").append(n.index).append(" tokens=").append(n.tokens.get())
                                .append(" processed=").append(n.processed).append(' ').append(n.taskWaker).append(']');
                    }
                }
                throw new AssertionError("lost wake-up: " + stuck + " of " + tasks + " tasks never finished (workers="
                        + workers + ", queueCapacity=" + queueCapacity + ")" + sb);
            }
            assertThat(ring.violations).as("%s", ring.firstViolation.get()).hasValue(0);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (s.liveTasks() > 0 && System.nanoTime() < deadline) Thread.yield();
            assertThat(s.liveTasks()).isZero();
            assertThat(s.metrics().polls()).isGreaterThanOrEqualTo(tasks);
        } finally {
            stopNoise.set(true);
            assertThat(s.shutdown(Duration.ofSeconds(10)).unfinished()).isZero();
        }
    }

    @ParameterizedTest(name = "workers={0} queueCapacity={1} stealableLifo={2}")
    @CsvSource({"2, 256, true", "4, 256, true", "2, 4, true", "4, 4, true", "4, 256, false", "1, 2, true"})
    void ring_everyTaskFinishes_noDoublePoll(int workers, int queueCapacity, boolean stealableLifo) throws Exception {
        runRing(workers, queueCapacity, stealableLifo, 2_000, 50, 2);
    }

    @ParameterizedTest(name = "workers={0} queueCapacity={1}")
    @CsvSource({"2, 256", "4, 4", "8, 16"})
    @Tag("long")
    void ring_long(int workers, int queueCapacity) throws Exception {
        runRing(workers, queueCapacity, true, 10_000, 300, 4);
    }
}
