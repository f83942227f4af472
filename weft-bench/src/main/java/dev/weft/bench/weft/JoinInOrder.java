package dev.weft.bench.weft;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.task.JoinHandle;
import java.util.function.ToLongFunction;

/**
 * The poll-based {@code for h in handles { acc += h.await }}: awaits every handle in array order and folds its
 * value into a sum. Joined handles are cleared from the array so finished tasks can be collected early.
 *
 * @param <T> the tasks' value type
 */
final class JoinInOrder<T> implements Future<Long> {
    private final JoinHandle<T>[] handles;
    private final ToLongFunction<? super T> value;
    private int next;
    private long acc;

    JoinInOrder(JoinHandle<T>[] handles, ToLongFunction<? super T> value) {
        this.handles = handles;
        this.value = value;
    }

    /** Counts the handles that completed (each adds 1). */
    static <T> JoinInOrder<T> counting(JoinHandle<T>[] handles) {
        return new JoinInOrder<>(handles, v -> 1);
    }

    @Override
    public Poll<Long> poll(Context cx) {
        while (next < handles.length) {
            Poll<T> p = handles[next].poll(cx);
            if (p.isPending()) return Poll.pending(); // the handle stored our waker
            acc += value.applyAsLong(p.value());
            handles[next++] = null;
        }
        return Poll.ready(acc);
    }

    /** Aborts every task not joined yet. */
    @Override
    public void cancel() {
        for (int i = next; i < handles.length; i++) handles[i].abort();
    }
}
