package dev.weft.internal.task;

/**
 * The task-local values visible on the current thread: an immutable linked list of (key, value) bindings,
 * innermost first, so a snapshot is one reference copy.
 */
public final class TaskLocalMap {
    private static final ThreadLocal<TaskLocalMap> CURRENT = new ThreadLocal<>();

    private final Object key;
    private final Object value;
    private final TaskLocalMap next;

    private TaskLocalMap(Object key, Object value, TaskLocalMap next) {
        this.key = key;
        this.value = value;
        this.next = next;
    }

    /** Implemented by ambient objects that carry task-local values onto async-block threads. */
    public interface Carrier {
        /** The carried bindings, or null. */
        TaskLocalMap locals();
    }

    /**
     * The bindings of the current thread (may be null: none): those installed by a scope being polled here,
     * else those the thread's ambient (an async block's) carries.
     */
    public static TaskLocalMap current() {
        TaskLocalMap m = CURRENT.get();
        if (m != null) return m;
        return dev.weft.internal.context.ThreadContext.ambient() instanceof Carrier c ? c.locals() : null;
    }

    /** Installs {@code map} on the current thread; returns the previous bindings. */
    public static TaskLocalMap install(TaskLocalMap map) {
        TaskLocalMap prev = CURRENT.get();
        if (map == null) CURRENT.remove();
        else CURRENT.set(map);
        return prev;
    }

    /** {@code map} with {@code key} bound to {@code value} in front. */
    public static TaskLocalMap with(TaskLocalMap map, Object key, Object value) {
        return new TaskLocalMap(key, value, map);
    }

    /** True when {@code key} is bound in {@code map}. */
    public static boolean contains(TaskLocalMap map, Object key) {
        for (TaskLocalMap m = map; m != null; m = m.next) if (m.key == key) return true;
        return false;
    }

    /** The innermost value of {@code key} in {@code map}, or null when unbound (check {@link #contains}). */
    public static Object lookup(TaskLocalMap map, Object key) {
        for (TaskLocalMap m = map; m != null; m = m.next) if (m.key == key) return m.value;
        return null;
    }
}
