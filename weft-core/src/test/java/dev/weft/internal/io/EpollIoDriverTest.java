package dev.weft.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.future.Waker;
import dev.weft.internal.util.ThreadParkDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The epoll driver (ADR 0014) through the {@link IoDriver} / {@link Registration} API: every wake path (data, write
 * space, accept, connect, hang-up, close, the READY edge taken by a later wait, unpark, interrupt) and the
 * containment and shutdown paths. Pipes make readiness deterministic: a pipe write queues the epoll event before
 * it returns, so the next {@code park(0)} dispatches it. A lost wake-up fails {@link #parkUntil} at its deadline;
 * the test never sleeps. Skipped (with the reason) where the driver is unavailable: not Linux, JDK 21, or the
 * release-22 classes or JVM options missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EpollIoDriverTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);
    private IoDriver driver;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void open() {
        String reason = IoDriver.epollUnavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "epoll driver unavailable: " + reason);
        driver = IoDriver.open(new ThreadParkDriver(), IoDriver.Kind.EPOLL);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) c.close();
        if (driver != null) driver.close();
    }

    private static final class CountingWaker implements Waker {
        final AtomicInteger wakes = new AtomicInteger();

        @Override
        public void wake() {
            wakes.incrementAndGet();
        }
    }

    /** Parks the driver (bounded waits) until {@code done}; fails at the deadline: a lost wake-up. */
    private void parkUntil(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) fail("lost wake-up: " + what);
            driver.park(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        closeables.add(p.source());
        closeables.add(p.sink());
        return p;
    }

    /** A connected TCP pair on 127.0.0.1: [client, server side], both non-blocking. */
    private SocketChannel[] tcpPair() throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel c = SocketChannel.open(l.getLocalAddress());
            SocketChannel s = l.accept();
            closeables.add(c);
            closeables.add(s);
            c.configureBlocking(false);
            s.configureBlocking(false);
            return new SocketChannel[] {c, s};
        }
    }

    private static void write(Pipe p, int b) throws IOException {
        assertThat(p.sink().write(ByteBuffer.wrap(new byte[] {(byte) b}))).isEqualTo(1);
    }

    @Test
    void open_epollKind_isTheEpollDriver() {
        assertThat(driver.kind()).isEqualTo(IoDriver.Kind.EPOLL);
        assertThat(driver.getClass().getSimpleName()).isEqualTo("EpollIoDriver");
        assertThat(driver.registrationCount()).isZero();
        assertThat(driver.waiterCount()).isZero();
    }

    @Test
    void unparkBeforePark_isNotLost_evenAcrossAParkZero() {
        driver.unpark();
        driver.park(0);
        driver.park(-1); // returns at once: the notification survived the park(0)
        driver.unpark();
        driver.park(-1);
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
        t.join(DEADLINE_NANOS / 1_000_000);
        assertThat(t.isAlive()).as("blocked park woken by unpark").isFalse();
    }

    /** I1-I3: every unpark reaches a parker that blocks without a timeout; one lost wake-up hangs (deadline). */
    @Test
    void unparkPingPong_manyRounds_noLostWakeUp() throws Exception {
        int rounds = 5000;
        AtomicLong sent = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread parker = Thread.ofPlatform().start(() -> {
            while (!stop.get() && seen.get() < rounds) {
                driver.park(-1);
                seen.set(sent.get());
            }
        });
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        try {
            for (long i = 1; i <= rounds; i++) {
                sent.set(i);
                driver.unpark();
                while (seen.get() < i) {
                    if (System.nanoTime() - deadline > 0) fail("lost wake-up in round " + i);
                    Thread.onSpinWait();
                }
            }
        } finally {
            stop.set(true);
            driver.unpark();
            parker.join(DEADLINE_NANOS / 1_000_000);
        }
        assertThat(parker.isAlive()).isFalse();
    }

    /** I8: Thread.interrupt wakes a blocked epoll_wait, as it wakes a JDK selector, and the flag is kept. */
    @Test
    void interrupt_wakesABlockedPark_andKeepsTheFlag() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            parked.countDown();
            driver.park(-1);
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        parked.await();
        t.interrupt();
        t.join(DEADLINE_NANOS / 1_000_000);
        assertThat(t.isAlive()).as("interrupted park returned").isFalse();
        assertThat(flagAfter).isTrue();
    }

    @Test
    void park_withInterruptFlagSet_returnsAtOnce() {
        Thread.currentThread().interrupt();
        try {
            driver.park(-1); // would block forever without the begin() hook
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void park_timeout_returnsWithNothingToDo() {
        driver.park(TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(driver.waiterCount()).isZero();
    }

    @Test
    void await_read_wokenWhenDataArrives_thenWaitsAgain() throws IOException {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        assertThat(driver.registrationCount()).isEqualTo(1);
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_READ, w);
        assertThat(reg.isWaiting(SelectionKey.OP_READ)).isTrue();
        assertThat(driver.waiterCount()).isEqualTo(1);
        driver.park(0);
        assertThat(w.wakes.get()).isZero(); // nothing to read yet
        write(p, 1);
        driver.park(0);
        assertThat(w.wakes.get()).isEqualTo(1);
        assertThat(reg.isWaiting(SelectionKey.OP_READ)).isFalse();
        assertThat(driver.waiterCount()).isZero();
        driver.park(0); // edge-triggered: the unread byte is not reported again
        assertThat(w.wakes.get()).isEqualTo(1);
        // the woken task reads everything, fails, waits again: the next byte is a new edge
        assertThat(p.source().read(ByteBuffer.allocate(8))).isEqualTo(1);
        assertThat(p.source().read(ByteBuffer.allocate(8))).isZero();
        reg.await(SelectionKey.OP_READ, w);
        write(p, 2);
        parkUntil(() -> w.wakes.get() == 2, "second byte");
        reg.deregister();
        assertThat(driver.registrationCount()).isZero();
    }

    /** EpollRegistration I2: an edge that arrives while nobody waits is taken by the next wait, at once. */
    @Test
    void await_afterAnUnawaitedEdge_wakesAtOnceWithoutWaiting() throws IOException {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        write(p, 1); // arrives between the task's failed read and its wait
        driver.park(0); // dispatched with no waiter: READY
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_READ, w);
        assertThat(w.wakes.get()).as("woken by the edge it missed").isEqualTo(1);
        assertThat(reg.isWaiting(SelectionKey.OP_READ)).isFalse();
        // the retry reads, fails again, waits: READY was consumed, so this wait is a real one
        assertThat(p.source().read(ByteBuffer.allocate(8))).isEqualTo(1);
        reg.await(SelectionKey.OP_READ, w);
        assertThat(reg.isWaiting(SelectionKey.OP_READ)).isTrue();
        assertThat(w.wakes.get()).isEqualTo(1);
        driver.park(0);
        assertThat(w.wakes.get()).isEqualTo(1);
        reg.deregister();
    }

    @Test
    void await_write_wokenWhenSpaceFrees() throws IOException {
        Pipe p = pipe();
        Registration reg = driver.register(p.sink());
        p.source().configureBlocking(false); // drained below without a registration
        driver.park(0); // the registration's first report: writable, nobody waiting
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        while (p.sink().write(chunk.clear()) > 0) {
            // fill the pipe
        }
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_WRITE, w);
        if (w.wakes.get() == 1) { // the stale "writable" edge: one spurious retry, then a real wait
            assertThat(p.sink().write(chunk.clear())).isZero();
            reg.await(SelectionKey.OP_WRITE, w);
        }
        int before = w.wakes.get();
        assertThat(reg.isWaiting(SelectionKey.OP_WRITE)).isTrue();
        driver.park(0);
        assertThat(w.wakes.get()).as("still full: not woken").isEqualTo(before);
        ByteBuffer drain = ByteBuffer.allocate(64 * 1024);
        while (p.source().read(drain.clear()) > 0) {
            // empty it
        }
        parkUntil(() -> w.wakes.get() == before + 1, "write space");
        assertThat(p.sink().write(chunk.clear())).isPositive();
        reg.deregister();
    }

    @Test
    void await_accept_wokenByAConnection() throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open();
        closeables.add(l);
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Registration reg = driver.register(l);
        assertThat(l.accept()).isNull();
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_ACCEPT, w);
        SocketChannel c = SocketChannel.open(l.getLocalAddress());
        closeables.add(c);
        parkUntil(() -> w.wakes.get() >= 1, "accept");
        SocketChannel s = l.accept();
        assertThat(s).isNotNull();
        s.close();
        reg.deregister();
    }

    @Test
    void await_connect_wokenWhenTheConnectionCompletes() throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open();
        closeables.add(l);
        l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel c = SocketChannel.open();
        closeables.add(c);
        Registration reg = driver.register(c);
        CountingWaker w = new CountingWaker();
        boolean connected = c.connect(l.getLocalAddress());
        int spurious = 0;
        while (!connected) { // the protocol: finishConnect, else wait; spurious wake-ups allowed, bounded here
            int before = w.wakes.get();
            reg.await(SelectionKey.OP_CONNECT, w);
            parkUntil(() -> w.wakes.get() > before, "connect");
            connected = c.finishConnect();
            if (!connected) assertThat(++spurious).as("spurious connect wake-ups").isLessThanOrEqualTo(2);
        }
        assertThat(c.isConnected()).isTrue();
        reg.deregister();
    }

    @Test
    void peerClose_wakesTheReader_whichReadsEndOfStream() throws IOException {
        SocketChannel[] pair = tcpPair();
        Registration reg = driver.register(pair[1]);
        assertThat(pair[1].read(ByteBuffer.allocate(8))).isZero();
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_READ, w);
        pair[0].close();
        parkUntil(() -> w.wakes.get() >= 1, "hang-up");
        assertThat(pair[1].read(ByteBuffer.allocate(8))).isEqualTo(-1);
        reg.deregister();
    }

    /**
     * EpollRegistration I6: awaitEdge (StreamIo I4's wait after a short read) waits only when no edge arrived since
     * the last one; an edge nobody took, or a closed registration, sends the caller to the socket at once.
     */
    @Test
    void awaitEdge_waitsOnlyWithoutAFreshEdge() throws IOException {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        assertThat(reg.edgeTriggered()).isTrue();
        CountingWaker w = new CountingWaker();
        assertThat(reg.awaitEdge(SelectionKey.OP_READ, w)).as("no edge since: wait").isTrue();
        assertThat(reg.isWaiting(SelectionKey.OP_READ)).isTrue();
        write(p, 1);
        parkUntil(() -> w.wakes.get() == 1, "the edge after the short read");
        assertThat(p.source().read(ByteBuffer.allocate(8))).isEqualTo(1);
        write(p, 2); // arrives while nobody waits: READY
        driver.park(0);
        assertThat(reg.awaitEdge(SelectionKey.OP_READ, w)).as("an untaken edge: try now").isFalse();
        assertThat(reg.isWaiting(SelectionKey.OP_READ)).isFalse();
        assertThat(w.wakes.get()).as("no self-wake: the caller retries in place").isEqualTo(1);
        assertThat(p.source().read(ByteBuffer.allocate(8))).isEqualTo(1);
        assertThat(reg.awaitEdge(SelectionKey.OP_READ, w)).as("READY was taken: wait again").isTrue();
        reg.deregister();
        assertThat(reg.awaitEdge(SelectionKey.OP_READ, w)).as("closed: try, and fail on the channel").isFalse();
    }

    /**
     * EpollRegistration I6: data and the peer's FIN reported in one event. The read returns the data, short, and
     * not the end of stream; the reader then asks awaitEdge instead of the socket, which must not wait for an
     * edge that will never come. The reader is StreamIo's loop; a lost end of stream fails parkUntil.
     */
    @Test
    void shortReadThenAwaitEdge_dataAndFinInOneEvent_readerSeesEndOfStream() throws IOException {
        for (int round = 0; round < 50; round++) {
            SocketChannel[] pair = tcpPair();
            Registration reg = driver.register(pair[1]);
            CountingWaker w = new CountingWaker();
            ByteBuffer buf = ByteBuffer.allocate(64);
            assertThat(pair[1].read(buf)).isZero();
            reg.await(SelectionKey.OP_READ, w);
            pair[0].write(ByteBuffer.wrap(new byte[] {'a', 'b', 'c'}));
            pair[0].shutdownOutput(); // on loopback both land before the next park: one event, EPOLLIN|EPOLLRDHUP
            int wakes = 1;
            parkUntil(() -> w.wakes.get() == 1, "data and FIN");
            int total = 0;
            boolean drained = false;
            for (;;) {
                if (drained) {
                    drained = false;
                    if (reg.awaitEdge(SelectionKey.OP_READ, w)) {
                        int expected = ++wakes;
                        parkUntil(() -> w.wakes.get() >= expected, "the end of stream after a short read");
                        continue;
                    }
                }
                buf.clear();
                int n = pair[1].read(buf);
                if (n < 0) break;
                if (n > 0) {
                    total += n;
                    drained = n < buf.capacity();
                    continue;
                }
                reg.await(SelectionKey.OP_READ, w);
                int expected = ++wakes;
                parkUntil(() -> w.wakes.get() >= expected, "more bytes");
            }
            assertThat(total).as("round " + round).isEqualTo(3);
            reg.deregister();
        }
    }

    /** A TCP round trip through the driver, both ends registered: the echo workload's path. */
    @Test
    void tcpRoundTrips_bothEndsRegistered_everyWaitWoken() throws IOException {
        SocketChannel[] pair = tcpPair();
        Registration client = driver.register(pair[0]);
        Registration server = driver.register(pair[1]);
        ByteBuffer buf = ByteBuffer.allocate(64);
        for (int i = 0; i < 200; i++) {
            assertThat(pair[0].write(ByteBuffer.wrap(new byte[] {(byte) i}))).isEqualTo(1);
            readOne(server, pair[1], buf, i, "server read " + i);
            assertThat(pair[1].write(ByteBuffer.wrap(new byte[] {(byte) i}))).isEqualTo(1);
            readOne(client, pair[0], buf, i, "client read " + i);
        }
        client.deregister();
        server.deregister();
    }

    /** Reads one byte with the protocol: read; on 0, wait and retry. */
    private void readOne(Registration reg, SocketChannel ch, ByteBuffer buf, int expected, String what)
            throws IOException {
        for (;;) {
            int n = ch.read(buf.clear());
            if (n == 1) {
                assertThat(buf.get(0)).isEqualTo((byte) expected);
                return;
            }
            assertThat(n).isZero();
            CountingWaker w = new CountingWaker();
            reg.await(SelectionKey.OP_READ, w);
            parkUntil(() -> w.wakes.get() > 0, what);
        }
    }

    /** EpollRegistration I3: a cancelled wait is not woken and leaves no waiter behind. */
    @Test
    void clear_cancelledWait_isNotWoken() throws IOException {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_READ, w);
        reg.clear(SelectionKey.OP_READ);
        assertThat(reg.isWaiting(SelectionKey.OP_READ)).isFalse();
        assertThat(driver.waiterCount()).isZero();
        write(p, 1);
        driver.park(0);
        assertThat(w.wakes.get()).isZero();
        reg.deregister();
    }

    /** EpollRegistration I4: close wakes both directions, and a wait after close is woken at once. */
    @Test
    void deregister_wakesBothDirections_andLaterAwaitsAtOnce() throws IOException {
        SocketChannel[] pair = tcpPair();
        Registration reg = driver.register(pair[1]);
        driver.park(0); // the first report, "writable", with nobody waiting: WRITE_READY
        CountingWaker r = new CountingWaker();
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_READ, r);
        reg.await(SelectionKey.OP_WRITE, w); // takes WRITE_READY: woken at once (I2)
        assertThat(w.wakes.get()).isEqualTo(1);
        reg.await(SelectionKey.OP_WRITE, w); // no park in between, so no new edge: a real wait
        assertThat(driver.waiterCount()).isEqualTo(2);
        reg.deregister();
        reg.deregister(); // idempotent
        assertThat(reg.isClosed()).isTrue();
        assertThat(r.wakes.get()).isEqualTo(1);
        assertThat(w.wakes.get()).isEqualTo(2);
        assertThat(driver.waiterCount()).isZero();
        assertThat(driver.registrationCount()).isZero();
        CountingWaker late = new CountingWaker();
        reg.await(SelectionKey.OP_READ, late); // racing with close: woken at once, never stranded
        assertThat(late.wakes.get()).isEqualTo(1);
        assertThat(driver.waiterCount()).isZero();
        driver.park(0); // the closed registration's slot is released; nothing is dispatched to it
        assertThat(r.wakes.get()).isEqualTo(1);
    }

    /**
     * EpollIoDriver I5: a deregistered channel's pending readiness never reaches the registration that takes its
     * slot next.
     */
    @Test
    void slotReuse_aClosedChannelsReadiness_neverReachesTheNextRegistration() throws IOException {
        Pipe first = pipe();
        Registration a = driver.register(first.source());
        CountingWaker wa = new CountingWaker();
        a.await(SelectionKey.OP_READ, wa);
        write(first, 1); // an event queued for a's slot, not yet read by epoll_wait
        a.deregister(); // removed from the set first
        assertThat(wa.wakes.get()).isEqualTo(1); // by the deregister
        driver.park(0); // frees the slot
        Pipe second = pipe();
        Registration b = driver.register(second.source()); // takes the freed slot
        CountingWaker wb = new CountingWaker();
        b.await(SelectionKey.OP_READ, wb);
        driver.park(0);
        driver.park(0);
        assertThat(wb.wakes.get()).as("woken by another channel's data").isZero();
        write(second, 2);
        driver.park(0);
        assertThat(wb.wakes.get()).isEqualTo(1);
        b.deregister();
    }

    @Test
    void manyRegistrations_tableGrows_everyWaiterWoken() throws IOException {
        int n = 150; // 300 descriptors: above the table's first size
        List<Pipe> pipes = new ArrayList<>();
        List<Registration> regs = new ArrayList<>();
        CountingWaker w = new CountingWaker();
        for (int i = 0; i < n; i++) {
            Pipe p = pipe();
            pipes.add(p);
            Registration reg = driver.register(p.source());
            regs.add(reg);
            reg.await(SelectionKey.OP_READ, w);
        }
        assertThat(driver.registrationCount()).isEqualTo(n);
        assertThat(driver.waiterCount()).isEqualTo(n);
        for (Pipe p : pipes) write(p, 7);
        parkUntil(() -> w.wakes.get() == n, "all " + n + " readers");
        assertThat(driver.waiterCount()).isZero();
        for (Registration reg : regs) reg.deregister();
        assertThat(driver.registrationCount()).isZero();
    }

    /** EpollIoDriver I7: a throwing waker is contained; the other ready registration is still woken. */
    @Test
    void throwingWaker_isContained_andTheOtherRegistrationIsWoken() throws IOException {
        Pipe p1 = pipe();
        Pipe p2 = pipe();
        Registration r1 = driver.register(p1.source());
        Registration r2 = driver.register(p2.source());
        AtomicInteger thrown = new AtomicInteger();
        r1.await(SelectionKey.OP_READ, () -> {
            thrown.incrementAndGet();
            throw new AssertionError("deliberately thrown from wake()");
        });
        CountingWaker w2 = new CountingWaker();
        r2.await(SelectionKey.OP_READ, w2);
        write(p1, 1);
        write(p2, 2);
        parkUntil(() -> thrown.get() == 1 && w2.wakes.get() == 1, "both wakers");
        r1.deregister();
        r2.deregister();
    }

    @Test
    void waitsFromOtherThreads_whileTheDriverBlocks_areWoken() throws Exception {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        CountDownLatch woken = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread t = Thread.ofPlatform().start(() -> {
            while (!stop.get()) driver.park(-1);
        });
        try {
            reg.await(SelectionKey.OP_READ, woken::countDown); // no interest change needed: nothing to wake
            write(p, 1);
            assertThat(woken.await(20, TimeUnit.SECONDS)).as("woken by the blocked driver thread").isTrue();
        } finally {
            stop.set(true);
            driver.unpark();
            t.join(DEADLINE_NANOS / 1_000_000);
        }
        assertThat(t.isAlive()).isFalse();
        reg.deregister();
    }

    /** I6: close wakes a park in flight, then register fails, park and unpark fall back; idempotent. */
    @Test
    void close_wakesABlockedPark_thenRegisterFailsAndParkFallsBack() throws Exception {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        CountDownLatch parked = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            parked.countDown();
            driver.park(-1);
        });
        parked.await();
        driver.close();
        t.join(DEADLINE_NANOS / 1_000_000);
        assertThat(t.isAlive()).as("park returned after close").isFalse();
        driver.close();
        assertThatThrownBy(() -> driver.register(p.sink()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("shut down");
        driver.unpark();
        driver.park(-1); // the fallback park: the unpark above is pending
        CountingWaker w = new CountingWaker();
        reg.await(SelectionKey.OP_READ, w);
        reg.deregister(); // after close: no kernel call, still wakes
        assertThat(w.wakes.get()).isEqualTo(1);
    }

    @Test
    void register_closedChannel_failsWithClosedChannel() throws IOException {
        Pipe p = pipe();
        p.source().close();
        assertThatThrownBy(() -> driver.register(p.source()))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
        assertThat(driver.registrationCount()).isZero();
    }

    /**
     * EpollRegistration I2 under real concurrency: a "driver" thread reports edges ({@code onEvents}, as dispatch
     * does) while a "task" thread follows the protocol (take an arrival, else wait; a wake-up means retry). Every
     * arrival must be consumed: a lost wake-up leaves the task waiting with arrivals pending and fails at the
     * deadline.
     */
    @Test
    void edgesRacingWithWaits_noLostWakeUp() throws Exception {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        java.lang.reflect.Method onEvents = reg.getClass().getDeclaredMethod("onEvents", int.class);
        onEvents.setAccessible(true);
        int edges = 20_000;
        AtomicLong arrivals = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicInteger wakes = new AtomicInteger();
        Waker waker = wakes::incrementAndGet;
        AtomicBoolean failed = new AtomicBoolean();
        Thread edgeSource = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < edges; i++) {
                    arrivals.incrementAndGet(); // the data, then its edge
                    onEvents.invoke(reg, 0x001); // EPOLLIN
                    while (consumed.get() < i - 64) Thread.onSpinWait(); // keep the two sides close
                }
            } catch (ReflectiveOperationException e) {
                failed.set(true);
            }
        });
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (consumed.get() < edges) {
            if (consumed.get() < arrivals.get()) { // the non-blocking attempt succeeds
                consumed.incrementAndGet();
                continue;
            }
            int before = wakes.get();
            reg.await(SelectionKey.OP_READ, waker); // the attempt failed: wait
            while (wakes.get() == before) {
                if (System.nanoTime() - deadline > 0) {
                    fail("lost wake-up: " + consumed.get() + " consumed, " + arrivals.get() + " arrived");
                }
                Thread.onSpinWait();
            }
        }
        edgeSource.join(DEADLINE_NANOS / 1_000_000);
        assertThat(failed).isFalse();
        assertThat(consumed.get()).isEqualTo(edges);
        reg.deregister();
    }

    @Test
    void await_invalidOp_failsFast() throws IOException {
        Pipe p = pipe();
        Registration reg = driver.register(p.source());
        assertThatThrownBy(() -> reg.await(SelectionKey.OP_READ | SelectionKey.OP_WRITE, new CountingWaker()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("op: 5 (expected: one of OP_READ, OP_ACCEPT, OP_WRITE, OP_CONNECT)");
        reg.deregister();
    }
}
