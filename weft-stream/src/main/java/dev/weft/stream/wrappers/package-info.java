/**
 * Streams over weft-core's channels and timers: tokio-stream's {@code wrappers} module.
 *
 * <ul>
 *   <li>{@link dev.weft.stream.wrappers.ReceiverStream}: the messages of an {@code Mpsc.Receiver} (bounded or
 *       unbounded); ends when the channel is closed and drained.</li>
 *   <li>{@link dev.weft.stream.wrappers.BroadcastStream}: the messages of a {@code Broadcast.Receiver} as
 *       {@link dev.weft.stream.wrappers.BroadcastItem}s, lag reported in-band.</li>
 *   <li>{@link dev.weft.stream.wrappers.WatchStream}: the current value of a {@code Watch.Receiver}, then each
 *       newer one.</li>
 *   <li>{@link dev.weft.stream.wrappers.IntervalStream}: the ticks of a {@code time.Interval}.</li>
 * </ul>
 *
 * <p>Each wrapper owns what it wraps: cancelling the stream (Rust's drop) closes the receiver or cancels the
 * interval. All are cancel-safe between elements: an element is taken from its source only in the
 * {@code pollNext} that returns it.
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}; streams carry no {@code null} elements. It is {@code @CheckReturnValue} (Error Prone): a
 * stream or future that is built and dropped never runs. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.stream.wrappers;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
