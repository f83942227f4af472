package dev.weft.runtime;

import dev.weft.task.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One live task in a {@link TaskDump}.
 *
 * @param id the task's id
 * @param name the name it was spawned with ({@code Tasks.spawn(name, future)}), if any
 * @param kind poll-based, async block, or blocking body
 * @param state what it is doing at the moment of the dump
 * @param age time since it was spawned; present when the runtime was built with diagnostics or the task is named
 * @param sinceLastPoll time since its last poll started (for an async block spawned with {@code spawnAsync}: since
 *        its body started); present like {@code age}
 * @param spawnSite the caller frames of the spawn, innermost first; empty unless the runtime was built with
 *        {@code captureSpawnSites(true)}
 * @param waitingOn what it waits on: for a poll-based task what its last poll registered with, for an async block
 *        what its {@code await()} waits on; empty when it is not waiting or waits on something Weft does not know
 * @param stack the stack of the thread running it: an async block's virtual thread, a blocking body's pool thread;
 *        empty for a poll-based task (between polls it has no stack: {@code waitingOn} says where it stopped)
 * @param future the class of the task's future (a lambda's class names its enclosing class), or "-"
 */
public record TaskInfo(TaskId id, Optional<String> name, Kind kind, State state, Optional<Duration> age,
        Optional<Duration> sinceLastPoll, List<StackTraceElement> spawnSite, List<WaitInfo> waitingOn,
        List<StackTraceElement> stack, String future) {
    /**
     * Validates and copies the lists.
     *
     * @throws NullPointerException when a component is null
     */
    public TaskInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(sinceLastPoll, "sinceLastPoll");
        spawnSite = List.copyOf(spawnSite);
        waitingOn = List.copyOf(waitingOn);
        stack = List.copyOf(stack);
        Objects.requireNonNull(future, "future");
    }

    /** How a task runs. */
    public enum Kind {
        /** A future polled by the runtime's workers ({@code Tasks.spawn}). */
        POLL_BASED,
        /** An async block on a virtual thread ({@code Tasks.spawnAsync}, or {@code spawn(Async.async(...))}). */
        ASYNC_BLOCK,
        /** A blocking body on the blocking pool ({@code Tasks.spawnBlocking}). */
        BLOCKING
    }

    /** What a task is doing at the moment of the dump. */
    public enum State {
        /** Waiting to be woken: idle between polls, or an async block parked in {@code await()}. */
        WAITING,
        /** Woken and queued, waiting for a worker to poll it. */
        SCHEDULED,
        /** Being polled, or its thread is running (or blocked outside Weft: a lock, I/O, {@code sleep}). */
        RUNNING,
        /** Aborted; cancellation is under way. */
        CANCELLING
    }

    /** The task's label: its id, and its name in quotes when it has one, e.g. {@code task-12 "transfer"}. */
    public String label() {
        return name.map(n -> id + " \"" + n + "\"").orElse(id.toString());
    }
}
