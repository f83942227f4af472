package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncWrite;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gathering write {@link AsyncWrite#pollWriteVectored}: the socket override and the default. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteVectoredTest {
    private WeftRuntime rt;

    @BeforeEach
    void setUp() {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
    }

    @AfterEach
    void tearDown() {
        rt.close();
    }

    /** A future writing every buffer of {@code srcs} with gathering writes. */
    static Future<Long> writeAllVectored(AsyncWrite w, ByteBuffer[] srcs) {
        return new Future<>() {
            long total;
            int first;

            @Override
            public Poll<Long> poll(Context cx) {
                for (;;) {
                    while (first < srcs.length && !srcs[first].hasRemaining()) first++;
                    if (first == srcs.length) return Poll.ready(total);
                    Poll<Long> p = w.pollWriteVectored(cx, srcs, first, srcs.length - first);
                    if (p.isPending()) return Poll.pending();
                    total += p.value();
                }
            }
        };
    }

    @Test
    void pollWriteVectored_socketLargerThanSendBuffer_allBytesArriveInOrder() {
        try (TcpListener listener = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] head = "HEAD".getBytes();
            byte[] big = new byte[3 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) i;
            JoinHandle<byte[]> reader = rt.spawn(Async.async(() -> {
                try (TcpStream s = listener.accept().await()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteBuffer buf = ByteBuffer.allocate(1000); // small reads: the writer meets backpressure
                    while (s.read(buf.clear()).await() > 0) out.write(buf.array(), 0, buf.position());
                    return out.toByteArray();
                }
            }));
            long written = rt.blockOn(Async.async(() -> {
                try (TcpStream s = TcpStream.connect(listener.localAddress()).await()) {
                    return writeAllVectored(s, new ByteBuffer[] {
                        ByteBuffer.wrap(head), ByteBuffer.allocate(0), ByteBuffer.wrap(big), ByteBuffer.wrap(head)
                    }).await();
                }
            }));
            assertThat(written).isEqualTo(big.length + 8L);
            byte[] got = rt.blockOn(reader);
            assertThat(got).hasSize(big.length + 8);
            assertThat(new String(got, 0, 4)).isEqualTo("HEAD");
            assertThat(new String(got, got.length - 4, 4)).isEqualTo("HEAD");
            for (int i = 0; i < big.length; i += 4099) assertThat(got[4 + i]).isEqualTo((byte) i);
        }
    }

    @Test
    void pollWriteVectored_allEmpty_readyZero_andDefaultWritesFirstNonEmpty() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AsyncWrite w = new AsyncWrite() {
            @Override
            public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
                int n = Math.min(2, src.remaining()); // a writer that takes two bytes at a time
                for (int i = 0; i < n; i++) sink.write(src.get());
                return Poll.ready(n);
            }

            @Override
            public Poll<Void> pollFlush(Context cx) {
                return Poll.ready(null);
            }

            @Override
            public Poll<Void> pollShutdown(Context cx) {
                return Poll.ready(null);
            }
        };
        Context cx = new Context(() -> { });
        assertThat(w.pollWriteVectored(cx, new ByteBuffer[] {ByteBuffer.allocate(0)}, 0, 1).value()).isZero();
        ByteBuffer[] srcs = {ByteBuffer.allocate(0), ByteBuffer.wrap("abc".getBytes()), ByteBuffer.wrap("de".getBytes())};
        assertThat(rt.blockOn(writeAllVectored(w, srcs))).isEqualTo(5);
        assertThat(sink.toString()).isEqualTo("abcde");
    }
}
