/**
 * The future model: {@link dev.weft.future.Future}, {@link dev.weft.future.Poll},
 * {@link dev.weft.future.Context}, {@link dev.weft.future.Waker}, combinators and async blocks.
 *
 * <p>This package is the leaf of Weft: it imports nothing else of ours, so primitives written against it run
 * under any executor, including a hand-rolled one in a test.
 *
 * <h2>Which do I need?</h2>
 * <ul>
 *   <li>Sequential business logic: an async block, {@link dev.weft.future.Async#async}, and
 *       {@link dev.weft.future.Future#await()} inside it.</li>
 *   <li>Hot paths with no thread per task: compose futures with {@code map}/{@code then} and the
 *       {@link dev.weft.future.Futures} factories, or write {@code poll} by hand with an
 *       {@link dev.weft.future.AtomicWaker}.</li>
 * </ul>
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}, and a future's type argument may be nullable ({@code Future<Void>} completes with
 * {@code null}). It is {@code @CheckReturnValue} (Error Prone): ignoring a returned future is a compile error
 * under Error Prone, because a future that is never awaited, spawned or polled never runs; methods whose result
 * may be dropped say so with {@code @CanIgnoreReturnValue}. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.future;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
