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
 *   <li>{@code BlockingWatchdog}: one thread per runtime (unless detection is off) that samples each polling
 *       thread's poll counter and reports a poll that runs past the threshold, once per episode (Go's sysmon).</li>
 *   <li>{@code SpareWorker}: with compensation on, a thread started for a worker stuck in a poll; it steals the
 *       worker's LIFO slot and queue (never owns them) and polls what it takes, then retires when the poll
 *       returns.</li>
 * </ul>
 *
 * <h2>Where a woken task goes</h2>
 * <ol>
 *   <li>Woken by the task running on this worker: the worker's LIFO slot (the previous occupant moves to the back
 *       of the local queue). At most 3 LIFO polls in a row, then the slot's task goes to the queue.</li>
 *   <li>Woken while it ran (a yield, or its budget ran out): the back of the local queue.</li>
 *   <li>Woken by a timer or I/O event on the worker running the driver (parked in it, or polling it every 61
 *       ticks): that worker's local queue, without a notification per task; when the driver returns and the
 *       worker holds more than one task, it unparks one parked worker to steal the surplus.</li>
 *   <li>Woken anywhere else (another runtime's thread, a plain thread, a blocking-pool body, an async block):
 *       the injection queue, then one parked worker is unparked, unless a worker is already searching.</li>
 *   <li>Once the runtime has stopped, the injection queue refuses every push and the pusher cancels the task
 *       on its own thread (a refused task's handle reports Cancelled).</li>
 * </ol>
 *
 * <h2>Finding work</h2>
 * Every 61 ticks the injection queue first (fairness); else LIFO chain, local queue, a batch from the
 * injection queue, then stealing half of another worker's queue (or its LIFO task) as a "searching" worker; at
 * most half the workers search at once. A worker that finds nothing spins briefly, then parks; the first to park
 * runs the driver (timers, I/O) while parked. Busy workers poll the driver without waiting every 61 ticks.
 *
 * <h2>Shutdown protocol</h2>
 * {@code Scheduler} runs it; {@code WeftRuntime.close()} is {@code shutdown(10 s)}.
 * <ol start="0">
 *   <li>Refused with {@code IllegalStateException} on a thread that polls this runtime's tasks (a worker, or the
 *       current-thread flavour's thread inside a task): the caller's own task cannot finish while it waits, so
 *       it would wait on itself for the whole timeout. The message names the fix: call it from outside the
 *       runtime, or call {@code shutdownBackground()}, which does not wait.</li>
 *   <li>The live-task registry is closed: a later spawn yields a task born cancelled.</li>
 *   <li>Every live task is aborted: idle ones are cancelled in place, queued or running ones by their
 *       worker.</li>
 *   <li>The caller waits up to the timeout for every task to finish unwinding (async blocks, drains).</li>
 *   <li>The workers are stopped and joined; each cancels its local queue and LIFO slot on the way out. The
 *       injection queue is closed and what it still holds is cancelled on the stopping thread; from then on a
 *       push is refused and cancelled by its pusher, so no task is stranded wherever it was (local queue, LIFO
 *       slot, injection queue, or pushed while shutdown ran). Then the I/O driver and the blocking pool are
 *       shut down.</li>
 * </ol>
 * {@code shutdownBackground()} runs steps 1-2 on the caller and 3 (with no wait) and 4 on a thread of its own.
 *
 * <h2>Failures and interrupts</h2>
 * A worker never dies while the runtime runs: a task's failure (any {@code Throwable}, {@code Error}s included)
 * fails only that task; wakers that throw from a driver are logged; a task failure nobody has registered
 * interest in is reported once to the runtime's unhandled-failure handler (default: {@code System.Logger}). A
 * worker's interrupt flag is cleared after every poll and before every park (it would make parking spin).
 */
package dev.weft.internal.scheduler;
