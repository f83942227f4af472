package dev.weft.runtime;

/**
 * What {@link WeftRuntime#shutdown} did.
 *
 * @param cancelled tasks that were still live and were cancelled
 * @param unfinished tasks that had not finished when the timeout passed (an async block or blocking body that
 *        ignores interruption, for example); 0 for a clean shutdown
 */
public record ShutdownReport(int cancelled, int unfinished) {
    /** True when every task finished before the timeout. */
    public boolean isClean() {
        return unfinished == 0;
    }
}
