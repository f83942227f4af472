package dev.weft.http;

import dev.weft.future.Context;
import dev.weft.stream.Stream;
import dev.weft.stream.StreamPoll;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A body streamed from a {@link Stream} of chunks, with a declared length or -1. */
final class Streamed implements Body {
    private final Stream<ByteBuffer> chunks;
    private final long length;

    Streamed(Stream<ByteBuffer> chunks, long length) {
        this.chunks = Objects.requireNonNull(chunks, "chunks");
        this.length = length;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public StreamPoll<ByteBuffer> pollNext(Context cx) {
        return chunks.pollNext(cx);
    }

    @Override
    public void cancel() {
        chunks.cancel();
    }

    @Override
    public String toString() {
        return "Body.Streamed[" + (length < 0 ? "unknown length" : length + " bytes") + "]";
    }
}
