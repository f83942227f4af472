/**
 * The I/O driver: a readiness reactor per runtime (Tokio's {@code runtime/io}), on a
 * {@link java.nio.channels.Selector} ({@link dev.weft.internal.io.NioIoDriver}, the default) or, opt-in on Linux
 * and JDK 22+, on epoll through the Foreign Function &amp; Memory API ({@code EpollIoDriver}, compiled from
 * {@code src/main/java22} into the multi-release jar's {@code META-INF/versions/22}; ADR 0014).
 * {@link dev.weft.internal.io.IoDriver#open} picks one ({@code WeftRuntime.Builder.ioDriver}, else the
 * {@code weft.io.driver} system property).
 *
 * <p><b>Roles.</b> {@link dev.weft.internal.io.IoDriver} is the {@link dev.weft.internal.util.Driver} layer that
 * replaces the plain thread park: the worker that holds the driver blocks in {@code Selector.select} (or
 * {@code epoll_wait}) instead of {@code LockSupport.park}, and {@code unpark()} wakes it. Each channel has one
 * {@link dev.weft.internal.io.Registration}, with one waker slot per direction (read/accept and write/connect), so
 * the two halves of a split stream wait independently.
 *
 * <p><b>The contract both drivers keep.</b> A socket future tries the non-blocking operation first and calls
 * {@code Registration.await} only when it would block; the waker is woken once the channel may have become ready
 * for it after that attempt, or the registration was closed; wake-ups may be spurious (retry, wait again).
 * Cancelling clears the waiter; closing deregisters at once and wakes both directions. The epoll driver keeps it
 * with each fd registered once, edge-triggered, for both directions (see {@code EpollRegistration}: no interest
 * changes at all). One exception to "try first", on both drivers: after a TCP read that returned fewer bytes
 * than asked, the next read calls {@code Registration.awaitEdge} instead of the socket, which on the epoll driver
 * waits unless an edge (or the peer's end of stream) arrived since, and on the NIO driver always waits, its
 * level-triggered select reporting whatever is already there (ADR 0014's addendum, {@code StreamIo} I4). The NIO
 * driver keeps the contract as follows.
 *
 * <p><b>NIO readiness protocol</b> (level-triggered selector, used one-shot):
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
