package dev.weft.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FramedTest {

    @Test
    void feed_withSlowWriter_waitsAboveHighWaterMark_andBufferStaysBounded() {
        MemoryPipe pipe = new MemoryPipe(64, 16); // small buffer, 16 bytes per write
        FramedWrite<byte[]> fw = new FramedWrite<>(pipe.writer(), LengthDelimitedCodec.create(), 100);
        TestWaker w = new TestWaker();
        int maxBuffered = 0;
        int sent = 0;
        int pendings = 0;
        FramedRead<byte[]> fr = new FramedRead<>(pipe.reader(), LengthDelimitedCodec.create());
        List<byte[]> received = new ArrayList<>();
        Future<Void> f = null;
        while (sent < 50) {
            if (f == null) f = fw.feed(new byte[] {(byte) sent, 1, 2, 3, 4, 5});
            Poll<Void> p = w.poll(f);
            maxBuffered = Math.max(maxBuffered, fw.bufferedBytes());
            if (p.isReady()) {
                sent++;
                f = null;
            } else {
                pendings++;
                int wakesBefore = w.wakeCount();
                // the reading peer drains; that must wake the blocked sender
                Poll<Optional<byte[]>> r;
                while ((r = fr.pollNext(w.context())).isReady()) received.add(r.value().orElseThrow());
                assertThat(w.wakeCount()).as("reader drained: sender woken").isGreaterThan(wakesBefore);
            }
        }
        assertThat(pendings).as("backpressure happened").isGreaterThan(0);
        assertThat(maxBuffered).as("buffer bound: mark - 1 + one 10-byte frame").isLessThanOrEqualTo(99 + 10);
        // finish: flush while draining
        Future<Void> flush = fw.flush();
        while (w.poll(flush).isPending()) {
            Poll<Optional<byte[]>> r;
            while ((r = fr.pollNext(w.context())).isReady()) received.add(r.value().orElseThrow());
        }
        Poll<Optional<byte[]>> r;
        while ((r = fr.pollNext(w.context())).isReady()) received.add(r.value().orElseThrow());
        assertThat(received).hasSize(50);
        for (int i = 0; i < 50; i++) assertThat(received.get(i)[0]).isEqualTo((byte) i);
    }

    @Test
    void feed_cancelledWhileWaiting_doesNotEnqueue() {
        MemoryPipe pipe = new MemoryPipe(4);
        FramedWrite<String> fw = new FramedWrite<>(pipe.writer(), LinesCodec.withMaxLength(100), 8);
        TestWaker w = new TestWaker();
        assertThat(w.poll(fw.feed("0123456789012"))).isEqualTo(Poll.ready(null)); // 14 bytes >= mark 8
        Future<Void> blocked = fw.feed("next");
        assertThat(w.poll(blocked).isPending()).isTrue();
        int buffered = fw.bufferedBytes();
        blocked.cancel();
        assertThat(fw.bufferedBytes()).isEqualTo(buffered);
        assertThat(new String(pipe.drain())).isEqualTo("0123");
    }

    @Test
    void send_flushes_andEncodeErrorLeavesBufferIntact() {
        MemoryPipe pipe = new MemoryPipe(1024);
        FramedWrite<String> fw = new FramedWrite<>(pipe.writer(), LinesCodec.withMaxLength(5));
        TestWaker w = new TestWaker();
        assertThat(w.poll(fw.feed("a")).isReady()).isTrue();
        assertThatThrownBy(() -> w.poll(fw.feed("toolong"))).isInstanceOf(FrameTooLongException.class);
        assertThat(fw.bufferedBytes()).isEqualTo(2);
        assertThat(w.poll(fw.send("b")).isReady()).isTrue();
        assertThat(fw.bufferedBytes()).isZero();
        assertThat(pipe.flushes()).isEqualTo(1);
        assertThat(w.poll(fw.close()).isReady()).isTrue();
        assertThat(pipe.isShutdown()).isTrue();
        assertThat(new String(pipe.drain())).isEqualTo("a\nb\n");
    }

    @Test
    void framed_duplexEcho_acrossThreads() throws Exception {
        MemoryPipe.Duplex d = MemoryPipe.duplex(16);
        Framed<String, String> client = Framed.of(d.a().reader(), d.a().writer(), LinesCodec.withMaxLength(64));
        Framed<String, String> server = Framed.of(d.b().reader(), d.b().writer(), LinesCodec.withMaxLength(64));
        Thread echo = Thread.ofPlatform().start(() -> {
            Optional<String> line;
            while ((line = server.next().await()).isPresent()) server.send("echo " + line.get()).await();
            server.close().await();
        });
        for (int i = 0; i < 20; i++) {
            client.send("message number " + i).await();
            assertThat(client.next().await()).contains("echo message number " + i);
        }
        client.close().await();
        assertThat(client.next().await()).isEmpty();
        echo.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(echo.isAlive()).isFalse();
    }

    @Test
    void next_cancelledMidFrame_keepsBufferedBytes() {
        MemoryPipe pipe = new MemoryPipe(64);
        FramedRead<String> fr = Io.lines(pipe.reader());
        TestWaker w = new TestWaker();
        assertThat(w.poll(pipe.writer().writeAll(java.nio.ByteBuffer.wrap("hel".getBytes()))).isReady()).isTrue();
        Future<Optional<String>> first = fr.next();
        assertThat(w.poll(first).isPending()).isTrue();
        first.cancel();
        assertThat(fr.bufferedBytes()).isEqualTo(3);
        w.poll(pipe.writer().writeAll(java.nio.ByteBuffer.wrap("lo\n".getBytes())));
        assertThat(w.poll(fr.next())).isEqualTo(Poll.ready(Optional.of("hello")));
    }
}
