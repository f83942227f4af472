package dev.weft.internal.task;

/** Where the runtime reports failures that have no caller to go to. */
public final class Logging {
    private static final System.Logger LOG = System.getLogger("dev.weft.runtime");

    private Logging() {}

    /** A task failed and nobody holds its JoinHandle any more: logged once. */
    public static void unobservedFailure(long taskId, Throwable error) {
        LOG.log(System.Logger.Level.WARNING, "task " + taskId + " failed and its JoinHandle was dropped", error);
    }

    /** A user hook (cancel(), a waker, a runtime hook) threw; the runtime carries on. */
    public static void userHookFailed(String what, Throwable error) {
        LOG.log(System.Logger.Level.WARNING, what + " threw; the runtime carries on", error);
    }
}
