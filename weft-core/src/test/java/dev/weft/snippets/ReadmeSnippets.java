package dev.weft.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README.md's "A taste: an echo server", run as a test: the same body (void async blocks, no {@code return null}),
 * accepting one connection on an ephemeral port instead of looping forever on port 7000, with a client.
 */
@Timeout(60)
class ReadmeSnippets {

    @Test
    void echoServer_voidBodies_echoBack() {
        String echoed = WeftRuntime.run(() -> {
            TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
            JoinHandle<Void> server = Tasks.spawnAsync(() -> {
                TcpStream socket = listener.accept().await();      // .await on any Weft future
                JoinHandle<Void> connection = Tasks.spawnAsync(() -> { // tokio::spawn(async move { ... })
                    try (socket) {
                        ByteBuffer buf = ByteBuffer.allocate(1024);
                        while (socket.read(buf.clear()).await() > 0) socket.writeAll(buf.flip()).await();
                    }
                });
                connection.await();
            });
            try (TcpStream client = TcpStream.connect(listener.localAddress()).await()) {
                client.writeAll(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).await();
                ByteBuffer in = ByteBuffer.allocate(5);
                while (in.hasRemaining()) {
                    if (client.read(in).await() < 0) break;
                }
                client.shutdownOutput();
                server.await();
                listener.close();
                return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
            }
        });
        assertThat(echoed).isEqualTo("hello");
    }
}
