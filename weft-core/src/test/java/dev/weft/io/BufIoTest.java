package dev.weft.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.testkit.TestWaker;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufIoTest {

    @Test
    void bufReader_smallReads_areServedFromOneInnerRead() {
        int[] innerReads = {0};
        AsyncRead src = MemoryPipe.chunks("abcdefghij".getBytes());
        AsyncRead counting = (cx, dst) -> {
            innerReads[0]++;
            return src.pollRead(cx, dst);
        };
        BufReader br = new BufReader(counting, 64);
        TestWaker w = new TestWaker();
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(2);
        while (true) {
            one.clear();
            int n = w.poll(br.read(one)).value();
            if (n < 0) break;
            sb.append(new String(one.array(), 0, n));
        }
        assertThat(sb).hasToString("abcdefghij");
        assertThat(innerReads[0]).isEqualTo(2); // one with data, one for EOF
    }

    @Test
    void bufReader_fillBufAndConsume() {
        BufReader br = new BufReader(MemoryPipe.chunks("hello".getBytes()), 16);
        TestWaker w = new TestWaker();
        ByteBuffer view = br.pollFillBuf(w.context()).value();
        assertThat(view.remaining()).isEqualTo(5);
        br.consume(2);
        assertThat(br.buffer().remaining()).isEqualTo(3);
        assertThat(br.buffer().get()).isEqualTo((byte) 'l');
    }

    @Test
    void bufWriter_gathersSmallWrites_untilFlush() {
        MemoryPipe pipe = new MemoryPipe(1024);
        BufWriter bw = new BufWriter(pipe.writer(), 16);
        TestWaker w = new TestWaker();
        for (int i = 0; i < 3; i++) w.poll(bw.writeAll(ByteBuffer.wrap("abc".getBytes())));
        assertThat(pipe.buffered()).isZero();
        assertThat(bw.bufferedBytes()).isEqualTo(9);
        w.poll(bw.writeAll(ByteBuffer.wrap("defghijk".getBytes()))); // 17 > 16: buffer goes out first
        assertThat(pipe.buffered()).isEqualTo(9);
        assertThat(w.poll(bw.flush()).isReady()).isTrue();
        assertThat(new String(pipe.drain())).isEqualTo("abcabcabcdefghijk");
    }

    @Test
    void bufWriter_pendingWhenInnerFull_thenResumes() {
        MemoryPipe pipe = new MemoryPipe(4);
        BufWriter bw = new BufWriter(pipe.writer(), 4);
        TestWaker w = new TestWaker();
        assertThat(w.poll(bw.write(ByteBuffer.wrap("abc".getBytes())))).isEqualTo(Poll.ready(3));
        assertThat(w.poll(bw.flush()).isReady()).isTrue();
        assertThat(w.poll(bw.write(ByteBuffer.wrap("de".getBytes())))).isEqualTo(Poll.ready(2));
        Future<Void> flush = bw.flush();
        assertThat(w.poll(flush).isPending()).isTrue(); // pipe has room for 1 of 2
        int before = w.wakeCount();
        assertThat(new String(pipe.drain())).isEqualTo("abcd");
        assertThat(w.wakeCount()).isGreaterThan(before);
        assertThat(w.poll(flush).isReady()).isTrue();
        assertThat(new String(pipe.drain())).isEqualTo("e");
    }

    @Test
    void copy_movesEverything_throughSmallPipe_acrossThreads() throws Exception {
        byte[] data = new byte[100_000];
        new Random(42).nextBytes(data);
        MemoryPipe in = new MemoryPipe(37);
        MemoryPipe out = new MemoryPipe(53);
        Thread producer = Thread.ofPlatform().start(() -> {
            in.writer().writeAll(ByteBuffer.wrap(data)).await();
            in.writer().shutdown().await();
        });
        byte[] got = new byte[data.length];
        Thread consumer = Thread.ofPlatform().start(() -> out.reader().readExact(ByteBuffer.wrap(got)).await());
        long copied = Io.copy(in.reader(), out.writer()).await();
        producer.join(TimeUnit.SECONDS.toMillis(10));
        consumer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(copied).isEqualTo(data.length);
        assertThat(got).isEqualTo(data);
        assertThat(out.flushes()).isGreaterThan(0);
    }

    @Test
    void copy_cancelled_stopsWithoutFurtherReads() {
        MemoryPipe in = new MemoryPipe(8);
        MemoryPipe out = new MemoryPipe(8);
        TestWaker w = new TestWaker();
        w.poll(in.writer().write(ByteBuffer.wrap("12345678".getBytes())));
        Future<Long> copy = Io.copy(in.reader(), out.writer());
        assertThat(w.poll(copy).isPending()).isTrue();
        assertThat(out.buffered()).isEqualTo(8);
        copy.cancel();
        w.poll(in.writer().write(ByteBuffer.wrap("more".getBytes())));
        assertThat(in.buffered()).as("a cancelled copy reads nothing more").isEqualTo(4);
    }
}
