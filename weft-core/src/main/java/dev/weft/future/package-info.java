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
 */
package dev.weft.future;
