package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * I/O utilities: copying a reader to a writer and reading lines (tokio's {@code io::copy} and
 * {@code AsyncBufReadExt::lines}).
 */
public final class Io {
    /** The line limit of {@link #lines(AsyncRead)}: 64 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
    private static final int COPY_BUFFER = 8 * 1024;

    private Io() {}

    /**
     * A future that copies everything {@code reader} yields into {@code writer} until the end of the stream,
     * flushes the writer, and completes with the number of bytes copied (tokio's {@code io::copy}). It does not
     * shut the writer down. While the reader has nothing to give, buffered output is flushed, so an interactive
     * peer sees data promptly.
     *
     * {@snippet class=dev.weft.io.snippets.IoSnippets region=copy}
     *
     * <p><b>Cancel safety:</b> not cancel-safe: cancelled midway, some bytes have been copied (the count is
     * lost) and up to 8 KiB read from {@code reader} but not yet written are lost with the future's buffer.
     *
     * @throws NullPointerException when an argument is null
     */
    public static Future<Long> copy(AsyncRead reader, AsyncWrite writer) {
        return new Copy(Objects.requireNonNull(reader, "reader"), Objects.requireNonNull(writer, "writer"));
    }

    /**
     * The lines of {@code reader} (UTF-8, {@code "\n"} or {@code "\r\n"}, at most 64 KiB each): a
     * {@link FramedRead} with {@link LinesCodec}, whose {@link FramedRead#next()} yields one line per call and
     * empty at the end.
     *
     * {@snippet class=dev.weft.io.snippets.IoSnippets region=lines}
     */
    public static FramedRead<String> lines(AsyncRead reader) {
        return lines(reader, DEFAULT_MAX_LINE_LENGTH);
    }

    /**
     * The lines of {@code reader}, each at most {@code maxLength} bytes; a longer line fails with
     * {@link FrameTooLongException}.
     *
     * @throws IllegalArgumentException when {@code maxLength} is out of range (see {@link LinesCodec})
     */
    public static FramedRead<String> lines(AsyncRead reader, int maxLength) {
        return new FramedRead<>(reader, LinesCodec.withMaxLength(maxLength));
    }

    /** The future of {@link #copy}. */
    private static final class Copy implements Future<Long> {
        private final AsyncRead reader;
        private final AsyncWrite writer;
        private final ByteBuffer buf = ByteBuffer.allocate(COPY_BUFFER).flip(); // read mode, empty
        private long total;
        private boolean eof;
        private boolean needFlush;

        Copy(AsyncRead reader, AsyncWrite writer) {
            this.reader = reader;
            this.writer = writer;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            while (true) {
                if (!buf.hasRemaining() && !eof) {
                    if (!cx.consumeBudget()) return Poll.pending();
                    buf.clear();
                    Poll<Integer> p = reader.pollRead(cx, buf);
                    buf.flip();
                    if (p.isPending()) {
                        if (needFlush && writer.pollFlush(cx).isReady()) needFlush = false;
                        return Poll.pending();
                    }
                    if (p.value() < 0) eof = true;
                }
                while (buf.hasRemaining()) {
                    int before = buf.remaining();
                    Poll<Integer> p = writer.pollWrite(cx, buf);
                    if (p.isPending()) return Poll.pending();
                    if (p.value() <= 0) {
                        throw new UncheckedIOException(new IOException("writer accepted 0 of " + before
                                + " bytes (write zero)"));
                    }
                    total += p.value();
                    needFlush = true;
                }
                if (eof) {
                    if (writer.pollFlush(cx).isPending()) return Poll.pending();
                    return Poll.ready(total);
                }
            }
        }
    }
}
