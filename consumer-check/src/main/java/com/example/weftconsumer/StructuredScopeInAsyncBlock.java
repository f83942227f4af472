package com.example.weftconsumer;

import dev.weft.future.Async;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * A {@link StructuredTaskScope} opened inside a Weft async block, as a Java 25 team would write it: the scope's
 * subtasks are virtual threads forked from the block, so they see the runtime (README, "Which threads see a
 * runtime"). One subtask awaits a Weft timer, the other a Weft TCP round trip to a Weft echo task on 127.0.0.1;
 * the block joins the scope and prints both results. Exits 0 when both came back right, 1 otherwise.
 *
 * <p>{@code StructuredTaskScope} is a preview API on JDK 25 (JEP 505): this project compiles with
 * {@code --release 25 --enable-preview} and runs with {@code --enable-preview}. (Weft itself never names it: its
 * own test, weft-core's {@code AsyncChildThreadsTest}, calls it reflectively so that the library builds for 21.)
 */
public final class StructuredScopeInAsyncBlock {
    private StructuredScopeInAsyncBlock() {}

    static final String PING = "ping over Weft TCP from a StructuredTaskScope subtask";
    static final Duration NAP = Duration.ofMillis(50);

    public static void main(String[] args) {
        String joined = WeftRuntime.run(() -> {
            try (TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
                InetSocketAddress at = listener.localAddress();
                // the other end of the round trip: a Weft task echoing one connection until the client closes
                JoinHandle<Integer> echo = Tasks.spawnAsync(() -> {
                    try (TcpStream socket = listener.accept().await()) {
                        ByteBuffer buf = ByteBuffer.allocate(1024);
                        int echoed = 0;
                        while (true) {
                            int n = socket.read(buf.clear()).await();
                            if (n <= 0) return echoed; // -1: the client closed
                            socket.writeAll(buf.flip()).await();
                            echoed += n;
                        }
                    }
                });
                String scoped = Time.timeout(Duration.ofSeconds(30), Async.async(() -> { // the async block
                    try (var scope = StructuredTaskScope.open()) {                        // JDK 25 preview API
                        Subtask<Long> slept = scope.fork(() -> {
                            long start = System.nanoTime();
                            Time.sleep(NAP).await();                                      // Weft's timer
                            return (System.nanoTime() - start) / 1_000_000;
                        });
                        Subtask<String> roundTrip = scope.fork(() -> {
                            try (TcpStream client = TcpStream.connect(at).await()) {       // Weft's TCP
                                byte[] ping = PING.getBytes(StandardCharsets.UTF_8);
                                client.writeAll(ByteBuffer.wrap(ping)).await();
                                ByteBuffer back = ByteBuffer.allocate(ping.length);
                                client.readExact(back).await();
                                return new String(back.array(), StandardCharsets.UTF_8);
                            }
                        });
                        scope.join(); // both subtasks, or the first failure
                        if (slept.get() < NAP.toMillis()) {
                            throw new IllegalStateException("the subtask slept " + slept.get() + " ms (expected: >= 50)");
                        }
                        if (!PING.equals(roundTrip.get())) {
                            throw new IllegalStateException("echoed '" + roundTrip.get() + "' (expected: '" + PING + "')");
                        }
                        return "subtask 1 slept " + slept.get() + " ms on Weft's timer; subtask 2 got '"
                                + roundTrip.get() + "' back over Weft's TCP";
                    }
                })).await();
                int echoed = echo.await();
                return scoped + "; the echo task echoed " + echoed + " bytes";
            }
        });
        System.out.println("StructuredTaskScope inside an async block: " + joined);
    }
}
