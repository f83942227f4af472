/**
 * Time: sleeps, timeouts and intervals driven by the runtime's timing wheel, plus a clock that tests can pause
 * and advance (Tokio's {@code tokio::time}).
 *
 * <h2>Which do I need?</h2>
 * <ul>
 *   <li>Wait for a while: {@link dev.weft.time.Time#sleep} / {@link dev.weft.time.Time#sleepUntil}, a
 *       {@link dev.weft.time.Sleep} that can be {@linkplain dev.weft.time.Sleep#reset reset} without
 *       allocating.</li>
 *   <li>Bound how long some work may take: {@link dev.weft.time.Time#timeout} (fails with
 *       {@link dev.weft.time.TimeoutElapsedException} and cancels the work).</li>
 *   <li>Do something periodically: {@link dev.weft.time.Time#interval}, with a
 *       {@link dev.weft.time.MissedTickBehavior} for when the task falls behind.</li>
 *   <li>Read the clock: {@link dev.weft.time.Time#now()}; instants are
 *       {@link dev.weft.time.MonotonicInstant}s (monotonic, unlike {@code java.time.Instant}).</li>
 *   <li>Test time-based code instantly: {@link dev.weft.time.Time#pause()}, {@link dev.weft.time.Time#advance},
 *       {@link dev.weft.time.Time#resume()} on the current-thread runtime.</li>
 * </ul>
 *
 * <p>Every timer has 1 ms resolution, never fires early, and finds its runtime through the polling
 * {@link dev.weft.future.Context} at its first poll.
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}, and a future's type argument may be nullable ({@code Future<Void>} completes with
 * {@code null}). It is {@code @CheckReturnValue} (Error Prone): ignoring a returned future is a compile error
 * under Error Prone, because a future that is never awaited, spawned or polled never runs; methods whose result
 * may be dropped say so with {@code @CanIgnoreReturnValue}. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.time;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
