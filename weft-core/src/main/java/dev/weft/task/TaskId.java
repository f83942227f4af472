package dev.weft.task;

/**
 * The identity of a spawned task, unique within the process for its lifetime (Tokio's {@code task::Id}).
 *
 * @param value the numeric id
 */
public record TaskId(long value) {
    @Override
    public String toString() {
        return "task-" + value;
    }
}
