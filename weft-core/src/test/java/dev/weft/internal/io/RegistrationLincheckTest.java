package dev.weft.internal.io;

import dev.weft.internal.ModelChecks;
import dev.weft.internal.util.ThreadParkDriver;
import dev.weft.testkit.TestWaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;
import java.util.function.Consumer;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checks {@link NioRegistration} driven by a real {@link NioIoDriver} over a scripted selector (the
 * package-private {@code NioIoDriver(Driver, Selector)} seam): a task that reads or waits for OP_READ and cancels
 * its wait, data arriving on the socket, the driver thread applying interest changes and dispatching readiness
 * ({@code IoDriver.park(0)}), and {@code deregister()} (close) racing with all of them.
 *
 * <p>The scripted selector is level-triggered like epoll: its one key is reported ready for OP_READ on every
 * select while data is available and the key's interest set holds OP_READ. Checked when quiescent, after the
 * driver ran twice more ({@link #quiescent()}): a waiting task was woken if data is available (no lost readiness,
 * Registration I1-I3, I7) or the registration was closed (I5); a waiter that was not woken is still registered
 * with its op armed in the key's interest set; the driver's waiter count equals the op bits with a waiter (I6).
 *
 * <p><b>Mutation check</b> (done once, then reverted): {@code NioRegistration.await} set its op bit before
 * registering the waker (I1 swapped: {@code getAndBitwiseOr} first, then {@code slot.register(waker)}). The default
 * model check failed (23 s) with "model check found: lost close wake-up: the registration was closed but the
 * waiter sleeps" ({@code deregister()} woke the still-empty slot between the two steps; a driver dispatch in
 * that window loses readiness the same way). The stress run did not catch it.
 */
@Tag("lincheck")
public class RegistrationLincheckTest {
    private static final SocketChannel CHANNEL;

    static {
        try {
            CHANNEL = SocketChannel.open(); // only its validOps() is read; never connected
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key whose interest set and cancellation are plain fields; ready ops are set by the scripted selector. */
    static final class ScriptedKey extends SelectionKey {
        volatile int interest;
        volatile int ready;
        volatile boolean cancelled;

        @Override
        public SelectableChannel channel() {
            return CHANNEL;
        }

        @Override
        public Selector selector() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isValid() {
            return !cancelled;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int interestOps() {
            if (cancelled) throw new CancelledKeyException();
            return interest;
        }

        @Override
        public SelectionKey interestOps(int ops) {
            if (cancelled) throw new CancelledKeyException();
            interest = ops;
            return this;
        }

        @Override
        public int readyOps() {
            if (cancelled) throw new CancelledKeyException();
            return ready;
        }
    }

    /** A level-triggered selector over one key: reports OP_READ while data is available and it is of interest. */
    final class ScriptedSelector extends Selector {
        @Override
        public int selectNow(Consumer<SelectionKey> action) {
            if (key.cancelled || !readable || (key.interest & SelectionKey.OP_READ) == 0) return 0;
            key.ready = SelectionKey.OP_READ;
            action.accept(key);
            return 1;
        }

        @Override
        public int select(Consumer<SelectionKey> action, long timeout) {
            return selectNow(action);
        }

        @Override
        public int select(Consumer<SelectionKey> action) {
            return selectNow(action);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public SelectorProvider provider() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SelectionKey> keys() {
            return Set.of(key);
        }

        @Override
        public Set<SelectionKey> selectedKeys() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int selectNow() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int select(long timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int select() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Selector wakeup() {
            return this;
        }

        @Override
        public void close() {}
    }

    private final ScriptedKey key = new ScriptedKey();
    private final NioIoDriver driver = new NioIoDriver(new ThreadParkDriver(), new ScriptedSelector());
    private final NioRegistration reg = new NioRegistration(driver);
    /** Data available on the socket (the peer wrote; the task has not read it yet). */
    private volatile boolean readable;
    private volatile boolean closed;
    /** The task's waker while it waits (task thread only). */
    private TestWaker pending;

    public RegistrationLincheckTest() {
        key.attach(reg);
        reg.attach(key);
    }

    /**
     * The task polls a read: a woken (or first) poll reads the data if there is any, else waits for OP_READ
     * (the readiness protocol: try the operation, then wait).
     */
    @Operation(nonParallelGroup = "task")
    public void readOrWait() {
        TestWaker w = pending;
        if (w != null && !w.isWoken()) return; // still waiting
        pending = null;
        if (readable) {
            readable = false;
            return;
        }
        if (closed) return; // the channel op fails on a closed channel
        w = TestWaker.forModelCheck();
        pending = w;
        reg.await(SelectionKey.OP_READ, w);
    }

    /** The read future is dropped while waiting (a select loser, a timeout). */
    @Operation(nonParallelGroup = "task")
    public void cancelWait() {
        if (pending == null) return;
        reg.clear(SelectionKey.OP_READ);
        pending = null;
    }

    @Operation(nonParallelGroup = "peer")
    public void dataArrives() {
        readable = true;
    }

    /** One turn of the driver: apply interest changes, select without waiting, dispatch readiness. */
    @Operation(nonParallelGroup = "driver")
    public void drive() {
        driver.park(0);
    }

    @Operation
    public void close() {
        closed = true;
        reg.deregister();
    }

    @Validate
    public void quiescent() {
        driver.park(0);
        driver.park(0);
        TestWaker w = pending;
        if (w != null && !w.isWoken()) {
            if (closed) ModelChecks.violation("lost close wake-up: the registration was closed but the waiter sleeps");
            else if (readable) {
                ModelChecks.violation("lost readiness: data is available but the waiting task was not woken");
            } else if (!reg.isWaiting(SelectionKey.OP_READ) || (key.interest & SelectionKey.OP_READ) == 0) {
                ModelChecks.violation("waiter not armed: bit=" + reg.isWaiting(SelectionKey.OP_READ) + " interest="
                        + key.interest);
            }
        }
        int expected = !reg.isClosed() && reg.isWaiting(SelectionKey.OP_READ) ? 1 : 0;
        if (driver.waiterCount() != expected) {
            ModelChecks.violation("driver waiter count " + driver.waiterCount() + ", expected " + expected);
        }
    }

    @Test
    void modelCheck() {
        ModelChecks.checked(() -> new ModelCheckingOptions().iterations(15).invocationsPerIteration(300)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1).verifier(EpsilonVerifier.class)
                .check(getClass()));
    }

    @Test
    void stress() {
        ModelChecks.checked(() -> new StressOptions().iterations(3).invocationsPerIteration(300)
                .threads(3).actorsPerThread(3).verifier(EpsilonVerifier.class).check(getClass()));
    }

    @Test
    @Tag("long")
    void modelCheck_long() {
        ModelChecks.checked(() -> new ModelCheckingOptions().iterations(25).invocationsPerIteration(400)
                .threads(3).actorsPerThread(4).actorsBefore(1).actorsAfter(1).verifier(EpsilonVerifier.class)
                .check(getClass()));
    }
}
