package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking and stress for {@link Broadcast} at capacity 2 (so lag happens): concurrent sends, the
 * sender's close, a second subscription, and on the first receiver a pending {@code recv()} poll, its
 * cancellation, and {@code tryRecv()}.
 *
 * <p>Results (values, lag counts, Empty/Closed) are checked for linearizability against this class run
 * sequentially, so a lost message, a wrong lag count or a double delivery shows up as a result no sequential
 * order explains. Each message also carries a unique id, and each receiver checks that it never sees an id
 * twice. A send or close checks right after it that the first receiver's pending {@code recv()} was woken,
 * whenever that receiver was quiet during the operation (see {@code OneshotLincheckTest}). {@link Capacity1} runs
 * the same checks at capacity 1 in the long layer.
 *
 * <p><b>Mutation check</b> (done once, then reverted): a lagging {@code recv()} computed the oldest retained
 * message one too early ({@code long oldest = s.tail - s.capacity - 1}), so after a lag it read a slot already
 * overwritten. Generated scenarios did not catch it at capacity 1 (8 x 150 invocations): a receiver must lag
 * by more than the capacity plus one. With the fixed scenario of {@code withLag} (four sends, then three
 * {@code recvPoll()} racing a fifth send) the model checks at capacities 2 and 1 both failed with "Lincheck
 * operation found: double delivery of Msg[v=1, id=5]".
 */
@Tag("lincheck")
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public class BroadcastLincheckTest {
    /** A message: the generated value (in results) and a unique id (for the double-delivery check). */
    record Msg(int v, int id) {}

    private final Broadcast.Channel<Msg> ch;

    public BroadcastLincheckTest() {
        this.ch = Broadcast.channel(capacity());
    }

    /** The channel's capacity (a constant; called from the constructor). */
    int capacity() {
        return 2;
    }

    /** The same checks at capacity 1 (every second send makes a quiet receiver lag); long layer: ~60 s here. */
    @Tag("long")
    public static class Capacity1 extends BroadcastLincheckTest {
        @Override
        int capacity() {
            return 1;
        }
    }

    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean txClosed;
    // rx1: one thread at a time (nonParallelGroup "rx1")
    private final Set<Integer> seen1 = new HashSet<>();
    private Future<Broadcast.Recv<Msg>> recv1;
    private TestWaker pending1;
    private final AtomicInteger rx1Epoch = new AtomicInteger(); // odd while an rx1 operation runs
    // rx2 ("rx2")
    private Broadcast.Receiver<Msg> rx2;
    private final Set<Integer> seen2 = new HashSet<>();

    @Operation
    public String send(@Param(name = "v") int v) {
        long alone = enterEvent();
        int e0 = rx1Epoch.get();
        TestWaker before = pending1;
        try {
            Broadcast.SendResult<Msg> r = ch.sender().send(new Msg(v, ids.incrementAndGet()));
            checkWoken(before, e0, alone, "send");
            return r instanceof Broadcast.SendResult.Sent<Msg>(int n) ? "sent:" + n : "noReceivers";
        } catch (IllegalStateException e) {
            return "ISE";
        } finally {
            eventsInFlight.decrementAndGet();
        }
    }

    /** A send of value 1 (the no-argument form the fixed lag scenario uses). */
    @Operation
    public String sendOne() {
        return send(1);
    }

    /**
     * Fixed scenario: four sends before the first receiver reads anything (it lags by more than the capacity),
     * then it reads while a fifth send races.
     */
    static <O extends org.jetbrains.lincheck.datastructures.Options<O, ?>> O withLag(O o, Class<?> test) {
        return o.addCustomScenario(dev.weft.internal.ModelChecks.scenario(test,
                java.util.List.of("sendOne", "sendOne", "sendOne", "sendOne"),
                java.util.List.of(java.util.List.of("recvPoll", "recvPoll", "recvPoll"), java.util.List.of("sendOne")),
                java.util.List.of("tryRecv")));
    }

    @Operation
    public void closeTx() {
        txClosed = true;
        long alone = enterEvent();
        int e0 = rx1Epoch.get();
        TestWaker before = pending1;
        try {
            ch.sender().close();
            checkWoken(before, e0, alone, "closeTx");
        } finally {
            eventsInFlight.decrementAndGet();
        }
    }

    /*
     * The immediate wake-up check is sound only when no other send/close overlaps this one: wakers are called after
     * the channel's lock is released, so a concurrent send may have taken the pending waker and not yet woken it
     * when this operation checks. enterEvent() returns the events-started count when this event started alone, or
     * -1 when another was in flight; checkWoken() also requires that no other event started meanwhile.
     */
    private final AtomicInteger eventsInFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong eventsStarted = new java.util.concurrent.atomic.AtomicLong();

    private long enterEvent() {
        long started = eventsStarted.incrementAndGet();
        return eventsInFlight.incrementAndGet() == 1 ? started : -1;
    }

    private void checkWoken(TestWaker before, int e0, long alone, String op) {
        boolean noOverlap = alone >= 0 && eventsStarted.get() == alone && eventsInFlight.get() == 1;
        if (noOverlap && before != null && (e0 & 1) == 0 && rx1Epoch.get() == e0 && !before.isWoken()) {
            LincheckViolations.record("lost wake-up: " + op + " did not wake the pending recv()");
        }
    }

    /** Polls rx1's current recv() future once; a pending future is kept for the next poll or a cancel. */
    @Operation(nonParallelGroup = "rx1")
    public String recvPoll() {
        rx1Epoch.incrementAndGet();
        try {
            if (recv1 == null) recv1 = ch.receiver().recv();
            TestWaker w = TestWaker.forModelCheck();
            Poll<Broadcast.Recv<Msg>> p = recv1.poll(new Context(w));
            if (p.isPending()) {
                pending1 = w;
                return "pending";
            }
            recv1 = null;
            pending1 = null;
            return switch (p.value()) {
                case Broadcast.Recv.Message<Msg>(Msg m) -> delivered(seen1, m);
                case Broadcast.Recv.Lagged<Msg>(long n) -> "lag:" + n;
                case Broadcast.Recv.Closed<Msg> c -> "closed";
            };
        } finally {
            rx1Epoch.incrementAndGet();
        }
    }

    /** Cancels rx1's pending recv() (a select loser); it must lose nothing. */
    @Operation(nonParallelGroup = "rx1")
    public void recvCancel() {
        rx1Epoch.incrementAndGet();
        if (recv1 != null) recv1.cancel();
        recv1 = null;
        pending1 = null;
        rx1Epoch.incrementAndGet();
    }

    @Operation(nonParallelGroup = "rx1")
    public String tryRecv() {
        rx1Epoch.incrementAndGet();
        try {
            return describe(ch.receiver().tryRecv(), seen1);
        } finally {
            rx1Epoch.incrementAndGet();
        }
    }

    @Operation(nonParallelGroup = "rx2")
    public String subscribe2() {
        if (rx2 != null) return "already";
        rx2 = ch.sender().subscribe();
        return "subscribed";
    }

    @Operation(nonParallelGroup = "rx2")
    public String tryRecv2() {
        if (rx2 == null) return "none";
        return describe(rx2.tryRecv(), seen2);
    }

    private static String describe(Broadcast.TryRecv<Msg> r, Set<Integer> seen) {
        return switch (r) {
            case Broadcast.TryRecv.Received<Msg>(Msg m) -> delivered(seen, m);
            case Broadcast.TryRecv.Lagged<Msg>(long n) -> "lag:" + n;
            case Broadcast.TryRecv.Empty<Msg> e -> "empty";
            case Broadcast.TryRecv.Closed<Msg> c -> "closed";
        };
    }

    private static String delivered(Set<Integer> seen, Msg m) {
        if (!seen.add(m.id())) LincheckViolations.record("double delivery of " + m);
        return "v:" + m.v();
    }

    /** In a quiescent state: rx1's pending recv() was woken if there is something for it to see. */
    @Validate
    public void noLostWakeUp() {
        TestWaker w = pending1;
        if (w != null && (ch.receiver().length() > 0 || txClosed) && !w.isWoken()) {
            throw new AssertionError("lost wake-up: a pending recv() was not woken");
        }
    }

    @Test
    void modelChecking() {
        LincheckViolations.checked(() -> withLag(new ModelCheckingOptions(), getClass()).iterations(8)
                .invocationsPerIteration(150)
                .threads(2).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(getClass()));
    }

    @Test
    void stress() {
        LincheckViolations.checked(() -> new StressOptions().iterations(3).invocationsPerIteration(300)
                .threads(3).actorsPerThread(3).actorsAfter(2).check(getClass()));
    }

    @Test
    @Tag("long")
    void modelCheckingLong() {
        LincheckViolations.checked(() -> withLag(new ModelCheckingOptions(), getClass()).iterations(30)
                .invocationsPerIteration(500)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(getClass()));
    }

    @Test
    @Tag("long")
    void stressLong() {
        LincheckViolations.checked(() -> new StressOptions().iterations(20).invocationsPerIteration(1_000)
                .threads(3).actorsPerThread(4).actorsAfter(2).check(getClass()));
    }
}
