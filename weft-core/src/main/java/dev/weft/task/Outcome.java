package dev.weft.task;

import org.jspecify.annotations.Nullable;

/**
 * How a task ended, for code that prefers a {@code switch} to catching {@link JoinError}.
 *
 * {@snippet :
 * switch (handle.outcome().await()) {
 *     case Outcome.Success<String>(var value) -> System.out.println(value);
 *     case Outcome.Failure<String>(var cause) -> cause.printStackTrace();
 *     case Outcome.Cancelled<String>() -> System.out.println("cancelled");
 * }
 * }
 *
 * @param <T> the task's value type
 */
public sealed interface Outcome<T extends @Nullable Object> {
    /** The task completed with {@code value}. */
    record Success<T extends @Nullable Object>(T value) implements Outcome<T> {}

    /** The task's future threw {@code cause}. */
    record Failure<T extends @Nullable Object>(Throwable cause) implements Outcome<T> {}

    /** The task was cancelled. */
    record Cancelled<T extends @Nullable Object>() implements Outcome<T> {}
}
