package dev.weft.http;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamPoll;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The content of a request or response: a {@link Stream} of byte chunks, with its length when known.
 *
 * <p>A body is read once, by one task. Streaming bodies are backpressured: the server reads the next chunk of a
 * request body from the socket only when the handler polls for it, and writes a response body chunk by chunk as
 * the socket accepts it, so a slow client slows the handler and a huge upload is never buffered whole unless the
 * handler asks for it ({@link #bytes(long)}). Each chunk handed out belongs to the consumer, which may keep it.
 *
 * <p>{@link Full} is a body already in memory; servers write it together with the head in one gathering write.
 * {@snippet :
 * Body small = Body.of("Hello, World!");                    // Full, Content-Length: 13
 * Body streamed = Body.fromStream(chunks);                   // Transfer-Encoding: chunked on HTTP/1.1
 * Future<String> text = request.body().text(64 * 1024);     // read at most 64 KiB, else BodyTooLargeException
 * }
 */
public interface Body extends Stream<ByteBuffer> {

    /** The length in bytes, or -1 when it is not known in advance (streamed, chunked). */
    long contentLength();

    /** An empty body (length 0). */
    static Body empty() {
        return Full.EMPTY;
    }

    /** A body holding the UTF-8 bytes of {@code text}. */
    static Body of(String text) {
        return new Full(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A body holding {@code bytes} (not copied: do not change the array afterwards). */
    static Body of(byte[] bytes) {
        return new Full(ByteBuffer.wrap(bytes));
    }

    /** A body holding the remaining bytes of {@code buffer} (not copied). */
    static Body of(ByteBuffer buffer) {
        return new Full(buffer);
    }

    /** A body of unknown length streamed from {@code chunks} (sent chunked on HTTP/1.1). */
    static Body fromStream(Stream<ByteBuffer> chunks) {
        return new Streamed(chunks, -1);
    }

    /**
     * A body of exactly {@code length} bytes streamed from {@code chunks}; a stream that ends early or runs
     * over fails the message.
     *
     * @throws IllegalArgumentException when {@code length} is negative
     */
    static Body fromStream(Stream<ByteBuffer> chunks, long length) {
        if (length < 0) throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
        return new Streamed(chunks, length);
    }

    /**
     * A future of the whole body in one array, read up to {@code maxBytes}.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: chunks read before cancellation are lost; the body is cancelled.
     *
     * @throws IllegalArgumentException when {@code maxBytes} is negative
     * @throws BodyTooLargeException (through the future) when the body is longer than {@code maxBytes}
     */
    default Future<byte[]> bytes(long maxBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        long declared = contentLength();
        if (declared > maxBytes) {
            return cx -> {
                cancel();
                throw new BodyTooLargeException(declared, maxBytes);
            };
        }
        Body self = this;
        return new Future<>() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);

            @Override
            public Poll<byte[]> poll(Context cx) {
                for (;;) {
                    StreamPoll<ByteBuffer> p = self.pollNext(cx);
                    if (p instanceof StreamPoll.Item<ByteBuffer>(ByteBuffer chunk)) {
                        if (out.size() + (long) chunk.remaining() > maxBytes) {
                            self.cancel();
                            throw new BodyTooLargeException(out.size() + (long) chunk.remaining(), maxBytes);
                        }
                        if (chunk.hasArray()) {
                            out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
                        } else {
                            byte[] copy = new byte[chunk.remaining()];
                            chunk.duplicate().get(copy);
                            out.writeBytes(copy);
                        }
                    } else if (p instanceof StreamPoll.End) {
                        return Poll.ready(out.toByteArray());
                    } else {
                        return Poll.pending();
                    }
                }
            }

            @Override
            public void cancel() {
                self.cancel();
            }
        };
    }

    /**
     * A future of the whole body decoded as UTF-8, read up to {@code maxBytes}.
     *
     * <p><b>Cancel safety:</b> as {@link #bytes(long)}.
     */
    default Future<String> text(long maxBytes) {
        return bytes(maxBytes).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * A body whose bytes are all in memory: written with the message head in one gathering write.
     *
     * <p>As a stream it yields the whole content as one chunk, then ends. {@link #data()} stays readable
     * whether or not the stream was polled, so a server or client may write it directly (and again, for a retried
     * request).
     */
    final class Full implements Body {
        static final Full EMPTY = new Full(ByteBuffer.allocate(0).asReadOnlyBuffer());

        private final ByteBuffer data;
        private boolean delivered;

        /**
         * A body over the remaining bytes of {@code data}, which Weft never modifies (reads use duplicates).
         */
        public Full(ByteBuffer data) {
            this.data = Objects.requireNonNull(data, "data");
        }

        /** The content, from its position to its limit: a duplicate, so the caller may move its position. */
        public ByteBuffer data() {
            return data.duplicate();
        }

        @Override
        public long contentLength() {
            return data.remaining();
        }

        @Override
        public StreamPoll<ByteBuffer> pollNext(Context cx) {
            if (delivered || !data.hasRemaining()) return StreamPoll.end();
            delivered = true;
            return StreamPoll.item(data.duplicate());
        }

        @Override
        public Future<byte[]> bytes(long maxBytes) {
            if (maxBytes < 0) throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
            return cx -> {
                if (data.remaining() > maxBytes) throw new BodyTooLargeException(data.remaining(), maxBytes);
                byte[] out = new byte[data.remaining()];
                data.duplicate().get(out);
                return Poll.ready(out);
            };
        }

        @Override
        public String toString() {
            return "Body.Full[" + data.remaining() + " bytes]";
        }
    }
}
