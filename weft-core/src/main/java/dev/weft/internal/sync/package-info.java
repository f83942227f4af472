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
 *       {@code Semaphore}, {@code RwLock}, {@code OnceCell} and the bounded mpsc channel's
 *       slots (so waiting senders are served in FIFO order, as in Tokio). Its state word packs the available
 *       permits with a CLOSED and a WAITERS bit; while anyone waits the count is 0, which is what makes the
 *       lock-free fast path fair. Its upper half is a claim counter that only the bounded mpsc channel moves (the
 *       ring's producer index), so a send takes its permit and its slot in one CAS. Its implementation notes list
 *       the invariants.</li>
 *   <li>{@link dev.weft.internal.sync.EventuallyFairLock}: the engine of {@code Mutex} (parking_lot's eventually
 *       fair mutex): barging acquire and release by one CAS each, a brief spin before queueing, one woken waiter
 *       at a time competing for a released lock, and a direct hand-off to a waiter that has been the oldest
 *       for the fairness bound (0.5 ms), so no waiter starves (ADR 0013).</li>
 *   <li>{@link dev.weft.internal.sync.WakeList}: wakers are collected under the lock and woken after it is
 *       released, in every primitive, through {@link dev.weft.internal.sync.SafeWake}: a waker that throws is
 *       logged and never fails the operation that woke it nor stops the other wake-ups.</li>
 *   <li>{@link dev.weft.internal.sync.Arguments}: the one wording of misuse for every factory
 *       ({@code capacity: 0 (expected: > 0)}).</li>
 *   <li>{@link dev.weft.internal.sync.Coop}: the cooperative-budget protocol (check before taking a resource,
 *       spend one unit when returning {@code Ready}).</li>
 *   <li>Channel engines. {@link dev.weft.internal.sync.MpscArrayRing} (bounded mpsc: producers claim an index
 *       from the semaphore's claim counter, in the CAS that takes their permit, then publish the slot; the single
 *       consumer reads published slots without a lock) and {@link dev.weft.internal.sync.MpscSegmentQueue}
 *       (unbounded mpsc: a linked list of 32-slot segments whose tail word also carries the closed bit, so
 *       "send" and "close" are totally ordered).
 *       A consumer that sees a claimed but not yet published slot ("busy") never spins in a future: it
 *       returns {@code Pending}, and the producer, which publishes with a volatile store and then reads the
 *       receiver waker, wakes it (Tokio's list channel does the same). Only the synchronous {@code tryRecv}
 *       waits out that window with {@link dev.weft.internal.sync.ChannelBackoff}, as Tokio's {@code try_recv}
 *       parks. Permits, the receiver waker and the close protocol live in {@code dev.weft.sync.MpscChan},
 *       whose implementation notes give the invariants. The ring's head, written on every message, sits on its
 *       own cache line, padded away from its read-mostly fields and from the semaphore's state word (which
 *       holds the ring's tail).</li>
 *   <li>{@link dev.weft.internal.sync.ChannelWaiters}: the FIFO of parked channel operations
 *       ({@code closed()} futures, broadcast and watch receivers). Each waiting future
 *       owns one reusable node; a notifier moves a node QUEUED to NOTIFIED and takes its waker under the lock,
 *       and wakes after releasing it. A node that was notified and is then cancelled reports so from
 *       {@code remove()}, and its owner passes the wake-up on, so a cancelled waiter never swallows a
 *       wake-up meant for the next one. Its size is a volatile word: the Dekker partner of "change the
 *       resource, then check for waiters" against "register, then re-check the resource".</li>
 * </ol>
 *
 * <h2>No lost wake-up (every primitive)</h2>
 * <ol>
 *   <li>The waiting side registers its waker (a volatile write or a lock release), then re-checks the
 *       condition, and returns {@code Pending} only if the condition still does not hold.</li>
 *   <li>The notifying side changes the condition (a volatile write, RMW or lock release), then looks for a
 *       waiter (a volatile read or a lock acquire) and wakes it after releasing every lock.</li>
 *   <li>Sequential consistency of volatiles (or the lock's total order) makes at least one side see the other:
 *       either the waiter sees the new condition or the notifier sees the waiter.</li>
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
