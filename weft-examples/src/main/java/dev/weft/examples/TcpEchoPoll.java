package dev.weft.examples;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.sync.CancellationToken;
import dev.weft.task.JoinHandle;
import dev.weft.task.TaskTracker;
import dev.weft.task.Tasks;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link TcpEcho} server written as poll-based futures: the accept loop and each connection are hand-written
 * {@link Future}s (the seed's {@code MyFuture} shape), so a connection costs a task and a buffer, no thread.
 *
 * <p>{@link EchoConnection} is a two-state machine: read what the socket has into the buffer, then write it all
 * back, and again until end of stream. Each {@code pollRead}/{@code pollWrite} that returns {@code Pending} has
 * stored the task's waker with the reactor, so the task sleeps until the socket is ready (rule 3 of the runtime:
 * register before returning {@code Pending}). {@link AcceptLoop} polls the stop token and the listener; each
 * accepted socket becomes a task of a {@link TaskTracker}, which the loop waits on once it is told to stop.
 */
public final class TcpEchoPoll implements Example {

    @Override
    public String name() {
        return "tcp-echo-poll";
    }

    @Override
    public String summary() {
        return "Networking: the same TCP echo server as poll-based futures (no thread per connection)";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            try (TcpListener listener =
                    TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                CancellationToken stop = new CancellationToken();
                JoinHandle<Integer> server = Tasks.spawn(new AcceptLoop(listener, stop));
                try (TcpStream stream = TcpStream.connect(listener.localAddress()).await()) {
                    for (String line : TcpEcho.LINES) {
                        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                        stream.writeAll(ByteBuffer.wrap(bytes)).await();
                        ByteBuffer echo = ByteBuffer.allocate(bytes.length);
                        stream.readExact(echo).await();
                        out.println("echoed: " + new String(echo.array(), StandardCharsets.UTF_8).strip());
                    }
                }
                stop.cancel();
                out.println("server: served " + server.await() + " connection(s), stopped");
            }
        });
    }

    /** Accepts until {@code stop} is cancelled, spawns an {@link EchoConnection} per socket, returns the count. */
    static final class AcceptLoop implements Future<Integer> {
        private final TcpListener listener;
        private final Future<Void> stopped;
        private final TaskTracker connections = new TaskTracker();
        private final AtomicInteger served = new AtomicInteger();
        private Future<TcpStream> accept;
        private Future<Void> drained; // set once stopping: every connection has reached end of stream

        AcceptLoop(TcpListener listener, CancellationToken stop) {
            this.listener = listener;
            this.stopped = stop.cancelled();
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            while (drained == null) {
                if (stopped.poll(cx).isReady()) {
                    if (accept != null) accept.cancel(); // drop the pending accept: it will never be polled again
                    accept = null;
                    connections.close();
                    drained = connections.waitAll();
                    break;
                }
                if (accept == null) accept = listener.accept();
                Poll<TcpStream> p = accept.poll(cx);
                if (p.isPending()) return Poll.pending(); // both the token and the listener hold our waker
                accept = null;
                connections.spawn(new EchoConnection(p.value(), served));
            }
            return drained.poll(cx).isReady() ? Poll.ready(served.get()) : Poll.pending();
        }

        @Override
        public void cancel() {
            if (accept != null) accept.cancel();
            stopped.cancel();
            if (drained != null) drained.cancel();
        }
    }

    /** Echoes one connection until end of stream: read, then write everything read, and again. */
    static final class EchoConnection implements Future<Void> {
        private final TcpStream socket;
        private final AtomicInteger served;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1024);
        private boolean writing;

        EchoConnection(TcpStream socket, AtomicInteger served) {
            this.socket = socket;
            this.served = served;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (writing) {
                    while (buf.hasRemaining()) {
                        if (socket.pollWrite(cx, buf).isPending()) return Poll.pending();
                    }
                    writing = false;
                    buf.clear();
                }
                Poll<Integer> read = socket.pollRead(cx, buf);
                if (read.isPending()) return Poll.pending();
                if (read.value() < 0) { // the client closed: we are done
                    socket.close();
                    served.incrementAndGet();
                    return Poll.ready(null);
                }
                buf.flip();
                writing = true;
            }
        }

        @Override
        public void cancel() {
            socket.close(); // releases the registration with the reactor
        }
    }

    public static void main(String[] args) {
        new TcpEchoPoll().run(System.out, Clock.REAL);
    }
}
