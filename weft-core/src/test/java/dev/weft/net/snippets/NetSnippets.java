package dev.weft.net.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.net.UdpSocket;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.Tasks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.net's javadoc pulls in; each runs as a test. */
class NetSnippets {

    @Test
    void echoServer() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            // @start region=echoServer
            rt.spawn(Async.async(() -> {
                for (;;) {
                    TcpStream socket = listener.accept().await();
                    Tasks.spawnAsync(() -> { // one async block per connection
                        try (socket) {
                            ByteBuffer buf = ByteBuffer.allocate(1024);
                            while (socket.read(buf.clear()).await() > 0) {
                                socket.writeAll(buf.flip()).await();
                            }
                        }
                        return null;
                    });
                }
            }));
            // @end
            InetSocketAddress addr = listener.localAddress();
            String reply = rt.blockOn(Async.async(() -> {
                // @start region=client
                try (TcpStream stream = TcpStream.connect(addr).await()) {
                    stream.writeAll(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8))).await();
                    ByteBuffer reply4 = ByteBuffer.allocate(4);
                    stream.readExact(reply4).await();
                    return new String(reply4.array(), StandardCharsets.UTF_8);
                }
                // @end
            }));
            assertThat(reply).isEqualTo("ping");
            listener.close();
        }
    }

    @Test
    void udp() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            String got = rt.blockOn(Async.async(() -> {
                // @start region=udp
                try (UdpSocket a = UdpSocket.bind(loopback); UdpSocket b = UdpSocket.bind(loopback)) {
                    a.sendTo(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)), b.localAddress()).await();
                    ByteBuffer buf = ByteBuffer.allocate(1500);
                    UdpSocket.Received r = b.recvFrom(buf).await(); // r.sender() is a's address
                    return new String(buf.array(), 0, r.bytes(), StandardCharsets.UTF_8);
                }
                // @end
            }));
            assertThat(got).isEqualTo("hi");
        }
    }
}
