package dev.weft.runtime;

import dev.weft.task.TaskId;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A cycle in a runtime's wait-for graph: tasks that each wait on a resource held (or, for a join handle, to be
 * completed) by another task of the cycle, so none of them can go on. Found by {@link TaskDump#deadlocks()} and
 * reported by the detector of {@link WeftRuntime.Builder#detectDeadlocks(java.time.Duration)}.
 *
 * <p>{@code toString()} is the report a person reads (the cycle, then each task's stack and spawn site);
 * {@link #toJson()} is for tools.
 * {@snippet class=dev.weft.runtime.snippets.DiagnosticsSnippets region=deadlock}
 *
 * @param runtime the runtime's name
 * @param edges the cycle's edges: {@code waiter} waits on {@code waitsOn}, which {@code actor} holds or must finish;
 *        ordered by waiter id
 * @param tasks the tasks of the cycle as the dump saw them, ordered by id
 */
public record Deadlock(String runtime, List<Edge> edges, List<TaskInfo> tasks) {
    /**
     * Validates and copies the lists.
     *
     * @throws NullPointerException when a component is null
     */
    public Deadlock {
        Objects.requireNonNull(runtime, "runtime");
        edges = List.copyOf(edges);
        tasks = List.copyOf(tasks);
    }

    /**
     * One edge of the wait-for graph: {@code waiter} → {@code waitsOn} → {@code actor}.
     *
     * @param waiter the waiting task
     * @param waitsOn what it waits on
     * @param actor the task that holds it or must finish for it
     */
    public record Edge(TaskId waiter, WaitInfo waitsOn, TaskId actor) {
        /**
         * Validates.
         *
         * @throws NullPointerException when a component is null
         */
        public Edge {
            Objects.requireNonNull(waiter, "waiter");
            Objects.requireNonNull(waitsOn, "waitsOn");
            Objects.requireNonNull(actor, "actor");
        }
    }

    /** The ids of the tasks in the cycle, ascending. */
    public List<TaskId> taskIds() {
        return tasks.stream().map(TaskInfo::id).toList();
    }

    /** The identities of the resources in the cycle (e.g. {@code mutex@1b6d3586}), sorted, without repeats. */
    public List<String> resources() {
        TreeSet<String> r = new TreeSet<>();
        for (Edge e : edges) r.add(e.waitsOn().resource());
        return List.copyOf(r);
    }

    /** Identifies the cycle across checks: its tasks and resources. */
    String key() {
        return taskIds() + " " + resources();
    }

    private String labelOf(TaskId id) {
        for (TaskInfo t : tasks) if (t.id().equals(id)) return t.label();
        return id.toString();
    }

    /** The report: the cycle, then each task with its stack and spawn site. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("Weft deadlock in runtime '").append(runtime).append("': ");
        b.append(tasks.size() == 1 ? "a task waits on itself" : tasks.size() + " tasks wait on each other")
                .append(" (").append(String.join(", ", resources())).append(")\n");
        for (Edge e : edges) {
            b.append("  ").append(labelOf(e.waiter()));
            if (e.waitsOn().kind() == WaitInfo.ResourceKind.JOIN_HANDLE) {
                b.append(" awaits the join handle of ").append(labelOf(e.actor()));
            } else {
                b.append(" waits on ").append(e.waitsOn().resource());
                if (!e.waitsOn().detail().isEmpty()) b.append(" (").append(e.waitsOn().detail()).append(')');
                b.append(", held by ").append(labelOf(e.actor()));
            }
            b.append('\n');
        }
        for (TaskInfo t : tasks) TaskDump.appendTask(b, t, "  ");
        return b.toString();
    }

    /** The report as JSON: {@code {"runtime":..,"tasks":[..],"resources":[..],"edges":[..],"taskInfo":[..]}}. */
    public String toJson() {
        Json j = new Json();
        writeJson(j);
        return j.toString();
    }

    void writeJson(Json j) {
        j.beginObject().field("runtime", runtime);
        j.beginArray("tasks");
        for (TaskId id : taskIds()) j.value(id.value());
        j.endArray();
        j.beginArray("resources");
        for (String r : resources()) j.value(r);
        j.endArray();
        j.beginArray("edges");
        for (Edge e : edges) {
            j.beginObject().field("waiter", e.waiter().value()).field("kind", e.waitsOn().kind().name())
                    .field("resource", e.waitsOn().resource()).field("actor", e.actor().value()).endObject();
        }
        j.endArray();
        j.beginArray("taskInfo");
        for (TaskInfo t : tasks) TaskDump.writeTask(j, t);
        j.endArray();
        j.endObject();
    }
}
