package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking and stress for {@link Notify}.
 *
 * <p>Notify's results are not linearizable against a simple sequential model (a notification handed to a
 * waiter that is then cancelled comes back later as the permit), so the operations here return nothing and the
 * checks are: no operation throws (a corrupted state word or queue fails fast), no waiter is left queued after
 * each part ({@link #consistent()}), and no notification is lost: {@code awaitOutstanding} awaits only while
 * a {@code notifyOne()} is known to be unconsumed, so an await that spins forever (a lost wake-up, or a
 * notification dropped by a cancelled waiter instead of forwarded) is reported by Lincheck as a hang.
 */
@Tag("lincheck")
public class NotifyLincheckTest {
    private final Notify notify = new Notify();
    /** True while a notifyOne() issued by {@link #notifyOne()} has not been consumed by an awaiter. */
    private final AtomicBoolean outstanding = new AtomicBoolean();
    /** At most one awaiter at a time, so each awaits its own outstanding notification. */
    private final AtomicBoolean awaiting = new AtomicBoolean();

    @Operation
    public void notifyOne() {
        if (outstanding.compareAndSet(false, true)) notify.notifyOne();
    }

    @Operation
    public void notifyOneExtra() {
        notify.notifyOne(); // extra notifications may collapse into the permit; they never cause a hang
    }

    @Operation
    public void notifyWaiters() {
        notify.notifyWaiters();
    }

    @Operation
    public void notifiedPollOnceThenCancel() {
        Future<Void> f = notify.notified();
        if (f.poll(new Context(TestWaker.forModelCheck())).isReady()) {
            notify.notifyOne(); // give back whatever it consumed, so the awaiter's notification survives
        } else {
            f.cancel(); // must forward a notifyOne() it was picked for
        }
    }

    @Operation
    public void awaitOutstanding() {
        // Awaits only while a notifyOne() is outstanding, so the await cannot hang legitimately: the
        // notification is stored as the permit, in flight, or forwarded by a cancelled waiter.
        if (!outstanding.get() || !awaiting.compareAndSet(false, true)) return;
        try {
            if (outstanding.get()) {
                TestWaker.spinUntilReady(notify.notified());
                outstanding.set(false);
            }
        } finally {
            awaiting.set(false);
        }
    }

    @Validate
    public void consistent() {
        String s = notify.toString();
        if (s.equals("Notify[waiting]")) throw new IllegalStateException("a waiter is left queued: " + s);
    }

    @Test
    void modelChecking() {
        LincheckSupport.modelCheck(getClass(), 10, 120);
    }

    @Test
    void stress() {
        LincheckSupport.stress(getClass(), 4, 300);
    }

    @Test
    @Tag("long")
    void modelCheckingLong() {
        LincheckSupport.modelCheckLong(getClass());
    }

    @Test
    @Tag("long")
    void stressLong() {
        LincheckSupport.stressLong(getClass());
    }
}
