package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.IoDriverKind;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * W11 weft-poll: the echo server and clients as hand-written poll state machines (no thread per connection), on
 * the default (NIO selector) reactor, or on the epoll driver as {@code weft-poll-epoll} (ADR 0014).
 */
public final class W11WeftPoll extends WeftRow {
    public W11WeftPoll() {
        this(null);
    }

    /** {@code ioDriver}: null for the default reactor ({@code weft-poll}), EPOLL for {@code weft-poll-epoll}. */
    public W11WeftPoll(IoDriverKind ioDriver) {
        super(Workload.W11, ioDriver == IoDriverKind.EPOLL ? "weft-poll-epoll" : "weft-poll",
                "poll futures: accept loop spawning an echo state machine per connection; client state machines"
                + " write 64 then read exactly 64, TCP_NODELAY, direct buffers (the server's: 1 KiB)"
                + (ioDriver == IoDriverKind.EPOLL ? "; epoll I/O driver (FFM)" : ""), ioDriver);
    }

    /**
     * Why a runtime on the epoll I/O driver cannot be built in this JVM (the NA reason of the {@code -epoll} rows),
     * or null when it can.
     */
    public static String epollUnavailable() {
        try (dev.weft.runtime.WeftRuntime probe = dev.weft.runtime.WeftRuntime.currentThread()
                .ioDriver(IoDriverKind.EPOLL).build()) {
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Override
    public Outcome run(long n) {
        int conns = Math.toIntExact(n / Workload.ROUND_TRIPS_PER_CONNECTION);
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                conns * 2)) {
            InetSocketAddress addr = listener.localAddress();
            long verified = onRuntime(Futures.lazy(() -> {
                JoinHandle<Void> server = Tasks.spawn(new AcceptLoop(listener, conns));
                List<JoinHandle<Long>> clients = new ArrayList<>(conns);
                for (int c = 0; c < conns; c++) clients.add(Tasks.spawn(new Client(addr, c)));
                return Futures.joinAll(clients).then(counts -> server.map(v -> {
                    long sum = 0;
                    for (long k : counts) sum += k;
                    return sum;
                }));
            }).then(f -> f));
            return Outcome.of(verified);
        }
    }

    /** Accepts {@code conns} connections, spawning an {@link Echo} for each. */
    private static final class AcceptLoop implements Future<Void> {
        private final TcpListener listener;
        private int remaining;

        AcceptLoop(TcpListener listener, int conns) {
            this.listener = listener;
            this.remaining = conns;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (remaining > 0) {
                Poll<TcpStream> p = listener.pollAccept(cx);
                if (p.isPending()) return Poll.pending();
                TcpStream s = p.value();
                s.setNoDelay(true);
                Tasks.spawn(new Echo(s));
                remaining--;
            }
            return Poll.ready(null);
        }
    }

    /** Reads what arrives and writes it back, until EOF. */
    private static final class Echo implements Future<Void> {
        private final TcpStream s;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(Workload.ECHO_READ_BUFFER_BYTES);
        private boolean writing;

        Echo(TcpStream s) {
            this.s = s;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (writing) {
                    while (buf.hasRemaining()) {
                        if (s.pollWrite(cx, buf).isPending()) return Poll.pending();
                    }
                    writing = false;
                    buf.clear();
                }
                Poll<Integer> r = s.pollRead(cx, buf);
                if (r.isPending()) return Poll.pending();
                if (r.value() < 0) {
                    s.close();
                    return Poll.ready(null);
                }
                buf.flip();
                writing = true;
            }
        }

        @Override
        public void cancel() {
            s.close();
        }
    }

    /** Connects, then does the round trips: write the 64-byte message, read exactly 64 back, compare. */
    private static final class Client implements Future<Long> {
        private final int id;
        private Future<TcpStream> connecting;
        private TcpStream s;
        private final ByteBuffer msg = ByteBuffer.allocateDirect(Workload.MESSAGE_BYTES);
        private final ByteBuffer back = ByteBuffer.allocateDirect(Workload.MESSAGE_BYTES);
        private int trip;
        private boolean reading;

        Client(InetSocketAddress addr, int id) {
            this.id = id;
            this.connecting = TcpStream.connect(addr);
        }

        @Override
        public Poll<Long> poll(Context cx) {
            if (s == null) {
                Poll<TcpStream> c = connecting.poll(cx);
                if (c.isPending()) return Poll.pending();
                s = c.value();
                s.setNoDelay(true);
                connecting = null;
                fillMessage();
            }
            while (trip < Workload.ROUND_TRIPS_PER_CONNECTION) {
                if (!reading) {
                    while (msg.hasRemaining()) {
                        if (s.pollWrite(cx, msg).isPending()) return Poll.pending();
                    }
                    reading = true;
                    back.clear();
                }
                while (back.hasRemaining()) {
                    Poll<Integer> r = s.pollRead(cx, back);
                    if (r.isPending()) return Poll.pending();
                    if (r.value() < 0) throw new SelfCheckFailed("W11: connection " + id + " closed early");
                }
                if (!msg.flip().equals(back.flip())) {
                    throw new SelfCheckFailed("W11: connection " + id + " round trip " + trip + " echoed wrong bytes");
                }
                reading = false;
                trip++;
                fillMessage();
            }
            s.close();
            return Poll.ready((long) trip);
        }

        private void fillMessage() {
            msg.clear();
            msg.put(0, (byte) id).put(1, (byte) trip).put(Workload.MESSAGE_BYTES - 1, (byte) (trip >> 8));
        }

        @Override
        public void cancel() {
            if (connecting != null) connecting.cancel();
            if (s != null) s.close();
        }
    }
}
