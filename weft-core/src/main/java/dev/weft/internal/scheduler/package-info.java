/**
 * The schedulers: the engine behind {@code dev.weft.runtime}.
 *
 * <h2>Roles</h2>
 * Split the way Tokio's multi-thread scheduler is:
 * <ul>
 *   <li>{@code Scheduler}: what both flavours share: task ids, the live-task registry ({@code OwnedTasks}), the
 *       blocking pool, the driver chain, the ambient carrier and the shutdown protocol.</li>
 *   <li>{@code MultiThreadScheduler} (Tokio's {@code Shared}): the workers, the injection queue, {@code Idle}.</li>
 *   <li>{@code Worker} (Tokio's {@code Worker} + {@code Core}): one thread's loop, its {@code LocalQueue} and LIFO
 *       slot.</li>
 *   <li>{@code Parker}: parks a worker on the shared driver (timers, I/O) or on its thread.</li>
 *   <li>{@code CurrentThreadScheduler}: runs tasks on the thread inside {@code blockOn}.</li>
 * </ul>
 *
 * <h2>Where a woken task goes</h2>
 * <ol>
 *   <li>Woken by the task running on this worker: the worker's LIFO slot (the previous occupant moves to the back
 *       of the local queue). At most 3 LIFO polls in a row, then the slot's task goes to the queue.</li>
 *   <li>Woken while it ran (a yield, or its budget ran out): the back of the local queue.</li>
 *   <li>Woken anywhere else (another runtime's thread, a timer or I/O event, a plain thread): the injection
 *       queue, then one parked worker is unparked, unless a worker is already searching.</li>
 * </ol>
 *
 * <h2>Finding work</h2>
 * Every 61 ticks the injection queue first (fairness); else LIFO chain, local queue, a batch from the
 * injection queue, then stealing half of another worker's queue (or its LIFO task) as a "searching" worker; at
 * most half the workers search at once. A worker that finds nothing spins briefly, then parks; the first to park
 * runs the driver (timers, I/O) while parked. Busy workers poll the driver without waiting every 61 ticks.
 *
 * <h2>Shutdown protocol</h2>
 * See {@code Scheduler}: close the registry (late spawns are born cancelled), abort every live task, wait for them
 * to finish unwinding up to the timeout, then stop and join the workers and the blocking pool.
 */
package dev.weft.internal.scheduler;
