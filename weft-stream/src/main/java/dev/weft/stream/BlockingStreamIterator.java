package dev.weft.stream;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A blocking {@link Iterator} over a {@link Stream}, for plain platform threads and async blocks: made by
 * {@link Stream#blockingIterator()}.
 *
 * <p>{@link #hasNext()} waits for the next element with {@link dev.weft.future.Future#await()}: on a platform
 * thread outside any runtime it blocks the thread; in an async block it parks the virtual thread. On a runtime
 * worker thread it throws {@link IllegalStateException}, because blocking a worker stalls every task queued on it:
 * compose the stream with its terminals there instead. An interrupt while waiting cancels the stream and throws
 * {@link dev.weft.future.CancelledException}.
 *
 * <p>{@link #close()} cancels the stream unless it has ended; use try-with-resources when the loop may stop early.
 * Not thread-safe: one thread iterates.
 *
 * @param <T> the element type
 */
public final class BlockingStreamIterator<T> implements Iterator<T>, AutoCloseable {
    private Stream<T> stream; // null after End, failure or close
    private T next;

    BlockingStreamIterator(Stream<T> stream) {
        this.stream = stream;
    }

    /**
     * Waits until the next element or the end is known.
     *
     * @throws IllegalStateException on a runtime worker thread
     * @throws dev.weft.future.CancelledException when the thread is interrupted while waiting (the stream is
     *     then cancelled)
     */
    @Override
    public boolean hasNext() {
        if (next != null) return true;
        Stream<T> s = stream;
        if (s == null) return false;
        if (!dev.weft.future.Await.isBlockingAllowed()) {
            throw new IllegalStateException("BlockingStreamIterator.hasNext() called on " + Thread.currentThread().getName()
                    + ", a thread that polls tasks: blocking it would stall every task queued on it. Consume the stream"
                    + " with a terminal future (forEach, fold, collect) instead, or iterate in an async block.");
        }
        java.util.Optional<T> v;
        try {
            v = s.next().await();
        } catch (dev.weft.future.CancelledException e) {
            close();
            throw e;
        } catch (Throwable t) {
            stream = null;
            Terminals.cancelAfterFailure(s, t);
            throw t;
        }
        if (v.isEmpty()) {
            stream = null;
            return false;
        }
        next = v.get();
        return true;
    }

    /**
     * Returns the next element, waiting for it as {@link #hasNext()} does.
     *
     * @throws NoSuchElementException at the end of the stream
     */
    @Override
    @CanIgnoreReturnValue
    public T next() {
        if (!hasNext()) throw new NoSuchElementException("the stream has ended");
        T v = next;
        next = null;
        return v;
    }

    /** Cancels the stream if it has not ended; idempotent. */
    @Override
    public void close() {
        Stream<T> s = stream;
        stream = null;
        next = null;
        if (s != null) s.cancel();
    }
}
