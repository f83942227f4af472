package dev.weft.fs;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.task.JoinHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The entries of a directory, read lazily: tokio's {@code ReadDir}. Each time its local batch is empty,
 * {@link #pollNext} reads up to 32 more entries on the blocking pool; the directory is opened by the first
 * batch and closed when the listing ends, fails or {@link #close()} is called. Entries come in no particular
 * order and do not include {@code .} and {@code ..}.
 *
 * {@snippet class=dev.weft.fs.snippets.FsSnippets region=readDir}
 *
 * <p>Owned by one task at a time; at most one batch is read at a time. Must be polled under a runtime.
 */
public final class DirEntries implements AutoCloseable {
    /*
     * Implementation notes
     *
     * Single-owner. The DirectoryStream and its iterator are touched only by the blocking body of the batch in
     * flight, or by the owner when no batch is in flight (I1): JoinHandle completion orders the two.
     * I1. `inflight != null` iff a batch body may be running.
     * I2. `done` becomes true at the end, on failure or on close; afterwards the stream is closed (by the
     *     batch that found the end, by the owner, or by the in-flight batch when closeRequested is set).
     */
    static final int DEFAULT_BATCH = 32;

    private final Path dir;
    private final int batchSize;
    private final ArrayDeque<DirEntry> ready = new ArrayDeque<>();
    private DirectoryStream<Path> stream;
    private Iterator<Path> iterator;
    private JoinHandle<Blocking.Done<List<DirEntry>>> inflight;
    private volatile boolean closeRequested;
    private boolean done;

    DirEntries(Path dir, int batchSize) {
        this.dir = dir;
        this.batchSize = batchSize;
    }

    /**
     * Polls for the next entry.
     *
     * @return {@code Ready(Optional.of(entry))}, {@code Ready(Optional.empty())} after the last one, or
     *         {@code Pending} while a batch is being read
     * @throws UncheckedIOException when opening or reading the directory fails (cause: the
     *         {@link IOException}, e.g. {@link java.nio.file.NoSuchFileException}); the listing is over then
     */
    public Poll<Optional<DirEntry>> pollNext(Context cx) {
        while (true) {
            DirEntry e = ready.poll();
            if (e != null) return Poll.ready(Optional.of(e));
            if (done && inflight == null) return Poll.ready(Optional.empty());
            if (inflight == null) inflight = Blocking.spawn("readDir " + dir, this::readBatch);
            Poll<List<DirEntry>> p;
            try {
                p = Blocking.pollUnwrapped(inflight, cx);
            } catch (RuntimeException | Error t) {
                inflight = null;
                done = true;
                closeQuietly();
                throw t;
            }
            if (p.isPending()) return Poll.pending();
            inflight = null;
            List<DirEntry> batch = p.value();
            if (batch.isEmpty()) done = true;
            if (!closeRequested) ready.addAll(batch);
        }
    }

    /**
     * A future of the next entry, or empty after the last one.
     *
     * <p><b>Cancel safety:</b> cancel-safe: a batch being read when the future is cancelled keeps going, and
     * its entries are returned by the next call.
     */
    public Future<Optional<DirEntry>> next() {
        return this::pollNext;
    }

    /**
     * Ends the listing and closes the directory (now, or when the batch in flight returns). Idempotent.
     */
    @Override
    public void close() {
        closeRequested = true;
        ready.clear();
        done = true;
        if (inflight == null) closeQuietly();
    }

    /** Blocking body of one batch (I1). */
    private List<DirEntry> readBatch() throws IOException {
        try {
            if (closeRequested) {
                closeQuietly();
                return List.of();
            }
            if (stream == null) {
                stream = Files.newDirectoryStream(dir);
                iterator = stream.iterator();
            }
            List<DirEntry> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && iterator.hasNext()) {
                Path p = iterator.next();
                batch.add(new DirEntry(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS),
                        Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)));
            }
            if (batch.isEmpty() || closeRequested) closeQuietly();
            return batch;
        } catch (java.nio.file.DirectoryIteratorException e) {
            closeQuietly();
            throw e.getCause();
        }
    }

    private void closeQuietly() {
        DirectoryStream<Path> s = stream;
        if (s == null) return;
        stream = null;
        iterator = null;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a directory listing that has been read: nothing the caller could do
        }
    }

    @Override
    public String toString() {
        return "DirEntries[" + dir + "]";
    }
}
