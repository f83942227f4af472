package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Semaphore.Permit;
import dev.weft.testkit.TestWaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Platform threads hammer a {@code Semaphore(3)} with {@code acquire().await()}, multi-permit acquires,
 * try-acquires and acquires that are polled and then cancelled at random points (before the first poll, while
 * queued, after being handed permits). A broken queue shows up as more than 3 permits held at once, a leaked
 * permit as {@code availablePermits() != 3} at the end, a lost wake-up as a thread that never finishes.
 */
@Tag("stress")
class SemaphoreStressTest {
    private static final int PERMITS = 3;

    @Test
    void acquireRelease_withRandomCancellation_neverExceedsPermits_noLeak() throws Exception {
        run(8, 20_000);
    }

    @Test
    @Tag("long")
    void acquireRelease_withRandomCancellation_long() throws Exception {
        run(16, 100_000);
    }

    private static void run(int threads, int rounds) throws Exception {
        Semaphore s = Semaphore.of(PERMITS);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger maxHeld = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().daemon(true).name("stress-" + t).start(() -> {
                try {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < rounds; i++) {
                        int n = rnd.nextInt(10) == 0 ? 2 : 1;
                        switch (rnd.nextInt(4)) {
                            case 0, 1 -> hold(s.acquire(n).await(), held, maxHeld);
                            case 2 -> {
                                if (s.tryAcquire(n) instanceof Semaphore.TryAcquire.Acquired(Permit p)) {
                                    hold(p, held, maxHeld);
                                }
                            }
                            default -> {
                                if (pollThenMaybeCancel(s.acquire(n), rnd, held, maxHeld)) cancelled.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : ts) {
            assertThat(t.join(Duration.ofSeconds(60))).as("%s finished (a hang means a lost wake-up)", t.getName())
                    .isTrue();
        }
        assertThat(errors).isEmpty();
        assertThat(maxHeld.get()).isBetween(1, PERMITS);
        assertThat(s.availablePermits()).isEqualTo(PERMITS);
        assertThat(cancelled.get()).isPositive();
    }

    private static void hold(Permit p, AtomicInteger held, AtomicInteger maxHeld) {
        int now = held.addAndGet(p.permits());
        maxHeld.accumulateAndGet(now, Math::max);
        if (now > PERMITS) throw new AssertionError("held " + now + " permits of " + PERMITS);
        Thread.onSpinWait();
        held.addAndGet(-p.permits());
        p.close();
    }

    /** Polls up to a random number of times (0 = cancel before the first poll), then cancels. */
    private static boolean pollThenMaybeCancel(Future<Permit> f, ThreadLocalRandom rnd, AtomicInteger held,
            AtomicInteger maxHeld) {
        TestWaker wakes = new TestWaker();
        Context cx = wakes.context();
        int polls = rnd.nextInt(3);
        for (int i = 0; i < polls; i++) {
            Poll<Permit> p = f.poll(cx);
            if (p.isReady()) {
                hold(p.value(), held, maxHeld);
                return false;
            }
            for (int spin = rnd.nextInt(50); spin > 0 && !wakes.isWoken(); spin--) Thread.onSpinWait();
        }
        f.cancel(); // may have been handed permits meanwhile: they must move on, not leak
        return true;
    }
}
