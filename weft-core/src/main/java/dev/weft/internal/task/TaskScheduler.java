package dev.weft.internal.task;

/** What a {@link Task} needs from the scheduler that owns it. Implemented by both runtime flavours. */
public interface TaskScheduler {

    /** A task became runnable through a wake-up; queue it (LIFO slot if woken by the task running here). */
    void schedule(Task<?> task);

    /** A task was woken while it ran and is runnable again; queue it at the back (a yield). */
    void reschedule(Task<?> task);

    /** A task reached its final state; forget it. Called exactly once per task, by the completing thread. */
    void onComplete(Task<?> task);

    /**
     * A task failed and nobody had registered interest in its outcome (Task I8): report it once. Called on the
     * completing thread; must not throw. The default logs it.
     */
    default void onUnobservedFailure(Task<?> task, Throwable failure) {
        Logging.unobservedFailure(task.taskId(), null, failure);
    }

    /** The context carrier given to futures polled by this scheduler's tasks. */
    dev.weft.internal.context.Ambient ambient();
}
