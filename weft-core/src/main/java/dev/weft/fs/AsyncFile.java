package dev.weft.fs;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.task.JoinHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;

/**
 * An open file read and written asynchronously: tokio's {@code fs::File}. It implements {@link AsyncRead} and
 * {@link AsyncWrite}, so it works with {@link dev.weft.io.BufReader}, {@link dev.weft.io.Io#copy} and the
 * codecs.
 *
 * {@snippet class=dev.weft.fs.snippets.FsSnippets region=asyncFile}
 *
 * <p><b>How it works.</b> Each operation runs the blocking {@link FileChannel} call on the runtime's blocking
 * pool, like Tokio's {@code File}, with <em>at most one operation in flight</em>: an operation started while
 * another runs first waits for it. Reads go through an internal buffer (at most 64 KiB per read): the pool
 * thread reads into it and the bytes are copied into the caller's buffer afterwards. A write copies the
 * caller's bytes (at most 64 KiB) into the internal buffer and returns at once while the pool writes them; an
 * error of that background write is thrown by the next operation, so call {@link #flush()} (which waits for it)
 * to know a write succeeded, and {@link #sync()} to know it reached the disk. Every operation must be polled
 * under a Weft runtime.
 *
 * <p>Owned by one task at a time, like any {@code AsyncRead}. Close it with {@link #close()}.
 */
public final class AsyncFile implements AsyncRead, AsyncWrite {
    /*
     * Implementation notes
     *
     * Single-owner. `buf` is shared with the blocking body of the operation in flight.
     * I1. inflight != null iff an operation body may be running; while it is non-null the owner touches neither
     *     `buf` nor the channel (JoinHandle completion gives happens-before back to the owner).
     * I2. After a READ completes, buf is in read mode holding bytes read from the channel and not yet handed
     *     out; the channel position is ahead of the logical position by buf.remaining().
     * I3. A WRITE, SEEK or SYNC first discards read-ahead bytes (I2) by moving the channel position back.
     * I4. writeError holds the failure of a background write (or of a read whose caller moved on) until the
     *     next operation throws it; the failure of a seek/sync/close goes to its own future.
     */
    static final int MAX_BUF = 64 * 1024;

    private enum Op { READ, WRITE, SEEK, SYNC, CLOSE }

    private final FileChannel channel;
    private final Path path;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private InFlight inflight;
    /** A read in flight found the end of the file; the next pollRead returns -1. */
    private boolean eofPending;
    private RuntimeException writeError;
    private boolean closed;

    private AsyncFile(FileChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    /**
     * A future of the file at {@code path} opened with {@code options} (as {@link FileChannel#open}; no options
     * means {@code READ}).
     *
     * <p><b>Cancel safety:</b> cancelled after the open started, the file is opened anyway and then closed on
     * the pool.
     */
    public static Future<AsyncFile> open(Path path, OpenOption... options) {
        Objects.requireNonNull(path, "path");
        Set<OpenOption> opts = Set.of(options.length == 0 ? new OpenOption[] {StandardOpenOption.READ} : options);
        return new Future<>() {
            private final Blocking<AsyncFile> open = new Blocking<>("open " + path,
                    () -> new AsyncFile(FileChannel.open(path, opts), path));
            @Override
            public Poll<AsyncFile> poll(Context cx) {
                return open.poll(cx);
            }

            @Override
            public void cancel() {
                open.cancel(); // detaches the open (Blocking.cancel)
                // the detached open still completes; its channel is unreachable and is closed by the GC cleaner
                // of FileChannelImpl. Nothing else to release.
            }
        };
    }

    /** Opens {@code path} for reading. */
    public static Future<AsyncFile> openRead(Path path) {
        return open(path, StandardOpenOption.READ);
    }

    /** Opens {@code path} for writing, creating it or truncating it (tokio's {@code File::create}). */
    public static Future<AsyncFile> create(Path path) {
        return open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The path the file was opened with. */
    public Path path() {
        return path;
    }

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        while (true) {
            if (pollIdle(cx).isPending()) return Poll.pending();
            if (eofPending) {
                eofPending = false;
                return Poll.ready(-1);
            }
            if (buf.hasRemaining()) {
                int n = Math.min(buf.remaining(), dst.remaining());
                dst.put(dst.position(), buf, buf.position(), n);
                dst.position(dst.position() + n);
                buf.position(buf.position() + n);
                return Poll.ready(n);
            }
            if (!dst.hasRemaining()) return Poll.ready(0);
            checkOpen();
            int want = Math.min(dst.remaining(), MAX_BUF);
            ByteBuffer b = buffer(want);
            start(Op.READ, "read " + path, () -> {
                int n = channel.read(b);
                b.flip();
                return (long) n;
            });
        }
    }

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        if (pollIdle(cx).isPending()) return Poll.pending();
        checkOpen();
        if (!src.hasRemaining()) return Poll.ready(0);
        long rewind = buf.remaining();
        int n = Math.min(src.remaining(), MAX_BUF);
        ByteBuffer b = buffer(n);
        b.put(b.position(), src, src.position(), n).limit(n);
        src.position(src.position() + n);
        start(Op.WRITE, "write " + path, () -> {
            if (rewind > 0) channel.position(channel.position() - rewind);
            while (b.hasRemaining()) channel.write(b);
            b.limit(0);
            return (long) n;
        });
        return Poll.ready(n);
    }

    /** Waits for the operation in flight; throws a background write's error. Does not fsync. */
    @Override
    public Poll<Void> pollFlush(Context cx) {
        return pollIdle(cx);
    }

    /** As {@link #pollFlush}: a file has no write direction to shut down. */
    @Override
    public Poll<Void> pollShutdown(Context cx) {
        return pollIdle(cx);
    }

    /**
     * A future that moves the file position to {@code position} (bytes from the start) and completes with it.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: once started, the move happens even if cancelled; the next
     * operation waits for it.
     *
     * @throws IllegalArgumentException when {@code position} is negative
     */
    public Future<Long> seek(long position) {
        if (position < 0) throw new IllegalArgumentException("position: " + position + " (expected: >= 0)");
        return op(Op.SEEK, "seek " + path, () -> {
            channel.position(position);
            return position;
        });
    }

    /**
     * A future of the current logical position (bytes read ahead into the internal buffer excluded).
     *
     * <p><b>Cancel safety:</b> cancel-safe.
     */
    public Future<Long> position() {
        return op(Op.SEEK, "position " + path, channel::position);
    }

    /**
     * A future that waits for the operation in flight (so a background write's error is thrown here).
     *
     * <p><b>Cancel safety:</b> cancel-safe; flushing can be retried.
     */
    @Override
    public Future<Void> flush() {
        return this::pollIdle;
    }

    /**
     * A future that flushes and then forces file content and metadata to the storage device
     * ({@link FileChannel#force(boolean) force(true)}; tokio's {@code sync_all}).
     *
     * <p><b>Cancel safety:</b> not cancel-safe: once started, the sync runs to its end.
     */
    public Future<Void> sync() {
        return op(Op.SYNC, "sync " + path, () -> {
            channel.force(true);
            return 0L;
        }).map(x -> null);
    }

    /**
     * A future that waits for the operation in flight and closes the file; every later operation fails with
     * {@link IllegalStateException}. Closing a closed file completes at once.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: once started, the close happens.
     */
    public Future<Void> close() {
        return new Future<>() {
            private boolean started;

            @Override
            public Poll<Void> poll(Context cx) {
                if (!started) {
                    if (closed && inflight == null) return Poll.ready(null);
                    if (pollIdle(cx).isPending()) return Poll.pending();
                    closed = true;
                    buf.limit(0);
                    start(Op.CLOSE, "close " + path, () -> {
                        channel.close();
                        return 0L;
                    });
                    started = true;
                }
                if (pollIdle(cx).isPending()) return Poll.pending();
                return Poll.ready(null);
            }
        };
    }

    /** An operation future: waits for idle, starts {@code body} (rewinding read-ahead first), waits for it. */
    private Future<Long> op(Op kind, String what, Blocking.IoBody<Long> body) {
        return new Future<>() {
            private InFlight mine;

            @Override
            public Poll<Long> poll(Context cx) {
                if (mine == null) {
                    if (pollIdle(cx).isPending()) return Poll.pending();
                    checkOpen();
                    long rewind = buf.remaining();
                    buf.limit(0);
                    mine = start(kind, what, () -> {
                        if (rewind > 0) channel.position(channel.position() - rewind);
                        return body.call();
                    });
                }
                if (!mine.done && pollIdle(cx).isPending()) return Poll.pending();
                if (mine.error != null) throw mine.error;
                return Poll.ready(mine.value);
            }
        };
    }

    /**
     * Completes the operation in flight, recording its outcome in its {@link InFlight} (a read's bytes stay in
     * {@code buf}); then throws a background write's error (I4), if any.
     */
    private Poll<Void> pollIdle(Context cx) {
        InFlight f = inflight;
        if (f != null) {
            try {
                Poll<Long> p = Blocking.pollUnwrapped(f.handle, cx);
                if (p.isPending()) return Poll.pending();
                f.value = p.value();
                if (f.op == Op.READ && f.value < 0) eofPending = true;
            } catch (RuntimeException e) {
                f.error = e;
                if (f.op == Op.WRITE || f.op == Op.READ) writeError = e;
            }
            f.done = true;
            inflight = null;
        }
        RuntimeException e = writeError;
        if (e != null) {
            writeError = null;
            throw e;
        }
        return Poll.ready(null);
    }

    private InFlight start(Op kind, String what, Blocking.IoBody<Long> body) {
        InFlight f = new InFlight(kind, Blocking.spawn(what, body));
        inflight = f;
        return f;
    }

    /** The operation in flight and, once done, its outcome (I1). */
    private static final class InFlight {
        final Op op;
        final JoinHandle<Blocking.Done<Long>> handle;
        boolean done;
        long value;
        RuntimeException error;

        InFlight(Op op, JoinHandle<Blocking.Done<Long>> handle) {
            this.op = op;
            this.handle = handle;
        }
    }

    /** The internal buffer, cleared, with room for {@code n} bytes (limit n). */
    private ByteBuffer buffer(int n) {
        if (buf.capacity() < n) buf = ByteBuffer.allocate(Math.max(n, Math.min(MAX_BUF, buf.capacity() * 2)));
        buf.clear().limit(n);
        return buf;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("AsyncFile " + path + " is closed");
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + "]";
    }
}
