package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two threads play ping-pong through two {@link Notify}s, and before each await a thread often polls a
 * {@code notified()} once and cancels it. A notification taken by a cancelled waiter must be forwarded (to the
 * permit), so every round completes; a lost notification hangs a thread and fails the join.
 */
@Tag("stress")
class NotifyStressTest {

    @Test
    void pingPong_withCancelledWaiters_losesNoNotification() throws Exception {
        run(20_000);
    }

    @Test
    @Tag("long")
    void pingPong_withCancelledWaiters_long() throws Exception {
        run(1_000_000);
    }

    private static void run(int rounds) throws Exception {
        Notify ping = new Notify();
        Notify pong = new Notify();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Thread a = Thread.ofPlatform().daemon(true).name("ping").start(() -> play(rounds, pong, ping, true, errors));
        Thread b = Thread.ofPlatform().daemon(true).name("pong").start(() -> play(rounds, ping, pong, false, errors));
        assertThat(a.join(Duration.ofSeconds(60))).as("ping finished (a hang means a lost notification)").isTrue();
        assertThat(b.join(Duration.ofSeconds(60))).as("pong finished (a hang means a lost notification)").isTrue();
        assertThat(errors).isEmpty();
    }

    private static void play(int rounds, Notify send, Notify receive, boolean serveFirst,
            ConcurrentLinkedQueue<Throwable> errors) {
        try {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < rounds; i++) {
                if (serveFirst) send.notifyOne();
                if (rnd.nextBoolean()) {
                    Future<Void> probe = receive.notified();
                    if (probe.poll(new Context(() -> {})).isPending()) {
                        for (int spin = rnd.nextInt(20); spin > 0; spin--) Thread.onSpinWait();
                        probe.cancel(); // may hold the notification by now: it must be forwarded
                        receive.notified().await();
                    }
                } else {
                    receive.notified().await();
                }
                if (!serveFirst) send.notifyOne();
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }
}
