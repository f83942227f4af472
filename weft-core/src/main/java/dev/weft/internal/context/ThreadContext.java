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
     * I3. INHERITED is the one inheritable carrier (ADR 0011): only async-block threads set it (setInherited,
     *     restored in their finally), a thread created while it is set copies it at construction, and it is
     *     READ only on virtual threads that have no ambient of their own. A platform thread created inside an
     *     async block (a lazily started pool thread) copies the reference but never sees a runtime through it,
     *     so unrelated work it runs later cannot reach the runtime. Virtual threads are never pooled, so for
     *     them "created inside the block" is exactly "work of the block". An inherited ambient whose runtime
     *     is shutting down reads as null: such a thread may outlive the runtime, and a sleep on its stopped
     *     driver would never end.
     * I4. DIAG_OWNER (the task whose code runs on this thread, for the task dump's holder records) is set only
     *     while a runtime built with diagnostics polls one of its tasks here, or runs the body of one of its
     *     async blocks; set and restored by that code in a finally block like the others (I1, I2).
     */
    private static final ThreadLocal<String> NON_BLOCKING = new ThreadLocal<>();
    private static final ThreadLocal<Ambient> AMBIENT = new ThreadLocal<>();
    @SuppressWarnings("InheritableThreadLocal") // I3, ADR 0011
    private static final InheritableThreadLocal<Ambient> INHERITED = new InheritableThreadLocal<>();

    private static final ThreadLocal<Object> DIAG_OWNER = new ThreadLocal<>();

    private ThreadContext() {}

    /**
     * Sets the task whose code runs on this thread from now on, for the holder records of the task dump (I4);
     * {@code null} removes it.
     *
     * @param task the task, or null
     * @return the previous one, to restore
     */
    public static Object setDiagOwner(Object task) {
        Object prev = DIAG_OWNER.get();
        if (task == null) DIAG_OWNER.remove(); // I2
        else DIAG_OWNER.set(task);
        return prev;
    }

    /**
     * The task whose code runs on this thread, when its runtime was built with diagnostics; else null (I4).
     *
     * @return the task, or null
     */
    public static Object diagOwner() {
        return DIAG_OWNER.get();
    }

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
     * The ambient of this thread, or {@code null}: the one installed on it, else (on a virtual thread) the one
     * inherited from the async block that created it (I3). One thread-local read when an ambient is installed.
     *
     * @return the current ambient
     */
    public static Ambient ambient() {
        Ambient a = AMBIENT.get();
        return a != null ? a : inheritedAmbient();
    }

    /**
     * The ambient installed on this thread by {@link #setAmbient}, ignoring inheritance.
     *
     * @return the installed ambient, or null
     */
    public static Ambient installedAmbient() {
        return AMBIENT.get();
    }

    /**
     * The ambient this virtual thread inherited from the async block that created it (or from an ancestor), or
     * null: always null on a platform thread (I3).
     *
     * @return the inherited ambient, or null
     */
    public static Ambient inheritedAmbient() {
        if (!Thread.currentThread().isVirtual()) return null;
        Ambient a = INHERITED.get();
        return a == null || a.isShutDown() ? null : a; // I3: a stopped runtime's drivers would never fire
    }

    /**
     * Sets the ambient that threads created from now on by this thread inherit ({@code null} removes it); an
     * async block sets it around its body.
     *
     * @param ambient the ambient, or null
     * @return the previous one, to restore
     */
    public static Ambient setInherited(Ambient ambient) {
        Ambient prev = INHERITED.get();
        if (ambient == null) INHERITED.remove(); // I2
        else INHERITED.set(ambient);
        return prev;
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
