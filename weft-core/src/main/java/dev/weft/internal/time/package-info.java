/**
 * The timer engine: {@link dev.weft.internal.time.TimerWheel} (Tokio's hierarchical wheel, 6 levels x 64 slots
 * of 1 ms), {@link dev.weft.internal.time.TimerEntry} (intrusive wheel node owned by one {@code Sleep}),
 * {@link dev.weft.internal.time.TimeDriver} (the wheel behind one lock, plus the {@code Driver} layer that parks
 * until the next deadline and fires expired timers) and {@link dev.weft.internal.time.Clock} (monotonic,
 * pausable for tests).
 *
 * <h2>Design</h2>
 * <ol>
 *   <li><b>Ownership.</b> A {@code Sleep} (public facade, {@code dev.weft.time}) owns one {@code TimerEntry} for
 *       its whole life and reuses it on every reset. The driver's wheel holds a reference to the entry only while
 *       it is registered.</li>
 *   <li><b>Finding the driver.</b> A timer future finds its driver at first poll through the polling context:
 *       {@code Contexts.ambient(cx) instanceof TimeSource ts}. The runtime's ambient object implements
 *       {@link dev.weft.internal.time.TimeSource}.</li>
 *   <li><b>Entry state</b> ({@code TimerEntry.state}): {@code IDLE -> REGISTERED -> FIRED}, {@code REGISTERED ->
 *       IDLE} on cancel; every transition under the driver lock; the owner reads it lock-free.</li>
 *   <li><b>Firing protocol:</b> (1) under the lock, {@code poll} the wheel at the current tick; (2) mark each due
 *       entry {@code FIRED} and take its waker; (3) every 32 wakers, and at the end, release the lock and call the
 *       wakers; (4) record the next deadline so that earlier registrations unpark the driver.</li>
 *   <li><b>Cancellation</b> removes the entry from its slot list under the lock before returning; a cancelled
 *       entry never fires and its waker is never called by the driver afterwards.</li>
 *   <li><b>Paused time.</b> Only the current-thread runtime uses a pausable clock (see {@code Clock}); its
 *       parking worker advances the paused clock to the next deadline instead of sleeping.</li>
 * </ol>
 */
package dev.weft.internal.time;
