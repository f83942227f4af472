/**
 * The task: a spawned future plus its scheduling state and outcome ({@code Task}), and the task-local storage
 * ({@code TaskLocalMap}).
 *
 * <h2>Handle kinds and what each may touch</h2>
 * <ul>
 *   <li>The scheduler (the worker that dequeued the task, or an aborting thread that won the RUNNING bit): the
 *       future, and the outcome fields until COMPLETE is published.</li>
 *   <li>{@code JoinHandle}: registers its waker, reads the outcome after COMPLETE, detaches ({@code detach()}), or
 *       aborts then detaches ({@code cancel()}).</li>
 *   <li>{@code AbortHandle} (any thread): requests cancellation.</li>
 *   <li>Wakers (any thread): the task itself is the waker; waking only moves the state word.</li>
 * </ul>
 *
 * <h2>The state word</h2>
 * <pre>
 *   bit 0  NOTIFIED           in a run queue, or must be requeued when the current poll ends
 *   bit 1  RUNNING            one thread owns the future
 *   bit 2  COMPLETE           outcome published (terminal)
 *   bit 3  CANCELLED          abort requested
 *   bit 4  OUTCOME_CANCELLED  with COMPLETE: ended cancelled
 * </pre>
 * Transitions and invariants are listed under {@code Task}'s class header.
 *
 * <h2>Diagnostics</h2>
 * A task's {@code diag} field carries its diagnostics (Task I10): the wait record of its last poll,
 * or a {@code TaskDiag} (name, spawn time and site, poll times) when its runtime was built with diagnostics or
 * the task is named. {@code SpawnSites} captures spawn sites with a {@link java.lang.StackWalker}.
 */
package dev.weft.internal.task;
