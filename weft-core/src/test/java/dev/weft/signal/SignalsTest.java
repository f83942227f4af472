package dev.weft.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SignalsTest {

    @Test
    void ctrlC_realSigint_completesEveryEarlierWaiter_once() throws Exception {
        Future<Void> a = Signals.ctrlC();
        Future<Void> b = Signals.ctrlC();
        Future<Void> cancelled = Signals.ctrlC();
        Assumptions.assumeTrue(Signals.mechanism(Signals.SignalKind.INTERRUPT) != Signals.Mechanism.IGNORED_BY_PROCESS,
                "this JVM was started with SIGINT ignored (a background job of a non-interactive shell, or nohup):"
                        + " no SIGINT can reach it, and Signals reports IGNORED_BY_PROCESS");
        assertThat(Signals.mechanism(Signals.SignalKind.INTERRUPT)).isEqualTo(Signals.Mechanism.SIGNAL_HANDLER);
        CountDownLatch woken = new CountDownLatch(2);
        AtomicInteger wakes = new AtomicInteger();
        Waker w = () -> {
            wakes.incrementAndGet();
            woken.countDown();
        };
        Context cx = new Context(w);
        assertThat(a.poll(cx).isPending()).isTrue();
        assertThat(b.poll(cx).isPending()).isTrue();
        assertThat(cancelled.poll(cx).isPending()).isTrue();
        cancelled.cancel();
        sun.misc.Signal.raise(new sun.misc.Signal("INT")); // handled by Weft: the JVM keeps running
        assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(a.poll(cx)).isEqualTo(Poll.ready(null));
        assertThat(b.poll(cx)).isEqualTo(Poll.ready(null));
        assertThat(wakes.get()).as("the cancelled waiter is not woken").isEqualTo(2);
        Future<Void> later = Signals.ctrlC(); // subscribed after the signal: waits for the next one
        assertThat(later.poll(cx).isPending()).isTrue();
        later.cancel();
    }

    @Test
    void terminate_realSigterm_completesAwaitingThreads() throws Exception {
        Future<Void> t = Signals.terminate();
        Thread waiter = Thread.ofPlatform().start(t::await);
        Future<Void> other = Signals.signal(Signals.SignalKind.TERMINATE);
        sun.misc.Signal.raise(new sun.misc.Signal("TERM"));
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(waiter.isAlive()).isFalse();
        other.await();
    }

    @Test
    void deliverForTest_broadcastsWithoutAnOsSignal() {
        Future<Void> x = Signals.terminate();
        Context cx = new Context(Waker.noop());
        assertThat(x.poll(cx).isPending()).isTrue();
        Signals.deliverForTest(Signals.SignalKind.TERMINATE);
        assertThat(x.poll(cx).isReady()).isTrue();
    }
}
