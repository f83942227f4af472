package dev.weft.runtime;

import dev.weft.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of every live task of a runtime: what each is, what it is doing, what it waits on and who holds that,
 * plus the cycles of the wait-for graph ({@link #deadlocks()}). Taken by {@link WeftRuntime#dump()} or
 * {@link Handle#dump()} without stopping the runtime.
 *
 * <p>{@code toString()} is for people; {@link #toJson()} is for tools. The runtime's
 * {@linkplain WeftRuntime.Builder#diagnosticsMBean(boolean) MBean} serves both from a running process.
 * {@snippet class=dev.weft.runtime.snippets.DiagnosticsSnippets region=dump}
 *
 * <p>What is always there: every task's id, kind and state, the stack of every async block and blocking body, and
 * what each waits on. A runtime built with {@linkplain WeftRuntime.Builder#diagnostics(boolean) diagnostics} adds each
 * task's age and time since its last poll, every resource of a select, and the holders of mutexes, read-write locks
 * and semaphores (created after it was built); {@linkplain WeftRuntime.Builder#captureSpawnSites(boolean)
 * captureSpawnSites} adds where each task was spawned.
 *
 * <p>The snapshot is taken while the tasks run, task by task, so it is exact for tasks that are stuck and
 * approximate for busy ones; {@link #deadlocks()} reports the cycles of this one snapshot, which the deadlock
 * detector confirms over two checks before it reports them.
 *
 * @param runtime the runtime's name
 * @param takenAt when the snapshot was taken
 * @param diagnostics whether the runtime was built with diagnostics
 * @param tasks the live tasks, by ascending id
 * @param deadlocks the cycles of the wait-for graph in this snapshot
 */
public record TaskDump(String runtime, Instant takenAt, boolean diagnostics, List<TaskInfo> tasks,
        List<Deadlock> deadlocks) {
    /*
     * Implementation notes: an immutable value built by DumpBuilder; nothing concurrent here.
     */

    /** Most frames of a stack printed by {@code toString()} (the JSON has them all). */
    private static final int MAX_PRINTED_FRAMES = 16;

    /**
     * Validates and copies the lists.
     *
     * @throws NullPointerException when a component is null
     */
    public TaskDump {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(takenAt, "takenAt");
        tasks = List.copyOf(tasks);
        deadlocks = List.copyOf(deadlocks);
    }

    /**
     * The task with id {@code id}, if it was live.
     *
     * @param id a task id
     * @return its entry
     */
    public Optional<TaskInfo> task(TaskId id) {
        for (TaskInfo t : tasks) if (t.id().equals(id)) return Optional.of(t);
        return Optional.empty();
    }

    /** The dump for people: a header, one block per task, then the deadlocks. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("Weft task dump of runtime '").append(runtime).append("' at ").append(takenAt).append(": ")
                .append(tasks.size()).append(tasks.size() == 1 ? " live task" : " live tasks")
                .append(diagnostics ? "" : " (diagnostics off: build the runtime with diagnostics(true) for ages,"
                        + " holders and every resource of a select)")
                .append('\n');
        for (TaskInfo t : tasks) appendTask(b, t, "");
        if (deadlocks.isEmpty()) {
            b.append("No deadlock in this snapshot.\n");
        } else {
            for (Deadlock d : deadlocks) b.append(d);
        }
        return b.toString();
    }

    /** The dump as one JSON object (see the module's docs for the schema; the field names are the records'). */
    public String toJson() {
        Json j = new Json();
        j.beginObject().field("runtime", runtime).field("takenAt", takenAt.toString())
                .field("diagnostics", diagnostics);
        j.beginArray("tasks");
        for (TaskInfo t : tasks) writeTask(j, t);
        j.endArray();
        j.beginArray("deadlocks");
        for (Deadlock d : deadlocks) d.writeJson(j);
        j.endArray();
        return j.endObject().toString();
    }

    static void appendTask(StringBuilder b, TaskInfo t, String indent) {
        b.append(indent).append(t.label()).append("  ").append(kindLabel(t.kind())).append("  ")
                .append(t.state());
        t.age().ifPresent(a -> b.append("  age ").append(format(a)));
        t.sinceLastPoll().ifPresent(a -> b.append("  last poll ").append(format(a)).append(" ago"));
        b.append("  [").append(t.future()).append("]\n");
        for (WaitInfo w : t.waitingOn()) b.append(indent).append("  waits on ").append(w).append('\n');
        if (!t.spawnSite().isEmpty()) {
            b.append(indent).append("  spawned at ").append(t.spawnSite().get(0)).append('\n');
            for (int i = 1; i < t.spawnSite().size(); i++) {
                b.append(indent).append("             ").append(t.spawnSite().get(i)).append('\n');
            }
        }
        if (!t.stack().isEmpty()) {
            b.append(indent).append("  stack:\n");
            List<StackTraceElement> st = t.stack();
            int from = 0;
            while (from < st.size() - 1 && isJdkFrame(st.get(from))) from++; // the park machinery says nothing
            int to = Math.min(st.size(), from + MAX_PRINTED_FRAMES);
            for (int i = from; i < to; i++) b.append(indent).append("    at ").append(st.get(i)).append('\n');
            if (to < st.size()) b.append(indent).append("    ... ").append(st.size() - to).append(" more\n");
        }
    }

    static void writeTask(Json j, TaskInfo t) {
        j.beginObject().field("id", t.id().value()).fieldOrNull("name", t.name()).field("kind", t.kind().name())
                .field("state", t.state().name()).fieldMillis("ageMillis", t.age())
                .fieldMillis("sinceLastPollMillis", t.sinceLastPoll()).field("future", t.future());
        j.frames("spawnSite", t.spawnSite());
        j.beginArray("waitingOn");
        for (WaitInfo w : t.waitingOn()) {
            j.beginObject().field("kind", w.kind().name()).field("resource", w.resource());
            j.beginArray("actors");
            for (TaskId a : w.actors()) j.value(a.value());
            j.endArray();
            j.field("actorsComplete", w.actorsComplete()).field("detail", w.detail()).endObject();
        }
        j.endArray();
        j.frames("stack", t.stack());
        j.endObject();
    }

    private static boolean isJdkFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.");
    }

    private static String kindLabel(TaskInfo.Kind k) {
        return switch (k) {
            case POLL_BASED -> "poll-based";
            case ASYNC_BLOCK -> "async block";
            case BLOCKING -> "blocking";
        };
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 120_000) return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        return d.toMinutes() + " min " + (d.toSecondsPart()) + " s";
    }
}
