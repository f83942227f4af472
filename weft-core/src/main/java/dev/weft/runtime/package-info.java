/**
 * The runtime: a work-stealing multi-thread scheduler (or a current-thread one), its builder, handle and
 * metrics. Modelled on Tokio's multi-thread scheduler.
 *
 * <h2>Which do I need?</h2>
 * <ul>
 *   <li>A program's main: {@link dev.weft.runtime.WeftRuntime#run(java.util.concurrent.Callable)}, Weft's
 *       {@code #[tokio::main]}.</li>
 *   <li>A server or pipeline: {@code WeftRuntime.builder().workerThreads(n).build()}, then {@code blockOn} the main
 *       future and {@code shutdown(timeout)} at the end.</li>
 *   <li>Deterministic tests, including time: {@code WeftRuntime.currentThread().startPaused(true).build()}.</li>
 *   <li>Spawning from a thread that is not part of the runtime: keep a {@link dev.weft.runtime.Handle}.</li>
 *   <li>Finding the task that blocks a worker: on by default, a {@link dev.weft.runtime.BlockingReport} is logged
 *       for a poll that runs 100 ms or more ({@code Builder.detectBlocking}, {@code compensateBlocking}).</li>
 *   <li>Something hangs: {@link dev.weft.runtime.WeftRuntime#dump()} lists every task, what it waits on and who holds
 *       that ({@link dev.weft.runtime.TaskDump}); build with {@code diagnostics(true)} for holders and ages,
 *       {@code captureSpawnSites(true)} for spawn sites, {@code detectDeadlocks(period)} to have cycles reported
 *       ({@link dev.weft.runtime.Deadlock}), {@code diagnosticsMBean(true)} to dump from JConsole or JMC.</li>
 * </ul>
 *
 * <h2>Tokio to Weft</h2>
 * <pre>
 *   #[tokio::main]                         WeftRuntime.run(() -> ...)
 *   Builder::new_multi_thread()            WeftRuntime.multiThread() / WeftRuntime.builder()
 *   Builder::new_current_thread()          WeftRuntime.currentThread()
 *   .worker_threads(n) / .start_paused(b)  .workerThreads(n) / .startPaused(b)
 *   rt.block_on(fut)                       rt.blockOn(fut)
 *   Handle::current()                      Handle.current()
 *   rt.shutdown_timeout(d)                 rt.shutdown(d)  (returns a ShutdownReport)
 *   rt.shutdown_background()               rt.shutdownBackground()
 *   panic hook / unhandled_panic           Builder.unhandledFailureHandler(h)  (default: System.Logger)
 *   (no equivalent, tokio#6315)            Builder.detectBlocking(d) / compensateBlocking(b)
 *   Handle::dump() (unstable, Linux)       rt.dump() / handle.dump()  (every platform, plus a wait-for graph)
 *   task::Builder::new().name(n).spawn(f)  Tasks.spawn(n, f)
 * </pre>
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}, and a future's type argument may be nullable ({@code Future<Void>} completes with
 * {@code null}). It is {@code @CheckReturnValue} (Error Prone): ignoring a returned future is a compile error
 * under Error Prone, because a future that is never awaited, spawned or polled never runs; methods whose result
 * may be dropped say so with {@code @CanIgnoreReturnValue}. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.runtime;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
