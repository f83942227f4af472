package dev.weft.io.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.io.BufReader;
import dev.weft.io.BufWriter;
import dev.weft.io.ByteBuilder;
import dev.weft.io.Codec;
import dev.weft.io.CorruptFrameException;
import dev.weft.io.Framed;
import dev.weft.io.FramedRead;
import dev.weft.io.Io;
import dev.weft.io.LengthDelimitedCodec;
import dev.weft.io.LinesCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.io's javadoc pulls in; each runs as a test. */
class IoSnippets {

    /** A reader over fixed bytes (stands in for a TcpStream). */
    static AsyncRead source(String text) {
        ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        return (cx, dst) -> {
            if (!src.hasRemaining()) return Poll.ready(-1);
            int n = Math.min(src.remaining(), dst.remaining());
            dst.put(dst.position(), src, src.position(), n).position(dst.position() + n);
            src.position(src.position() + n);
            return Poll.ready(n);
        };
    }

    /** A writer collecting into memory (stands in for a TcpStream). */
    static final class Sink implements AsyncWrite {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            out.writeBytes(b);
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

        String text() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void lines() {
        // @start region=lines
        FramedRead<String> lines = Io.lines(source("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        List<String> got = new ArrayList<>();
        Optional<String> line;
        while ((line = lines.next().await()).isPresent()) got.add(line.get());
        assertThat(got).containsExactly("GET / HTTP/1.1", "Host: x", "");
        // @end
    }

    @Test
    void lengthDelimited() {
        // @start region=lengthDelimited
        Sink wire = new Sink();
        var codec = LengthDelimitedCodec.builder().lengthFieldSize(2).maxFrameLength(1024).build();
        var out = Framed.of(source(""), wire, codec);
        out.send("hi".getBytes()).await(); // wire: 00 02 'h' 'i'
        var in = new FramedRead<>(source(wire.out.toString(StandardCharsets.ISO_8859_1)), codec);
        assertThat(in.next().await()).hasValueSatisfying(f -> assertThat(new String(f)).isEqualTo("hi"));
        // @end
    }

    @Test
    void framed() {
        // @start region=framed
        Sink wire = new Sink();
        Framed<String, String> conn = Framed.of(source("ping\nping\n"), wire, LinesCodec.withMaxLength(1024));
        Optional<String> msg;
        while ((msg = conn.next().await()).isPresent()) {
            conn.feed("pong to " + msg.get()).await(); // waits while the write buffer is above its high-water mark
        }
        conn.flush().await();
        conn.close().await();
        assertThat(wire.text()).isEqualTo("pong to ping\npong to ping\n");
        // @end
    }

    @Test
    void bufReader() {
        // @start region=bufReader
        BufReader reader = new BufReader(source("abc"), 8 * 1024);
        ByteBuffer one = ByteBuffer.allocate(1);
        reader.read(one).await(); // fills the buffer with "abc", hands out "a"
        assertThat(reader.buffer().remaining()).isEqualTo(2);
        // @end
    }

    @Test
    void bufWriter() {
        // @start region=bufWriter
        Sink sink = new Sink();
        BufWriter writer = new BufWriter(sink);
        for (int i = 0; i < 100; i++) writer.writeAll(ByteBuffer.wrap(new byte[] {'x'})).await();
        assertThat(sink.text()).isEmpty(); // still buffered
        writer.flush().await();
        assertThat(sink.text()).hasSize(100);
        // @end
    }

    @Test
    void copy() {
        // @start region=copy
        Sink sink = new Sink();
        long n = Io.copy(source("hello world"), sink).await();
        assertThat(n).isEqualTo(11);
        assertThat(sink.text()).isEqualTo("hello world");
        // @end
    }

    // @start region=customCodec
    /** Frames are single bytes 0..127; a byte >= 128 is corrupt. */
    static final class ByteCodec implements Codec<Integer> {
        @Override
        public Optional<Integer> decode(ByteBuffer src) {
            if (!src.hasRemaining()) return Optional.empty(); // need more bytes
            byte b = src.get(); // consumes the frame
            if (b < 0) throw new CorruptFrameException("byte " + (b & 0xFF) + " (expected: 0..127)");
            return Optional.of((int) b);
        }

        @Override
        public void encode(Integer item, ByteBuilder dst) {
            dst.put(item.byteValue());
        }
    }
    // @end

    @Test
    void customCodec() {
        var frames = new FramedRead<>(source("AB"), new ByteCodec());
        assertThat(frames.next().await()).contains(65);
        assertThat(frames.next().await()).contains(66);
        assertThat(frames.next().await()).isEmpty();
    }
}
