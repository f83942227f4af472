package dev.weft.task;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.task.TaskLocalMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A value scoped to a future (and so to the task that runs it): Tokio's {@code task_local!}. Inside the scope
 * — in every poll of the future, and in async blocks it starts — {@link #get()} returns the value; outside it
 * is unset.
 *
 * {@snippet class=dev.weft.task.snippets.TaskSnippets region=taskLocal}
 *
 * @param <T> the value type
 */
public final class TaskLocal<T> {
    private final String name;

    private TaskLocal(String name) {
        this.name = name;
    }

    /** A new task-local key; {@code name} appears in error messages. */
    public static <T> TaskLocal<T> newInstance(String name) {
        return new TaskLocal<>(Objects.requireNonNull(name, "name"));
    }

    /**
     * Wraps {@code future} so that {@code value} is bound to this key during each of its polls.
     *
     * <p><b>Cancel safety:</b> as {@code future}'s; cancelling cancels it (with the value bound).
     */
    public <R> Future<R> scope(T value, Future<R> future) {
        Objects.requireNonNull(future, "future");
        TaskLocal<T> key = this;
        return new Future<>() {
            @Override
            public Poll<R> poll(Context cx) {
                TaskLocalMap prev = TaskLocalMap.install(TaskLocalMap.with(TaskLocalMap.current(), key, value));
                try {
                    return future.poll(cx);
                } finally {
                    TaskLocalMap.install(prev);
                }
            }

            @Override
            public void cancel() {
                TaskLocalMap prev = TaskLocalMap.install(TaskLocalMap.with(TaskLocalMap.current(), key, value));
                try {
                    future.cancel();
                } finally {
                    TaskLocalMap.install(prev);
                }
            }
        };
    }

    /**
     * The value bound in the enclosing scope.
     *
     * @throws NoSuchElementException when called outside any scope of this key
     */
    @SuppressWarnings("unchecked")
    public T get() {
        TaskLocalMap m = TaskLocalMap.current();
        if (!TaskLocalMap.contains(m, this)) {
            throw new NoSuchElementException("task-local '" + name + "' is not set here: read it inside a future"
                    + " wrapped with " + name + ".scope(value, future) or an async block started there");
        }
        return (T) TaskLocalMap.lookup(m, this);
    }

    /** The value bound in the enclosing scope, or empty outside any scope (or when bound to null). */
    @SuppressWarnings("unchecked")
    public Optional<T> tryGet() {
        TaskLocalMap m = TaskLocalMap.current();
        return Optional.ofNullable((T) TaskLocalMap.lookup(m, this));
    }

    @Override
    public String toString() {
        return "TaskLocal[" + name + "]";
    }
}
