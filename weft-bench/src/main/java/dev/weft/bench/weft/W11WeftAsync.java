package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.future.Futures;
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
 * W11 weft-async: an echo server and its clients as async blocks over Weft's NIO reactor, or over the epoll driver
 * as {@code weft-async-epoll} (ADR 0014).
 */
public final class W11WeftAsync extends WeftRow {
    public W11WeftAsync() {
        this(null);
    }

    /** {@code ioDriver}: null for the default reactor ({@code weft-async}), EPOLL for {@code weft-async-epoll}. */
    public W11WeftAsync(IoDriverKind ioDriver) {
        super(Workload.W11, ioDriver == IoDriverKind.EPOLL ? "weft-async-epoll" : "weft-async",
                "async blocks: accept loop + an echo block per connection; client blocks writeAll(64) then"
                + " readExact(64), TCP_NODELAY, direct buffers"
                + (ioDriver == IoDriverKind.EPOLL ? "; epoll I/O driver (FFM)" : ""), ioDriver);
    }

    @Override
    public Outcome run(long n) {
        int conns = Math.toIntExact(n / Workload.ROUND_TRIPS_PER_CONNECTION);
        long verified = onRuntime(Async.async(() -> {
            try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    conns * 2)) {
                InetSocketAddress addr = listener.localAddress();
                JoinHandle<Void> server = Tasks.spawnAsync(() -> {
                    for (int c = 0; c < conns; c++) {
                        TcpStream s = listener.accept().await();
                        Tasks.spawnAsync(() -> echo(s));
                    }
                    return null;
                });
                List<JoinHandle<Long>> clients = new ArrayList<>(conns);
                for (int c = 0; c < conns; c++) {
                    int id = c;
                    clients.add(Tasks.spawnAsync(() -> client(addr, id)));
                }
                long sum = 0;
                for (long v : Futures.joinAll(clients).await()) sum += v;
                server.await();
                return sum;
            }
        }));
        return Outcome.of(verified);
    }

    private static Void echo(TcpStream s) {
        try (s) {
            s.setNoDelay(true);
            ByteBuffer buf = ByteBuffer.allocateDirect(Workload.ECHO_READ_BUFFER_BYTES);
            for (;;) {
                buf.clear();
                if (s.read(buf).await() < 0) return null;
                buf.flip();
                s.writeAll(buf).await();
            }
        }
    }

    private static long client(InetSocketAddress addr, int id) {
        try (TcpStream s = TcpStream.connect(addr).await()) {
            s.setNoDelay(true);
            ByteBuffer msg = ByteBuffer.allocateDirect(Workload.MESSAGE_BYTES);
            ByteBuffer back = ByteBuffer.allocateDirect(Workload.MESSAGE_BYTES);
            long ok = 0;
            for (int r = 0; r < Workload.ROUND_TRIPS_PER_CONNECTION; r++) {
                msg.clear();
                msg.put(0, (byte) id).put(1, (byte) r).put(Workload.MESSAGE_BYTES - 1, (byte) (r >> 8));
                s.writeAll(msg).await();
                back.clear();
                s.readExact(back).await();
                if (!msg.flip().equals(back.flip())) {
                    throw new SelfCheckFailed("W11: connection " + id + " round trip " + r + " echoed wrong bytes");
                }
                ok++;
            }
            return ok;
        }
    }
}
