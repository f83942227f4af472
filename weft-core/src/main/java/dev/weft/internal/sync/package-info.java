/**
 * The engines behind {@code dev.weft.sync}'s coordination primitives. Not exported.
 *
 * <h2>Design</h2>
 * <ol>
 *   <li>{@link dev.weft.internal.sync.WaitList}: an intrusive doubly-linked FIFO. Every waiting future is its own
 *       node, so queueing allocates nothing and cancellation unlinks in O(1). Each primitive guards its list with
 *       one small {@code ReentrantLock} (never {@code synchronized}, so a virtual thread on JDK 21 is not pinned
 *       while it waits for the lock).</li>
 *   <li>{@link dev.weft.internal.sync.BatchSemaphore}: Tokio's fair batch semaphore, the engine of
 *       {@code Semaphore}, {@code Mutex}, {@code RwLock} and {@code OnceCell}. Its state word packs the available
 *       permits with a CLOSED and a WAITERS bit; while anyone waits the count is 0, which is what makes the
 *       lock-free fast path fair. Its implementation notes list the invariants.</li>
 *   <li>{@link dev.weft.internal.sync.WakeList}: wakers are collected under the lock and woken after it is
 *       released, in every primitive.</li>
 *   <li>{@link dev.weft.internal.sync.Coop}: the cooperative-budget protocol (check before taking a resource,
 *       spend one unit when returning {@code Ready}).</li>
 * </ol>
 *
 * <h2>Cancellation protocol (every waiter)</h2>
 * <ol>
 *   <li>Not yet polled: nothing was registered; cancel does nothing.</li>
 *   <li>Queued: cancel takes the lock, unlinks the node and hands whatever it had been given (partial permits,
 *       a {@code notifyOne}) to the next waiter under the same lock hold, then wakes it after unlocking.</li>
 *   <li>Completed by a releaser but not yet polled: cancel gives the resource back (releases the permits,
 *       forwards the notification).</li>
 * </ol>
 */
package dev.weft.internal.sync;
