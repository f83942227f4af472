package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.io.IoDriver;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private WeftRuntime rt;
    private IoDriver driver;

    @BeforeEach
    void setUp() {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
        driver = rt.blockOn(Echo.driver());
    }

    @AfterEach
    void tearDown() {
        rt.close();
    }

    /** Accepts connections forever, echoing each on its own poll-style task. */
    private JoinHandle<Void> echoServer(TcpListener listener, int bufferSize) {
        return rt.spawn(Async.async(() -> {
            for (;;) {
                TcpStream s = listener.accept().await();
                Tasks.spawn(new Echo<>(s, bufferSize));
            }
        }));
    }

    @Test
    void echo_5000ConcurrentConnections_allRoundTrip() throws Exception {
        int connections = 5000;
        int rounds = 4;
        int size = 128;
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK, 8192)) {
            InetSocketAddress addr = listener.localAddress();
            echoServer(listener, 1024);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger connected = new AtomicInteger();
            AtomicLong allConnectedAt = new AtomicLong();
            Runnable onConnect = () -> {
                if (connected.incrementAndGet() == connections) allConnectedAt.set(System.nanoTime());
            };
            long start = System.nanoTime();
            List<JoinHandle<Void>> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                int id = i;
                if (i % 2 == 0) {
                    // async-block client
                    clients.add(rt.spawn(Async.async(() -> {
                        try (TcpStream s = TcpStream.connect(addr).await()) {
                            onConnect.run();
                            ByteBuffer out = ByteBuffer.allocate(size);
                            ByteBuffer in = ByteBuffer.allocate(size);
                            for (int r = 0; r < rounds; r++) {
                                out.clear();
                                while (out.hasRemaining()) out.put((byte) (id + r));
                                out.flip();
                                s.writeAll(out).await();
                                in.clear();
                                s.readExact(in).await();
                                in.flip();
                                while (in.hasRemaining()) {
                                    if (in.get() != (byte) (id + r)) throw new AssertionError("corrupt echo");
                                }
                            }
                        }
                        ok.incrementAndGet();
                        return null;
                    })));
                } else {
                    // poll-style client: connect, then a hand-written write/read state machine
                    clients.add(rt.spawn(TcpStream.connect(addr).then(s -> {
                        onConnect.run();
                        return new PollClient(s, id, rounds, size, ok);
                    })));
                }
            }
            for (JoinHandle<Void> h : clients) rt.blockOn(h);
            long elapsed = System.nanoTime() - start;
            assertThat(ok.get()).isEqualTo(connections);
            double seconds = elapsed / 1e9;
            long bytes = 2L * connections * rounds * size;
            System.out.printf("echo: %d connections x %d round trips of %d B in %.2f s (all connected after %.2f s):"
                    + " %.0f round trips/s, %.1f MB/s (both directions)%n", connections, rounds, size, seconds,
                    (allConnectedAt.get() - start) / 1e9, connections * rounds / seconds, bytes / seconds / 1e6);
        }
    }

    /** A poll-style client: writes a frame, reads its echo, {@code rounds} times. */
    private static final class PollClient implements Future<Void> {
        private final TcpStream s;
        private final int id;
        private final int rounds;
        private final ByteBuffer out;
        private final ByteBuffer in;
        private final AtomicInteger ok;
        private int round;
        private boolean reading;

        PollClient(TcpStream s, int id, int rounds, int size, AtomicInteger ok) {
            this.s = s;
            this.id = id;
            this.rounds = rounds;
            this.out = ByteBuffer.allocate(size);
            this.in = ByteBuffer.allocate(size);
            this.ok = ok;
            fill();
        }

        private void fill() {
            out.clear();
            while (out.hasRemaining()) out.put((byte) (id * 31 + round));
            out.flip();
            in.clear();
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (round < rounds) {
                if (!reading) {
                    while (out.hasRemaining()) {
                        if (s.pollWrite(cx, out).isPending()) return Poll.pending();
                    }
                    reading = true;
                }
                while (in.hasRemaining()) {
                    Poll<Integer> p = s.pollRead(cx, in);
                    if (p.isPending()) return Poll.pending();
                    if (p.value() < 0) throw new AssertionError("early EOF");
                }
                in.flip();
                while (in.hasRemaining()) {
                    if (in.get() != (byte) (id * 31 + round)) throw new AssertionError("corrupt echo");
                }
                round++;
                reading = false;
                fill();
            }
            s.close();
            ok.incrementAndGet();
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            s.close();
        }
    }

    @Test
    void largePayload_smallBuffers_arrivesIntactThroughPartialReadsAndWrites() {
        int size = 8 << 20;
        byte[] payload = new byte[size];
        new Random(42).nextBytes(payload);
        CRC32 expected = new CRC32();
        expected.update(payload);
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            echoServer(listener, 1000); // echoes through a 1000-byte buffer: many partial writes
            long crc = rt.blockOn(Async.async(() -> {
                TcpStream s = TcpStream.connect(addr).await();
                StreamHalves halves = s.split();
                JoinHandle<Void> writer = Tasks.spawnAsync(() -> {
                    try (WriteHalf w = halves.write()) {
                        ByteBuffer src = ByteBuffer.wrap(payload);
                        while (src.hasRemaining()) {
                            int n = w.write(src.slice(src.position(), Math.min(src.remaining(), 70_000))).await();
                            assertThat(n).isPositive();
                            src.position(src.position() + n);
                        }
                    }
                    return null;
                });
                CRC32 got = new CRC32();
                long total = 0;
                int partial = 0;
                try (ReadHalf r = halves.read()) {
                    ByteBuffer dst = ByteBuffer.allocate(517);
                    for (;;) {
                        dst.clear();
                        int n = r.read(dst).await();
                        if (n < 0) break;
                        if (n < dst.capacity()) partial++;
                        got.update(dst.array(), 0, n);
                        total += n;
                    }
                }
                writer.await();
                assertThat(total).isEqualTo(size);
                assertThat(partial).as("reads that returned less than asked").isPositive();
                return got.getValue();
            }));
            assertThat(crc).isEqualTo(expected.getValue());
        }
    }

    @Test
    void peerReset_midFrame_readFailsWithUncheckedIOException_andRuntimeSurvives() throws Exception {
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            CountDownLatch gotPrefix = new CountDownLatch(1);
            JoinHandle<Void> server = rt.spawn(Async.async(() -> {
                try (TcpStream s = listener.accept().await()) {
                    ByteBuffer frame = ByteBuffer.allocate(10);
                    ByteBuffer prefix = frame.slice(0, 4);
                    s.readExact(prefix).await();
                    gotPrefix.countDown();
                    s.readExact(frame.position(4)).await(); // the peer resets before the rest arrives
                }
                return null;
            }));
            TcpStream client = rt.blockOn(TcpStream.connect(addr));
            rt.blockOn(client.writeAll(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})));
            assertThat(gotPrefix.await(10, TimeUnit.SECONDS)).isTrue();
            client.setLinger(Duration.ZERO);
            client.close(); // RST
            assertThatThrownBy(() -> rt.blockOn(server))
                    .isInstanceOf(JoinError.class)
                    .cause().isInstanceOf(UncheckedIOException.class)
                    .cause().isInstanceOf(IOException.class);
            // the runtime and the listener still work
            echoServer(listener, 64);
            String reply = rt.blockOn(Async.async(() -> {
                try (TcpStream s = TcpStream.connect(addr).await()) {
                    s.writeAll(ByteBuffer.wrap("still alive".getBytes(StandardCharsets.UTF_8))).await();
                    ByteBuffer in = ByteBuffer.allocate(11);
                    s.readExact(in).await();
                    return new String(in.array(), StandardCharsets.UTF_8);
                }
            }));
            assertThat(reply).isEqualTo("still alive");
        }
    }

    @Test
    void shutdownOutput_peerReadsEof_andCanStillWriteBack() {
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            JoinHandle<String> server = rt.spawn(Async.async(() -> {
                try (TcpStream s = listener.accept().await()) {
                    ByteBuffer in = ByteBuffer.allocate(64);
                    int n;
                    while ((n = s.read(in).await()) >= 0) {
                        assertThat(n).isPositive();
                    }
                    assertThat(s.read(ByteBuffer.allocate(8)).await()).as("EOF is sticky").isEqualTo(-1);
                    s.writeAll(ByteBuffer.wrap("bye".getBytes(StandardCharsets.UTF_8))).await();
                    return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
                }
            }));
            String clientSaw = rt.blockOn(Async.async(() -> {
                try (TcpStream s = TcpStream.connect(addr).await()) {
                    s.writeAll(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).await();
                    s.shutdownOutput();
                    assertThatThrownBy(() -> s.write(ByteBuffer.wrap(new byte[1])).await())
                            .isInstanceOf(UncheckedIOException.class);
                    ByteBuffer in = ByteBuffer.allocate(3);
                    s.readExact(in).await();
                    assertThat(s.read(ByteBuffer.allocate(1)).await()).isEqualTo(-1);
                    return new String(in.array(), StandardCharsets.UTF_8);
                }
            }));
            assertThat(clientSaw).isEqualTo("bye");
            assertThat(rt.blockOn(server)).isEqualTo("hello");
        }
    }

    @Test
    void readExact_peerClosesEarly_failsWithEof() {
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            rt.spawn(Async.async(() -> {
                try (TcpStream s = listener.accept().await()) {
                    s.writeAll(ByteBuffer.wrap(new byte[3])).await();
                }
                return null;
            }));
            assertThatThrownBy(() -> rt.blockOn(Async.async(() -> {
                try (TcpStream s = TcpStream.connect(addr).await()) {
                    s.readExact(ByteBuffer.allocate(10)).await();
                }
                return null;
            }))).isInstanceOf(UncheckedIOException.class).cause().isInstanceOf(EOFException.class);
        }
    }

    @Test
    void slowReader_writeAllStaysPending_thenCompletesWhenDrained() throws Exception {
        int size = 32 << 20;
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            JoinHandle<TcpStream> accepted = rt.spawn(listener.accept());
            TcpStream client = rt.blockOn(TcpStream.connect(addr));
            TcpStream server = rt.blockOn(accepted);
            ByteBuffer payload = ByteBuffer.allocateDirect(size);
            CountDownLatch wentPending = new CountDownLatch(1);
            AtomicLong pendingAt = new AtomicLong(-1);
            Future<Void> writeAll = client.writeAll(payload);
            JoinHandle<Void> writer = rt.spawn(cx -> { // poll-style wrapper that reports its first Pending
                Poll<Void> p = writeAll.poll(cx);
                if (p.isPending() && wentPending.getCount() > 0) {
                    pendingAt.set(payload.position());
                    wentPending.countDown();
                }
                return p;
            });
            assertThat(wentPending.await(20, TimeUnit.SECONDS)).isTrue();
            // nobody reads: the kernel buffers are full and the writer waits for OP_WRITE, buffering nothing itself
            assertThat(writer.isFinished()).isFalse();
            assertThat(pendingAt.get()).isBetween(1L, (long) size - 1);
            assertThat(payload.position()).isLessThan(size);
            assertThat(driver.waiterCount()).isGreaterThanOrEqualTo(1);
            // drain in a poll-style reader
            ByteBuffer sink = ByteBuffer.allocate(64 << 10);
            long[] read = {0};
            long drained = rt.blockOn(cx -> {
                for (;;) {
                    sink.clear();
                    Poll<Integer> p = server.pollRead(cx, sink);
                    if (p.isPending()) return Poll.pending();
                    if (p.value() < 0) return Poll.ready(read[0]);
                    read[0] += p.value();
                    if (read[0] == size) return Poll.ready(read[0]);
                }
            });
            rt.blockOn(writer);
            assertThat(drained).isEqualTo(size);
            assertThat(payload.hasRemaining()).isFalse();
            client.close();
            server.close();
        }
    }

    @Test
    void cancelPendingRead_withdrawsInterest_andCloseDeregisters() throws Exception {
        int baseline = driver.registrationCount();
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            JoinHandle<TcpStream> accepted = rt.spawn(listener.accept());
            TcpStream client = rt.blockOn(TcpStream.connect(addr));
            TcpStream server = rt.blockOn(accepted);
            assertThat(driver.registrationCount()).isEqualTo(baseline + 3); // listener, client, server
            // poll-style: poll once (Pending, interest registered), cancel, check at once
            Future<Integer> read = server.read(ByteBuffer.allocate(8));
            int waitingWhilePending = rt.blockOn(cx -> {
                assertThat(read.poll(cx).isPending()).isTrue();
                int w = driver.waiterCount();
                read.cancel();
                return Poll.ready(w);
            });
            assertThat(waitingWhilePending).isEqualTo(1);
            assertThat(driver.waiterCount()).isZero();
            // async style: a read that loses to a timeout is cancelled by it
            assertThatThrownBy(() -> rt.blockOn(Async.async(() ->
                    Time.timeout(Duration.ofMillis(20), server.read(ByteBuffer.allocate(8))).await())))
                    .isInstanceOf(TimeoutElapsedException.class);
            assertThat(driver.waiterCount()).isZero();
            // nothing was consumed by the cancelled reads
            rt.blockOn(client.writeAll(ByteBuffer.wrap(new byte[] {7})));
            ByteBuffer one = ByteBuffer.allocate(1);
            assertThat(rt.blockOn(server.read(one))).isEqualTo(1);
            assertThat(one.get(0)).isEqualTo((byte) 7);
            client.close();
            server.close();
            client.close(); // idempotent
        }
        assertThat(driver.registrationCount()).isEqualTo(baseline);
        assertThat(driver.waiterCount()).isZero();
    }

    @Test
    void cancelPendingAccept_losesNoConnection() {
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            Future<TcpStream> accept = listener.accept();
            rt.blockOn(cx -> {
                assertThat(accept.poll(cx).isPending()).isTrue();
                accept.cancel();
                return Poll.ready(null);
            });
            assertThat(driver.waiterCount()).isZero();
            assertThatThrownBy(() -> rt.blockOn(Time.timeout(Duration.ofMillis(20), listener.accept())))
                    .isInstanceOf(TimeoutElapsedException.class);
            assertThat(driver.waiterCount()).isZero();
            TcpStream client = rt.blockOn(TcpStream.connect(addr));
            TcpStream server = rt.blockOn(listener.accept());
            assertThat(server.peerAddress()).isEqualTo(client.localAddress());
            assertThat(server.localAddress()).isEqualTo(addr);
            client.close();
            server.close();
        }
    }

    @Test
    void accept_onClosedListener_failsCleanly() {
        TcpListener listener = TcpListener.bind(ANY_LOOPBACK);
        // pending accept woken by close
        JoinHandle<TcpStream> pending = rt.spawn(listener.accept());
        rt.blockOn(Async.async(() -> {
            while (driver.waiterCount() == 0) Tasks.yieldNow().await();
            return null;
        }));
        listener.close();
        assertThatThrownBy(() -> rt.blockOn(pending))
                .isInstanceOf(JoinError.class)
                .cause().isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(ClosedChannelException.class);
        // accept after close
        assertThatThrownBy(() -> rt.blockOn(listener.accept()))
                .isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(ClosedChannelException.class);
        listener.close(); // idempotent
        assertThat(driver.waiterCount()).isZero();
    }

    @Test
    void connect_refused_failsWithConnectException() {
        InetSocketAddress addr;
        try (TcpListener l = TcpListener.bind(ANY_LOOPBACK)) {
            addr = l.localAddress();
        }
        int baseline = driver.registrationCount();
        assertThatThrownBy(() -> rt.blockOn(TcpStream.connect(addr)))
                .isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(ConnectException.class);
        assertThat(driver.registrationCount()).isEqualTo(baseline);
    }

    @Test
    void connectWithTimeout_succeedsWithinIt_andCancelBeforeCompletionClosesTheSocket() {
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            int baseline = driver.registrationCount();
            TcpStream s = rt.blockOn(TcpStream.connect(listener.localAddress(), Duration.ofSeconds(5)));
            s.setNoDelay(true);
            s.setKeepAlive(true);
            assertThat(s.noDelay()).isTrue();
            assertThat(s.keepAlive()).isTrue();
            assertThat(s.peerAddress()).isEqualTo(listener.localAddress());
            s.close();
            // a connect cancelled after its first poll releases its socket and registration
            Future<TcpStream> connect = TcpStream.connect(listener.localAddress());
            rt.blockOn(cx -> {
                connect.poll(cx); // may complete at once on loopback, or be pending
                connect.cancel();
                return Poll.ready(null);
            });
            assertThat(driver.registrationCount()).isLessThanOrEqualTo(baseline + 1);
        }
        assertThatThrownBy(() -> TcpStream.connect(new InetSocketAddress("localhost", 1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> TcpStream.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 80)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> TcpListener.bind(ANY_LOOPBACK, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlog: 0");
    }

    @Test
    void split_halvesReadAndWriteConcurrently_andSocketClosesWithBothHalves() {
        try (TcpListener listener = TcpListener.bind(ANY_LOOPBACK)) {
            InetSocketAddress addr = listener.localAddress();
            echoServer(listener, 256);
            int baseline = driver.registrationCount();
            TcpStream s = rt.blockOn(TcpStream.connect(addr));
            StreamHalves h = s.split();
            assertThatThrownBy(() -> s.read(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
            JoinHandle<Integer> reader = rt.spawn(Async.async(() -> {
                ByteBuffer in = ByteBuffer.allocate(1 << 20);
                while (in.hasRemaining() && h.read().read(in).await() > 0) { }
                return in.position();
            }));
            AtomicBoolean wrote = new AtomicBoolean();
            rt.blockOn(Async.async(() -> {
                h.write().writeAll(ByteBuffer.allocate(1 << 20)).await();
                wrote.set(true);
                return null;
            }));
            assertThat(wrote).isTrue();
            assertThat(rt.blockOn(reader)).isEqualTo(1 << 20);
            h.write().close(); // FIN; the socket stays open for the read half
            // our read half stays registered; the server's side may or may not have seen our FIN yet
            assertThat(driver.registrationCount()).isGreaterThanOrEqualTo(baseline + 1);
            assertThat(rt.blockOn(h.read().read(ByteBuffer.allocate(1)))).isEqualTo(-1); // echo server saw EOF
            h.read().close();
            // the echo server closes its side after our FIN, on its own task; only its listener (pending in accept,
            // registered whenever the server task first polled it) may remain
            awaitRegistrationsAtMost(baseline + 1);
        }
    }

    /** Waits (bounded) until the driver holds at most {@code expected} registrations; fails otherwise. */
    private void awaitRegistrationsAtMost(int expected) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (driver.registrationCount() > expected && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(driver.registrationCount()).as("registrations after close").isLessThanOrEqualTo(expected);
    }

    @Test
    void pollOutsideRuntime_failsWithHowToFix() {
        Future<TcpStream> f = TcpStream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
        assertThatThrownBy(() -> f.poll(new Context(() -> { })))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside a Weft runtime");
    }
}
