package dev.weft.task;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.Waits;
import dev.weft.internal.task.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A set of spawned tasks whose results are taken as they finish, in completion order (Tokio's {@code JoinSet}).
 *
 * {@snippet class=dev.weft.task.snippets.TaskSnippets region=joinSet}
 *
 * <p>A join set belongs to one task at a time (it is not thread-safe); the tasks in it run anywhere.
 * {@link #close()} aborts every task still in the set, as dropping a Tokio {@code JoinSet} does.
 *
 * @param <T> the tasks' value type
 */
public final class JoinSet<T> implements AutoCloseable {
    /*
     * Implementation notes
     *
     * Each member task has an Entry registered as its join waker. When the task completes, the entry pushes
     * itself on an intrusive Treiber stack (`completedHead`) and wakes the set's owner.
     * I1. An entry is pushed at most once: its `pushed` flag is CASed first (add() and the completer may both
     *     wake an entry whose task finished while it was being registered).
     * I2. `members`, `ready` and `owner` are touched only by the owning thread.
     * Ordering: push is a CAS on completedHead (volatile), take is getAndSet; the task's outcome is published
     * before its join waker runs (Task I4/I5).
     */
    private static final VarHandle COMPLETED_HEAD;

    static {
        try {
            COMPLETED_HEAD = MethodHandles.lookup().findVarHandle(JoinSet.class, "completedHead", Entry.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Set<Entry<T>> members = new HashSet<>();
    private final ArrayDeque<Entry<T>> ready = new ArrayDeque<>();
    @SuppressWarnings("unused")
    private volatile Entry<T> completedHead;
    private volatile Waker owner;

    /** An empty set. */
    public JoinSet() {}

    /**
     * Spawns {@code future} on the current runtime as a member of this set.
     *
     * @throws IllegalStateException when no runtime is current
     */
    @CanIgnoreReturnValue
    public AbortHandle spawn(Future<T> future) {
        return add(Tasks.spawn(future));
    }

    /** Adds an already spawned task (its handle must not be awaited elsewhere afterwards). */
    @CanIgnoreReturnValue
    public AbortHandle add(JoinHandle<T> handle) {
        Task<T> task = handle.task();
        Entry<T> e = new Entry<>(this, task);
        members.add(e);
        if (task.registerJoinWaker(e)) e.wake();
        return new AbortHandle(task);
    }

    /** Number of tasks in the set (finished ones stay until taken by {@link #joinNext()}). */
    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /**
     * A future of the next task to finish: its value, or empty when the set is empty. Fails with
     * {@link JoinError} when that task failed or was cancelled (the task leaves the set either way).
     *
     * <p><b>Cancel safety:</b> cancel-safe. A task is removed from the set only in the poll that returns it, so
     * cancelling a pending {@code joinNext()} loses no result.
     */
    public Future<Optional<T>> joinNext() {
        return this::pollJoinNext;
    }

    private Poll<Optional<T>> pollJoinNext(Context cx) {
        owner = cx.waker();
        Waits.record(owner, this); // task dump: waits on this set
        drainCompleted();
        Entry<T> e = ready.pollFirst();
        if (e == null) {
            if (members.isEmpty()) return Poll.ready(Optional.empty());
            return Poll.pending();
        }
        members.remove(e);
        Task<T> t = e.task;
        TaskId id = new TaskId(t.taskId());
        if (t.outcomeCancelled()) throw new JoinError.Cancelled(id);
        Throwable failure = t.takeFailure();
        if (failure != null) throw new JoinError.Failed(id, failure);
        return Poll.ready(Optional.ofNullable(t.value()));
    }

    @SuppressWarnings("unchecked")
    private void drainCompleted() {
        Entry<T> e = (Entry<T>) COMPLETED_HEAD.getAndSet(this, (Entry<T>) null);
        // the stack is LIFO; reverse to keep completion order
        ArrayDeque<Entry<T>> tmp = null;
        while (e != null) {
            Entry<T> next = e.next;
            e.next = null;
            if (tmp == null) tmp = new ArrayDeque<>();
            tmp.addFirst(e);
            e = next;
        }
        if (tmp != null) ready.addAll(tmp);
    }

    /** Aborts every task in the set; they stay in it until {@link #joinNext()} reports them cancelled. */
    public void abortAll() {
        for (Entry<T> e : members) e.task.abort();
    }

    /**
     * Aborts every task and waits until all have finished; the set is empty afterwards.
     *
     * <p><b>Cancel safety:</b> cancelling stops the waiting; the tasks stay aborted.
     */
    public Future<Void> shutdown() {
        abortAll();
        return cx -> {
            for (;;) {
                Poll<Optional<T>> p;
                try {
                    p = pollJoinNext(cx);
                } catch (JoinError ignored) {
                    continue; // cancelled or failed: either way it is gone from the set
                }
                if (p.isPending()) return Poll.pending();
                if (p.value().isEmpty() && members.isEmpty()) return Poll.ready(null);
            }
        };
    }

    /** Aborts every task still in the set (Tokio: dropping the JoinSet). */
    @Override
    public void close() {
        abortAll();
    }

    private void pushCompleted(Entry<T> e) {
        Entry<T> head;
        do {
            head = completedHead;
            e.next = head;
        } while (!COMPLETED_HEAD.compareAndSet(this, head, e));
        Waker w = owner;
        if (w == null) return;
        try {
            w.wake();
        } catch (Throwable t) { // the completing task's worker (or add()'s caller) is not the owner's keeper
            dev.weft.internal.task.Logging.userHookFailed("the waker of a JoinSet.joinNext() poller", t);
        }
    }

    /** A member: the task and its join waker. */
    private static final class Entry<T> implements Waker {
        private static final VarHandle PUSHED;

        static {
            try {
                PUSHED = MethodHandles.lookup().findVarHandle(Entry.class, "pushed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final JoinSet<T> set;
        final Task<T> task;
        Entry<T> next;
        @SuppressWarnings("unused")
        private volatile boolean pushed;

        Entry(JoinSet<T> set, Task<T> task) {
            this.set = set;
            this.task = task;
        }

        @Override
        public void wake() {
            // I1: the completer and add() may both wake an entry whose task finished during registration
            if (PUSHED.compareAndSet(this, false, true)) set.pushCompleted(this);
        }
    }
}
