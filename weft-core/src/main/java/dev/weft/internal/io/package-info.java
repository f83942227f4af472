/**
 * The I/O driver: a readiness reactor on one {@link java.nio.channels.Selector} per runtime (Tokio's
 * {@code runtime/io}).
 *
 * <p><b>Roles.</b> {@link dev.weft.internal.io.IoDriver} is the {@link dev.weft.internal.util.Driver} layer that
 * replaces the plain thread park: the worker that holds the driver blocks in {@code Selector.select} instead of
 * {@code LockSupport.park}, and {@code unpark()} is {@code Selector.wakeup()}. Each channel has one
 * {@link dev.weft.internal.io.Registration} (one {@code SelectionKey}), with one waker slot per direction
 * (read/accept and write/connect), so the two halves of a split stream wait independently.
 *
 * <p><b>Readiness protocol</b> (level-triggered selector, used one-shot):
 * <ol>
 *   <li>A socket future tries the non-blocking operation first. Only when it would block does it register its
 *       waker for that direction and ask for the interest ({@code Registration.await}), then return Pending.</li>
 *   <li>Interest changes are queued and applied by the driver thread at the start of every park (including the
 *       {@code park(0)} that busy workers run every 61 ticks); if the driver is blocked in {@code select} the
 *       requester wakes the selector (at most one wake-up per select).</li>
 *   <li>When {@code select} reports an operation ready, the driver removes that operation from the key's
 *       interest set and wakes the waiter. The woken future retries the operation; on would-block it goes back
 *       to step 1. Because the selector is level-triggered, readiness that arrives between the failed attempt and
 *       the interest change is reported by the next select: no wake-up is lost, and a spurious one costs one
 *       failed non-blocking call.</li>
 *   <li>Cancelling a pending operation clears its waker and interest ({@code Registration.clear}); closing a
 *       channel cancels its key at once and wakes both directions, so any other pending operation on it fails
 *       with {@link java.nio.channels.ClosedChannelException} on retry.</li>
 * </ol>
 */
package dev.weft.internal.io;
