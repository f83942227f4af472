package dev.weft.runtime;

import dev.weft.task.TaskId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wait-for graph of a dump (task → resource → holder) and its deadlocked cycles.
 *
 * <p>A waiting task with several waits (a select) is stuck only if every one of them is: each wait is satisfied by
 * any one of its actors (any holder of a semaphore releasing, the joined task finishing). So this is the OR model
 * of deadlock: the deadlocked tasks are the largest set in which every task is WAITING, waits only on locks,
 * semaphores and join handles whose actors are all known, and every actor of every wait is in the set. The cycles
 * reported are the strongly connected components of that set with at least one edge inside (two or more tasks, or a
 * task waiting on itself); tasks stuck behind a cycle without being part of one are not reported separately.
 */
final class WaitForGraph {
    /*
     * Implementation notes: a pure function of an immutable list; nothing concurrent.
     * I1. The greatest fixed point is computed by removing, until nothing changes, every candidate with an actor
     *     outside the set: O(rounds * edges), small for real dumps.
     * I2. Tarjan's algorithm, iterative (no recursion depth limit), over the surviving set.
     */
    private WaitForGraph() {}

    static List<Deadlock> cycles(String runtime, List<TaskInfo> tasks) {
        Map<TaskId, TaskInfo> byId = new HashMap<>();
        for (TaskInfo t : tasks) byId.put(t.id(), t);
        Set<TaskId> stuck = new LinkedHashSet<>();
        for (TaskInfo t : tasks) if (isCandidate(t)) stuck.add(t.id());
        boolean changed = true;
        while (changed) { // I1
            changed = false;
            for (var it = stuck.iterator(); it.hasNext();) {
                TaskInfo t = byId.get(it.next());
                if (!allActorsIn(t, stuck)) {
                    it.remove();
                    changed = true;
                }
            }
        }
        if (stuck.isEmpty()) return List.of();
        List<List<TaskId>> components = stronglyConnected(stuck, byId);
        List<Deadlock> out = new ArrayList<>();
        for (List<TaskId> comp : components) {
            Set<TaskId> in = new HashSet<>(comp);
            comp.sort(Comparator.comparingLong(TaskId::value));
            List<Deadlock.Edge> edges = new ArrayList<>();
            List<TaskInfo> infos = new ArrayList<>();
            for (TaskId id : comp) {
                TaskInfo t = byId.get(id);
                infos.add(t);
                for (WaitInfo w : t.waitingOn()) {
                    for (TaskId a : w.actors()) if (in.contains(a)) edges.add(new Deadlock.Edge(id, w, a));
                }
            }
            if (comp.size() == 1 && edges.isEmpty()) continue; // a single task without a self-loop
            out.add(new Deadlock(runtime, edges, infos));
        }
        out.sort(Comparator.comparingLong(d -> d.tasks().get(0).id().value()));
        return out;
    }

    private static boolean isCandidate(TaskInfo t) {
        if (t.state() != TaskInfo.State.WAITING || t.waitingOn().isEmpty()) return false;
        for (WaitInfo w : t.waitingOn()) {
            boolean edgeKind = WaitInfo.isOwned(w.kind()) || w.kind() == WaitInfo.ResourceKind.JOIN_HANDLE;
            if (!edgeKind || !w.actorsComplete() || w.actors().isEmpty()) return false;
        }
        return true;
    }

    private static boolean allActorsIn(TaskInfo t, Set<TaskId> set) {
        for (WaitInfo w : t.waitingOn()) for (TaskId a : w.actors()) if (!set.contains(a)) return false;
        return true;
    }

    /** I2: Tarjan's strongly connected components over the edges among {@code nodes}. */
    private static List<List<TaskId>> stronglyConnected(Set<TaskId> nodes, Map<TaskId, TaskInfo> byId) {
        Map<TaskId, List<TaskId>> succ = new HashMap<>();
        for (TaskId id : nodes) {
            List<TaskId> s = new ArrayList<>();
            for (WaitInfo w : byId.get(id).waitingOn()) for (TaskId a : w.actors()) if (nodes.contains(a)) s.add(a);
            succ.put(id, s);
        }
        Map<TaskId, Integer> index = new HashMap<>();
        Map<TaskId, Integer> low = new HashMap<>();
        Deque<TaskId> stack = new ArrayDeque<>();
        Set<TaskId> onStack = new HashSet<>();
        List<List<TaskId>> out = new ArrayList<>();
        int[] counter = {0};
        for (TaskId root : nodes) {
            if (index.containsKey(root)) continue;
            Deque<Object[]> work = new ArrayDeque<>(); // frames: {node, next successor position}
            work.push(new Object[] {root, 0});
            index.put(root, counter[0]);
            low.put(root, counter[0]++);
            stack.push(root);
            onStack.add(root);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                TaskId v = (TaskId) frame[0];
                int pos = (int) frame[1];
                List<TaskId> s = succ.get(v);
                if (pos < s.size()) {
                    frame[1] = pos + 1;
                    TaskId w = s.get(pos);
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    TaskId parent = (TaskId) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<TaskId> comp = new ArrayList<>();
                    TaskId w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        comp.add(w);
                    } while (!w.equals(v));
                    out.add(comp);
                }
            }
        }
        return out;
    }
}
