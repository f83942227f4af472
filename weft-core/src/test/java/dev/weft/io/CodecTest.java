package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CodecTest {
    private final Context cx = new Context(Waker.noop());

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private <T> List<T> drain(FramedRead<T> fr) {
        List<T> out = new ArrayList<>();
        while (true) {
            Poll<Optional<T>> p = fr.pollNext(cx);
            assertThat(p.isReady()).as("in-memory chunks are always ready").isTrue();
            if (p.value().isEmpty()) return out;
            out.add(p.value().get());
        }
    }

    @Test
    void lines_partialFramesAcrossReads_areJoined() {
        var fr = new FramedRead<>(MemoryPipe.chunks(b("hel"), b("lo\r"), b("\nwor"), b("ld\n")),
                LinesCodec.withMaxLength(100));
        assertThat(drain(fr)).containsExactly("hello", "world");
    }

    @Test
    void lines_severalFramesInOneRead_allReturned_andLastUnterminatedLineAtEof() {
        var fr = new FramedRead<>(MemoryPipe.chunks(b("a\nbb\r\n\nccc")), LinesCodec.withMaxLength(100));
        assertThat(drain(fr)).containsExactly("a", "bb", "", "ccc");
        assertThat(fr.pollNext(cx).value()).as("fused after end").isEmpty();
    }

    @Test
    void lines_lineOfExactlyMaxLength_withCrLf_isAccepted() {
        var fr = new FramedRead<>(MemoryPipe.chunks(b("abcd\r"), b("\nabcd\n")), LinesCodec.withMaxLength(4));
        assertThat(drain(fr)).containsExactly("abcd", "abcd");
    }

    @Test
    void lines_overLongLine_failsNamingTheLimit_andEndsTheStream() {
        var fr = new FramedRead<>(MemoryPipe.chunks(b("ok\nabcdef\n")), LinesCodec.withMaxLength(4));
        assertThat(fr.pollNext(cx).value()).contains("ok");
        assertThatThrownBy(() -> fr.pollNext(cx))
                .isInstanceOf(FrameTooLongException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("maxLength 4")
                .satisfies(e -> assertThat(((FrameTooLongException) e).limit()).isEqualTo(4));
        assertThat(fr.pollNext(cx).value()).isEmpty();
    }

    @Test
    void lines_invalidUtf8_failsWithCorruptFrame() {
        var fr = new FramedRead<>(MemoryPipe.chunks(new byte[] {'a', (byte) 0xC3, '\n'}),
                LinesCodec.withMaxLength(10));
        assertThatThrownBy(() -> fr.pollNext(cx)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("line 1 is not valid UTF-8");
    }

    @Test
    void lines_hostileEndlessLine_failsWithBoundedBuffer() {
        AtomicLong sent = new AtomicLong();
        AsyncRead endless = (c, dst) -> {
            int n = dst.remaining();
            while (dst.hasRemaining()) dst.put((byte) 'x');
            sent.addAndGet(n);
            return Poll.ready(n);
        };
        var fr = new FramedRead<>(endless, LinesCodec.withMaxLength(1000));
        assertThatThrownBy(() -> fr.pollNext(cx)).isInstanceOf(FrameTooLongException.class)
                .hasMessageContaining("maxLength 1000");
        assertThat(fr.bufferCapacity()).isLessThanOrEqualTo(1002);
        assertThat(sent.get()).as("bytes taken from the hostile peer").isLessThanOrEqualTo(1002);
    }

    @Test
    void lines_largeLimit_hostileEndlessLine_stopsAtLimit() {
        AtomicLong sent = new AtomicLong();
        AsyncRead endless = (c, dst) -> {
            int n = dst.remaining();
            dst.position(dst.limit()); // zeros, never '\n'
            sent.addAndGet(n);
            return Poll.ready(n);
        };
        var fr = new FramedRead<>(endless, LinesCodec.withMaxLength(100_000));
        assertThatThrownBy(() -> fr.pollNext(cx)).isInstanceOf(FrameTooLongException.class);
        assertThat(fr.bufferCapacity()).isLessThanOrEqualTo(100_002);
        assertThat(sent.get()).isLessThanOrEqualTo(100_002);
    }

    @Test
    void lines_encode_appendsNewline_andRejectsTooLong() {
        LinesCodec codec = LinesCodec.withMaxLength(3);
        ByteBuilder out = new ByteBuilder();
        codec.encode("abc", out);
        assertThat(new String(out.toByteArray(), UTF_8)).isEqualTo("abc\n");
        assertThatThrownBy(() -> codec.encode("abcd", out)).isInstanceOf(FrameTooLongException.class)
                .hasMessageContaining("maxLength 3");
        assertThatThrownBy(() -> LinesCodec.withMaxLength(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLength: -1");
    }

    @Test
    void lengthDelimited_roundTrip_allFieldSizes_partialAndMultiple() {
        for (int size : new int[] {1, 2, 4, 8}) {
            LengthDelimitedCodec codec = LengthDelimitedCodec.builder().lengthFieldSize(size).build();
            ByteBuilder out = new ByteBuilder();
            codec.encode(b("hello"), out);
            codec.encode(new byte[0], out);
            codec.encode(b("x"), out);
            byte[] wire = out.toByteArray();
            assertThat(wire.length).isEqualTo(3 * size + 6);
            // one byte per read: partial headers and payloads everywhere
            byte[][] singles = new byte[wire.length][];
            for (int i = 0; i < wire.length; i++) singles[i] = new byte[] {wire[i]};
            var fr = new FramedRead<>(MemoryPipe.chunks(singles), LengthDelimitedCodec.builder()
                    .lengthFieldSize(size).build());
            assertThat(drain(fr)).as("field size " + size).satisfiesExactly(
                    f -> assertThat(f).isEqualTo(b("hello")),
                    f -> assertThat(f).isEmpty(),
                    f -> assertThat(f).isEqualTo(b("x")));
            // all in one read
            var all = new FramedRead<>(MemoryPipe.chunks(wire), codec);
            assertThat(drain(all)).hasSize(3);
        }
    }

    @Test
    void lengthDelimited_hugePrefix_failsBeforeAllocating() {
        AtomicLong sent = new AtomicLong();
        AsyncRead hostile = new AsyncRead() {
            boolean header;

            @Override
            public Poll<Integer> pollRead(Context c, ByteBuffer dst) {
                int n = dst.remaining();
                if (!header) {
                    dst.put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
                    header = true;
                    n = 4;
                } else {
                    dst.position(dst.limit());
                }
                sent.addAndGet(n);
                return Poll.ready(n);
            }
        };
        var fr = new FramedRead<>(hostile, LengthDelimitedCodec.create());
        assertThatThrownBy(() -> fr.pollNext(cx)).isInstanceOf(FrameTooLongException.class)
                .hasMessageContaining("frame length 4294967295 exceeds")
                .hasMessageContaining("maxFrameLength 8388608");
        assertThat(fr.bufferCapacity()).isLessThanOrEqualTo(FramedRead.INITIAL_CAPACITY);
        assertThat(sent.get()).isEqualTo(4);
    }

    @Test
    void lengthDelimited_negativeEightByteLength_isCorrupt() {
        byte[] wire = new byte[8];
        Arrays.fill(wire, (byte) 0xFF);
        var fr = new FramedRead<>(MemoryPipe.chunks(wire),
                LengthDelimitedCodec.builder().lengthFieldSize(8).build());
        assertThatThrownBy(() -> fr.pollNext(cx)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void lengthDelimited_truncatedAtEof_isCorrupt_andOversizedEncodeRejected() {
        var fr = new FramedRead<>(MemoryPipe.chunks(new byte[] {0, 0, 0, 5, 'a'}), LengthDelimitedCodec.create());
        assertThatThrownBy(() -> fr.pollNext(cx)).isInstanceOf(CorruptFrameException.class)
                .hasMessageContaining("stream ended inside a frame: 5 bytes left over");
        LengthDelimitedCodec one = LengthDelimitedCodec.builder().lengthFieldSize(1).build();
        ByteBuilder out = new ByteBuilder();
        assertThatThrownBy(() -> one.encode(new byte[256], out)).isInstanceOf(FrameTooLongException.class)
                .hasMessageContaining("limit of 255 bytes");
        assertThat(out.size()).isZero();
        assertThatThrownBy(() -> LengthDelimitedCodec.builder().lengthFieldSize(3))
                .hasMessage("lengthFieldSize: 3 (expected: 1, 2, 4 or 8)");
    }

    @Test
    void lengthDelimited_maxFrameLength_exactLimitAccepted_oneMoreRejected() {
        LengthDelimitedCodec codec = LengthDelimitedCodec.builder().maxFrameLength(3).build();
        ByteBuffer ok = ByteBuffer.wrap(new byte[] {0, 0, 0, 3, 1, 2, 3});
        assertThat(codec.decode(ok)).get().isEqualTo(new byte[] {1, 2, 3});
        ByteBuffer bad = ByteBuffer.wrap(new byte[] {0, 0, 0, 4});
        assertThatThrownBy(() -> codec.decode(bad)).isInstanceOf(FrameTooLongException.class)
                .satisfies(e -> assertThat(((FrameTooLongException) e).length()).isEqualTo(4));
    }
}
