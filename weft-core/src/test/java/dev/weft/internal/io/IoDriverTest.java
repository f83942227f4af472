package dev.weft.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testkit.TestWaker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IoDriverTest {
    private final NioIoDriver driver = new NioIoDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void unparkBeforePark_isNotLost_evenAcrossAParkZero() {
        driver.unpark();
        driver.park(0); // selectNow clears the selector's own wake-up; the flag survives
        driver.park(-1); // returns at once
        driver.unpark();
        driver.park(-1);
        long t0 = System.nanoTime();
        driver.park(5_000_000); // no unpark pending: waits about the timeout
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(4_000_000);
    }

    @Test
    void unparkFromAnotherThread_wakesABlockedPark() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            parked.countDown();
            driver.park(-1);
        });
        parked.await();
        driver.unpark();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void readiness_isDispatchedByParkZero_onceThenInterestIsWithdrawn() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            NioRegistration reg = driver.register(pipe.source());
            assertThat(driver.registrationCount()).isEqualTo(1);
            TestWaker w = new TestWaker();
            reg.await(SelectionKey.OP_READ, w);
            assertThat(driver.waiterCount()).isEqualTo(1);
            driver.park(0);
            assertThat(w.wakeCount()).isZero(); // nothing to read yet
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            driver.park(0); // busy workers' maintenance poll sees readiness
            assertThat(w.wakeCount()).isEqualTo(1);
            assertThat(reg.isWaiting(SelectionKey.OP_READ)).isFalse();
            assertThat(driver.waiterCount()).isZero();
            driver.park(0); // level-triggered, but the interest was withdrawn: no second wake-up
            assertThat(w.wakeCount()).isEqualTo(1);
            reg.deregister();
            reg.deregister();
            assertThat(driver.registrationCount()).isZero();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /** Registration I3/I7: a read wait after a read wake-up needs no interest change; idle readiness disarms. */
    @Test
    void readInterest_staysArmedAcrossWaits_andIsDisarmedWhenReadyWithNobodyWaiting() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            NioRegistration reg = driver.register(pipe.source());
            TestWaker w = new TestWaker();
            reg.await(SelectionKey.OP_READ, w);
            assertThat(driver.queuedChanges()).isEqualTo(1); // first wait: arm
            driver.park(0);
            assertThat(reg.interestOps()).isEqualTo(SelectionKey.OP_READ);
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            driver.park(0);
            assertThat(w.wakeCount()).isEqualTo(1);
            assertThat(reg.interestOps()).as("still armed after the wake-up").isEqualTo(SelectionKey.OP_READ);
            // the woken task reads everything, then waits again: no interest change, no selector wake-up
            assertThat(pipe.source().read(ByteBuffer.allocate(8))).isEqualTo(1);
            reg.await(SelectionKey.OP_READ, w);
            assertThat(driver.queuedChanges()).isZero();
            assertThat(driver.waiterCount()).isEqualTo(1);
            pipe.sink().write(ByteBuffer.wrap(new byte[] {2}));
            driver.park(0);
            assertThat(w.wakeCount()).isEqualTo(2);
            // readiness with nobody waiting (the woken task has not read yet): the first reports are stale (grace)
            for (int i = 0; i < NioRegistration.MAX_GRACE; i++) {
                driver.park(0);
                assertThat(w.wakeCount()).isEqualTo(2);
                assertThat(reg.interestOps()).as("armed through grace report %d", i).isEqualTo(SelectionKey.OP_READ);
            }
            // still unread at the next select: disarmed, nobody woken
            driver.park(0);
            assertThat(w.wakeCount()).isEqualTo(2);
            assertThat(reg.interestOps()).as("disarmed").isZero();
            driver.park(0);
            assertThat(w.wakeCount()).isEqualTo(2);
            // a wait now re-arms, and the pending byte wakes it at once
            reg.await(SelectionKey.OP_READ, w);
            assertThat(driver.queuedChanges()).isEqualTo(1);
            driver.park(0);
            assertThat(w.wakeCount()).isEqualTo(3);
            assertThat(driver.waiterCount()).isZero();
            reg.deregister();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /**
     * StreamIo I4 on the NIO driver: after a short read the next read waits (awaitEdge) instead of calling the
     * socket. Bytes that arrived before that wait must still wake it: the level-triggered select reports them at
     * the next park. Run with data only, and with data and FIN landing together; the reader loop is StreamIo's.
     * A lost wake-up fails parkUntil at its deadline.
     */
    @Test
    void shortReadThenAwaitEdge_bytesAlreadyThereOrFin_wakeTheWaitAtTheNextPark() throws IOException {
        assertThat(new NioRegistration(driver).edgeTriggered()).isFalse();
        for (int round = 0; round < 50; round++) {
            boolean fin = round % 2 == 1;
            try (ServerSocketChannel l = ServerSocketChannel.open()) {
                l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try (SocketChannel c = SocketChannel.open(l.getLocalAddress());
                        SocketChannel s = l.accept()) {
                    s.configureBlocking(false);
                    NioRegistration reg = driver.register(s);
                    TestWaker w = new TestWaker();
                    ByteBuffer buf = ByteBuffer.allocate(64);
                    c.write(ByteBuffer.wrap(new byte[] {'a', 'b'}));
                    int n = 0;
                    while (n == 0) { // the first read: try, else wait and retry
                        n = s.read(buf);
                        if (n == 0) {
                            reg.await(SelectionKey.OP_READ, w);
                            int wakes = w.wakeCount();
                            parkUntil(() -> w.wakeCount() > wakes, "the first bytes");
                        }
                    }
                    assertThat(n).as("a short read").isLessThan(buf.capacity());
                    // more bytes (and maybe the FIN) land before the reader waits: it must not miss them
                    c.write(ByteBuffer.wrap(new byte[] {'c', 'd', 'e'}));
                    if (fin) c.shutdownOutput();
                    int total = n;
                    boolean drained = true;
                    for (;;) {
                        if (drained) {
                            drained = false;
                            assertThat(reg.awaitEdge(SelectionKey.OP_READ, w)).as("the NIO driver always waits")
                                    .isTrue();
                            int wakes = w.wakeCount();
                            parkUntil(() -> w.wakeCount() > wakes, "bytes that arrived before the wait");
                        }
                        buf.clear();
                        int r = s.read(buf);
                        if (r < 0) break;
                        if (r > 0) {
                            total += r;
                            drained = r < buf.capacity();
                            if (!fin && total == 5) break;
                            continue;
                        }
                        reg.await(SelectionKey.OP_READ, w);
                        int wakes = w.wakeCount();
                        parkUntil(() -> w.wakeCount() > wakes, "more bytes");
                    }
                    assertThat(total).as("round %d", round).isEqualTo(5);
                    reg.deregister();
                }
            }
        }
    }

    /** Parks the driver (bounded waits) until {@code done}; fails after 20 s: a lost wake-up. */
    private void parkUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("lost wake-up: " + what).isNegative();
            driver.park(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** Write-side ops leave the interest set when they fire (a writable socket would keep select spinning). */
    @Test
    void writeInterest_isWithdrawnWhenItFires() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            NioRegistration reg = driver.register(pipe.sink());
            TestWaker w = new TestWaker();
            reg.await(SelectionKey.OP_WRITE, w);
            driver.park(0); // applies the interest; the pipe is writable: dispatched by the same select
            if (w.wakeCount() == 0) driver.park(0);
            assertThat(w.wakeCount()).isEqualTo(1);
            assertThat(reg.interestOps()).isZero();
            driver.park(0);
            assertThat(w.wakeCount()).isEqualTo(1);
            reg.deregister();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void interestRequestedWhileBlockedInSelect_wakesTheSelector() throws Exception {
        Pipe pipe = Pipe.open();
        try {
            NioRegistration reg = driver.register(pipe.source());
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1})); // already readable
            CountDownLatch woken = new CountDownLatch(1);
            Thread t = Thread.ofPlatform().start(() -> {
                while (woken.getCount() > 0) driver.park(-1);
            });
            reg.await(SelectionKey.OP_READ, woken::countDown); // from this thread, while the other may select
            assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
            driver.unpark();
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void clear_withdrawsWaiter_andCloseWakesWaitersAndLaterAwaits() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            NioRegistration reg = driver.register(pipe.source());
            TestWaker w = new TestWaker();
            reg.await(SelectionKey.OP_READ, w);
            reg.clear(SelectionKey.OP_READ);
            assertThat(driver.waiterCount()).isZero();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            driver.park(0);
            driver.park(0);
            assertThat(w.wakeCount()).isZero();
            reg.await(SelectionKey.OP_READ, w);
            reg.deregister();
            assertThat(w.wakeCount()).isEqualTo(1);
            TestWaker late = new TestWaker();
            reg.await(SelectionKey.OP_READ, late); // racing with close: woken at once, never stranded
            assertThat(late.wakeCount()).isEqualTo(1);
            reg.clear(SelectionKey.OP_READ);
            assertThat(driver.waiterCount()).isZero();
            assertThat(driver.registrationCount()).isZero();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void afterClose_parkUsesTheFallback() {
        driver.close();
        driver.unpark();
        driver.park(-1); // returns: the fallback saw the unpark
        long t0 = System.nanoTime();
        driver.park(2_000_000);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(1_000_000);
    }
}
