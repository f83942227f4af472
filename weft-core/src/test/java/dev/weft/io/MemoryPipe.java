package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * A one-directional in-memory byte pipe with a bounded buffer, for tests: the writer side returns Pending when
 * the buffer is full, the reader side when it is empty, and each side wakes the other. Thread-safe (one
 * reader task and one writer task may run on different threads). Wakers are called outside the lock.
 */
final class MemoryPipe {
    private final byte[] ring;
    private int head;
    private int size;
    private boolean writerClosed;
    private boolean readerClosed;
    private Waker readWaker;
    private Waker writeWaker;
    /** Caps every single write at this many bytes (simulates a slow peer). */
    private final int maxWriteChunk;
    private long totalWritten;
    private int flushes;

    MemoryPipe(int capacity) {
        this(capacity, Integer.MAX_VALUE);
    }

    MemoryPipe(int capacity, int maxWriteChunk) {
        this.ring = new byte[capacity];
        this.maxWriteChunk = maxWriteChunk;
    }

    /** A duplex connection: two pipes, crossed. */
    record Duplex(End a, End b) {}

    /** One end of a duplex connection. */
    record End(AsyncRead reader, AsyncWrite writer) {}

    static Duplex duplex(int capacity) {
        MemoryPipe ab = new MemoryPipe(capacity);
        MemoryPipe ba = new MemoryPipe(capacity);
        return new Duplex(new End(ba.reader(), ab.writer()), new End(ab.reader(), ba.writer()));
    }

    final AsyncRead reader() {
        return (cx, dst) -> {
            Waker wake;
            int n;
            synchronized (this) {
                if (!dst.hasRemaining()) return Poll.ready(0);
                if (size == 0) {
                    if (writerClosed) return Poll.ready(-1);
                    readWaker = cx.waker();
                    return Poll.pending();
                }
                n = Math.min(size, dst.remaining());
                for (int i = 0; i < n; i++) {
                    dst.put(ring[head]);
                    head = (head + 1) % ring.length;
                }
                size -= n;
                wake = writeWaker;
                writeWaker = null;
            }
            if (wake != null) wake.wake();
            return Poll.ready(n);
        };
    }

    final AsyncWrite writer() {
        return new AsyncWrite() {
            @Override
            public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
                Waker wake;
                int n;
                synchronized (MemoryPipe.this) {
                    if (writerClosed) throw new UncheckedIOException(new IOException("write after shutdown"));
                    if (readerClosed) throw new UncheckedIOException(new IOException("broken pipe"));
                    if (!src.hasRemaining()) return Poll.ready(0);
                    if (size == ring.length) {
                        writeWaker = cx.waker();
                        return Poll.pending();
                    }
                    n = Math.min(Math.min(ring.length - size, src.remaining()), maxWriteChunk);
                    for (int i = 0; i < n; i++) ring[(head + size + i) % ring.length] = src.get();
                    size += n;
                    totalWritten += n;
                    wake = readWaker;
                    readWaker = null;
                }
                if (wake != null) wake.wake();
                return Poll.ready(n);
            }

            @Override
            public Poll<Void> pollFlush(Context cx) {
                synchronized (MemoryPipe.this) {
                    flushes++;
                }
                return Poll.ready(null);
            }

            @Override
            public Poll<Void> pollShutdown(Context cx) {
                Waker wake;
                synchronized (MemoryPipe.this) {
                    writerClosed = true;
                    wake = readWaker;
                    readWaker = null;
                }
                if (wake != null) wake.wake();
                return Poll.ready(null);
            }
        };
    }

    synchronized int buffered() {
        return size;
    }

    synchronized long totalWritten() {
        return totalWritten;
    }

    synchronized int flushes() {
        return flushes;
    }

    synchronized boolean isShutdown() {
        return writerClosed;
    }

    /** Closes the read side: later writes fail with "broken pipe". */
    void closeReader() {
        Waker wake;
        synchronized (this) {
            readerClosed = true;
            wake = writeWaker;
            writeWaker = null;
        }
        if (wake != null) wake.wake();
    }

    /** Takes everything buffered (for tests acting as the reading peer). */
    synchronized byte[] drain() {
        byte[] out = new byte[size];
        ByteBuffer b = ByteBuffer.wrap(out);
        reader().pollRead(new Context(Waker.noop()), b);
        return out;
    }

    /** An AsyncRead that yields the given chunks one per read (then EOF). */
    static AsyncRead chunks(byte[]... chunks) {
        return new AsyncRead() {
            int i;
            int off;

            @Override
            public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
                if (i == chunks.length) return Poll.ready(-1);
                int n = Math.min(dst.remaining(), chunks[i].length - off);
                dst.put(chunks[i], off, n);
                off += n;
                if (off == chunks[i].length) {
                    i++;
                    off = 0;
                }
                return Poll.ready(n);
            }
        };
    }
}
