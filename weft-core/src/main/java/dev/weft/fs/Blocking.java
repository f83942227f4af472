package dev.weft.fs;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A lazy future that runs one blocking file operation on the current runtime's blocking pool, started at its
 * first poll. I/O errors come out as {@link UncheckedIOException} (with the {@link IOException} as cause), not
 * wrapped in a {@link JoinError}. Cancelling it detaches the operation (it still runs to its end).
 */
final class Blocking<T> implements Future<T> {
    /** A blocking body that may throw {@link IOException}. */
    @FunctionalInterface
    interface IoBody<T> {
        T call() throws IOException;
    }

    /**
     * What a body produced: its value, or the exception it threw. The exception travels as a value so that a
     * failed file operation is never an unobserved task failure (reported by the runtime when the body ends
     * before the fs future polls the handle): the fs future that awaits it rethrows it. An {@code Error} still
     * fails the task.
     */
    record Done<T>(T value, RuntimeException failure) {}

    private final String what;
    private final IoBody<T> body;
    private JoinHandle<Done<T>> handle;

    Blocking(String what, IoBody<T> body) {
        this.what = what;
        this.body = body;
    }

    /** Spawns {@code body} on the blocking pool now (from a poll, so a runtime is current). */
    static <T> JoinHandle<Done<T>> spawn(String what, IoBody<T> body) {
        return Tasks.spawnBlocking(() -> {
            try {
                return new Done<>(body.call(), null);
            } catch (IOException e) {
                return new Done<>(null, new UncheckedIOException(what + ": " + e, e));
            } catch (RuntimeException e) {
                return new Done<>(null, e);
            }
        });
    }

    /** Polls {@code handle}, unwrapping the body's exception (I/O errors stay UncheckedIOException). */
    static <T> Poll<T> pollUnwrapped(JoinHandle<Done<T>> handle, Context cx) {
        try {
            Poll<Done<T>> p = handle.poll(cx);
            if (p.isPending()) return Poll.pending();
            Done<T> d = p.value();
            if (d.failure() != null) throw d.failure();
            return Poll.ready(d.value());
        } catch (JoinError.Failed f) {
            Throwable c = f.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error e) throw e;
            throw f;
        }
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (handle == null) handle = spawn(what, body);
        return pollUnwrapped(handle, cx);
    }

    @Override
    public void cancel() {
        JoinHandle<Done<T>> h = handle;
        // detach, not cancel: the operation runs to its end (interrupting FileChannel I/O would close the channel)
        if (h != null) h.detach();
    }
}
