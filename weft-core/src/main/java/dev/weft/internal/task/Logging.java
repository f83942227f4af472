package dev.weft.internal.task;

/** Where the runtime reports failures that have no caller to go to. */
public final class Logging {
    private static final System.Logger LOG = System.getLogger("dev.weft.runtime");

    private Logging() {}

    /**
     * A task failed and nobody had registered interest in its outcome (Task I8): logged once, at WARNING, with
     * the failure's stack (Tokio's default panic hook prints the same).
     *
     * @param runtime the runtime's name, or null
     */
    public static void unobservedFailure(long taskId, String runtime, Throwable error) {
        LOG.log(System.Logger.Level.WARNING, "task-" + taskId + (runtime != null ? " of runtime '" + runtime + "'" : "")
                + " failed and nobody was awaiting its JoinHandle (install WeftRuntime.Builder.unhandledFailureHandler"
                + " to handle such failures yourself)", error);
    }

    /** A user hook (cancel(), a waker, a runtime hook) threw; the runtime carries on. */
    public static void userHookFailed(String what, Throwable error) {
        LOG.log(System.Logger.Level.WARNING, what + " threw; the runtime carries on", error);
    }
}
