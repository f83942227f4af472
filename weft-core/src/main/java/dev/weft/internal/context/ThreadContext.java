package dev.weft.internal.context;

/**
 * The per-thread state the engine sets and {@code Await} reads: whether the thread polls tasks (so
 * {@code await()} must refuse to block it), and the {@link Ambient} installed on it (by an async block or a
 * runtime's {@code blockOn}).
 */
public final class ThreadContext {
    /*
     * Implementation notes
     *
     * I1. Both values are confined to their thread; set* returns the previous value so callers restore it in a
     *     finally block (nesting: a blockOn inside an async block inside a runtime).
     * I2. A null value removes the thread-local entry instead of storing null, so a pooled thread that leaves
     *     a runtime keeps no reference to it.
     */
    private static final ThreadLocal<String> NON_BLOCKING = new ThreadLocal<>();
    private static final ThreadLocal<Ambient> AMBIENT = new ThreadLocal<>();

    private ThreadContext() {}

    /**
     * Marks the current thread as one that polls tasks ({@code owner} names the executor for the error message of
     * a refused {@code await()}), or clears the mark with {@code null}.
     *
     * @param owner the executor, e.g. "the Weft runtime 'app'", or null
     * @return the previous mark
     */
    public static String setNonBlocking(String owner) {
        String prev = NON_BLOCKING.get();
        if (owner == null) NON_BLOCKING.remove(); // I2
        else NON_BLOCKING.set(owner);
        return prev;
    }

    /**
     * The executor that polls tasks on this thread, or null when the thread may block.
     *
     * @return the mark set by {@link #setNonBlocking}
     */
    public static String nonBlockingOwner() {
        return NON_BLOCKING.get();
    }

    /**
     * The ambient installed on this thread, or {@code null}. One thread-local read.
     *
     * @return the current ambient
     */
    public static Ambient ambient() {
        return AMBIENT.get();
    }

    /**
     * Installs {@code ambient} on this thread ({@code null} removes it).
     *
     * @param ambient the ambient, or null
     * @return the previous one, to restore
     */
    public static Ambient setAmbient(Ambient ambient) {
        Ambient prev = AMBIENT.get();
        if (ambient == null) AMBIENT.remove(); // I2
        else AMBIENT.set(ambient);
        return prev;
    }
}
