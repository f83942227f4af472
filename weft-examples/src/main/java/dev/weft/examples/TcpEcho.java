package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Select;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP echo server and its client on {@code 127.0.0.1}: Tokio's classic first networking program.
 *
 * <pre>{@code
 * let listener = TcpListener::bind("127.0.0.1:0").await?;
 * let addr = listener.local_addr()?;
 * let server = tokio::spawn(async move {
 *     loop {
 *         tokio::select! {
 *             _ = stop.cancelled() => break,
 *             Ok((mut socket, _)) = listener.accept() => {
 *                 tracker.spawn(async move {           // one task per connection
 *                     let mut buf = [0; 1024];
 *                     loop {
 *                         let n = socket.read(&mut buf).await?;
 *                         if n == 0 { return Ok(()); }  // EOF: the client closed
 *                         socket.write_all(&buf[..n]).await?;
 *                     }
 *                 });
 *             }
 *         }
 *     }
 *     tracker.close();
 *     tracker.wait().await;                            // every connection has seen EOF
 * });
 * let mut stream = TcpStream::connect(addr).await?;
 * for line in ["hello", "weft", "bye"] {
 *     stream.write_all(format!("{line}\n").as_bytes()).await?;
 *     let mut echo = vec![0; line.len() + 1];
 *     stream.read_exact(&mut echo).await?;
 *     println!("echoed: {line}");
 * }
 * drop(stream);
 * stop.cancel();
 * server.await?;
 * }</pre>
 *
 * <p>The server binds an ephemeral port, accepts in a {@link Select} with a stop {@link CancellationToken},
 * and runs one async block per connection ({@link TaskTracker#spawn}) that echoes until end of stream. The
 * client sends three lines and reads each echo back with {@code readExact} (TCP is a byte stream: the echo may
 * arrive in several reads, so it reads exactly as many bytes as it sent). Once the client has closed, the
 * server is told to stop, waits for its connections to see EOF, and reports how many it served.
 */
public final class TcpEcho implements Example {

    static final List<String> LINES = List.of("hello", "weft", "bye");

    @Override
    public String name() {
        return "tcp-echo";
    }

    @Override
    public String summary() {
        return "Networking: a TCP echo server (an async block per connection) and a client on 127.0.0.1";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            try (TcpListener listener =
                    TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                InetSocketAddress addr = listener.localAddress(); // the ephemeral port the OS picked
                CancellationToken stop = new CancellationToken();
                JoinHandle<Integer> server = Tasks.spawn(serve(listener, stop));

                try (TcpStream stream = TcpStream.connect(addr).await()) {
                    for (String line : LINES) {
                        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                        stream.writeAll(ByteBuffer.wrap(bytes)).await();
                        ByteBuffer echo = ByteBuffer.allocate(bytes.length);
                        stream.readExact(echo).await();
                        out.println("echoed: " + new String(echo.array(), StandardCharsets.UTF_8).strip());
                    }
                } // closing the stream is the server's EOF

                stop.cancel();
                int served = server.await();
                out.println("server: served " + served + " connection(s), stopped");
            }
        });
    }

    /** The server: accepts until {@code stop} is cancelled, echoes on each connection, returns how many it served. */
    static Future<Integer> serve(TcpListener listener, CancellationToken stop) {
        return Async.async(() -> {
            TaskTracker connections = new TaskTracker();
            AtomicInteger served = new AtomicInteger();
            while (true) {
                TcpStream socket = Select.<TcpStream>select()
                        .on(stop.cancelled(), ignored -> null)
                        .on(listener.accept(), s -> s)
                        .await();
                if (socket == null) break;
                connections.spawn(Async.async(() -> { // one async block per connection
                    try (socket) {
                        ByteBuffer buf = ByteBuffer.allocate(1024);
                        while (socket.read(buf.clear()).await() > 0) { // -1: end of stream
                            socket.writeAll(buf.flip()).await();
                        }
                    }
                    served.incrementAndGet();
                }));
            }
            connections.close();
            connections.waitAll().await(); // every connection has reached EOF
            return served.get();
        });
    }

    public static void main(String[] args) {
        new TcpEcho().run(System.out, Clock.REAL);
    }
}
