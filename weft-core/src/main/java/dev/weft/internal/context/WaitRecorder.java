package dev.weft.internal.context;

/**
 * Something that can be told which resource the task it stands for is about to wait on: a task, the park waker of
 * an {@code await()} on an async block's thread, or a combinator's child waker (which forwards to its parent's).
 * The primitives of {@code dev.weft.sync}, timers, sockets and join handles call {@link Waits#record} with the
 * waker they register, right where they register it; the task dump reads the records back.
 *
 * <p>Only the thread that polls with the waker calls {@link #recordWait}; a dump reads {@link #recordedWaits} from
 * another thread without synchronisation (a benign race: the dump is a diagnostic snapshot).
 */
public interface WaitRecorder {
    /**
     * Notes that the poll under way is about to return pending waiting on {@code resource}.
     *
     * @param resource the waiter node or resource the waker was registered with (never null)
     */
    void recordWait(Object resource);

    /**
     * What the last poll waited on: null (nothing recorded), one resource, {@link Waits#SEVERAL} (more than one,
     * not listed), or a {@link Waits.Several} list. The default returns null (a forwarding waker).
     *
     * @return the record, read racily
     */
    default Object recordedWaits() {
        return null;
    }
}
