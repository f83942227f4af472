/**
 * Tasks: spawning futures and async blocks onto the runtime, join handles, abort handles, join sets, task
 * locals, cooperative yielding and the blocking pool.
 *
 * <h2>Which do I need?</h2>
 * <ul>
 *   <li>Run something concurrently and get its result: {@link dev.weft.task.Tasks#spawn} (a poll-based future)
 *       or {@link dev.weft.task.Tasks#spawnAsync} (an async block), then await the
 *       {@link dev.weft.task.JoinHandle}.</li>
 *   <li>Many tasks, results as they finish: {@link dev.weft.task.JoinSet}; all results in order:
 *       {@code Futures.joinAll(handles)}.</li>
 *   <li>Blocking code (JDBC, file APIs, CPU-heavy loops): {@link dev.weft.task.Tasks#spawnBlocking}.</li>
 *   <li>Request-scoped values (a trace id): {@link dev.weft.task.TaskLocal}.</li>
 *   <li>Stop a task: {@link dev.weft.task.JoinHandle#abort()} or an {@link dev.weft.task.AbortHandle}.</li>
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
package dev.weft.task;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
