/**
 * Weft's test kit: what kotlinx-coroutines-test and Tokio's {@code #[tokio::test(start_paused = true)]} and
 * tokio-test give their users, for JUnit Jupiter.
 *
 * <h2>Which tool do I need?</h2>
 * <ul>
 *   <li><b>Testing code that runs on a runtime</b> (tasks, timers, channels, sockets): annotate the test with
 *       {@link dev.weft.test.WeftTest @WeftTest} and take a {@link dev.weft.runtime.WeftRuntime} (or
 *       {@link dev.weft.runtime.Handle}) parameter. Each test gets a fresh current-thread runtime whose clock starts
 *       paused and jumps to the next timer whenever every task is idle, so an hour of timeouts takes no time and
 *       the order of events is the same on every run. When the test ends, it fails if a task is still live
 *       (leaked) or if a task failed while nobody awaited it, naming the tasks.
 *       {@snippet class=dev.weft.test.snippets.WeftTestSnippets region=basic}</li>
 *   <li><b>Moving the clock by hand</b> inside such a test: {@code rt.blockOn(Time.advance(d))} fires what is due
 *       and lets the woken tasks run; {@code Time.pause()} / {@code Time.resume()} switch auto-advance off and
 *       on.</li>
 *   <li><b>Testing a hand-written future or primitive poll by poll</b>: {@link dev.weft.test.TestTask}
 *       ({@code TestTask.of(future)} without a runtime, {@code TestTask.within(handle, future)} with the runtime's
 *       timers), which says whether the future woke its waker between polls.</li>
 *   <li><b>A waker to poll with</b>: {@link dev.weft.test.TestWaker}: counts wake-ups, waits for one from another
 *       thread, and catches a wake-up after {@code cancel()} with the stack of the code that still held the
 *       waker.</li>
 * </ul>
 *
 * <h2>The multi-thread flavour</h2>
 * {@code @WeftTest(flavor = MULTI_THREAD)} (2 workers unless {@code workerThreads} says otherwise) tests code under
 * real parallelism, on real time: a paused clock needs the current-thread flavour. The end-of-test checks are the
 * same; the settle step waits up to {@code settleMillis} for running tasks to finish.
 *
 * <h2>Compared with kotlinx-coroutines-test and Tokio</h2>
 * <ul>
 *   <li>Like {@code #[tokio::test(start_paused = true)]}: a current-thread runtime per test, paused clock,
 *       auto-advance when idle, {@code Time.advance}. Unlike it, leaked tasks and unobserved failures fail the test
 *       (Tokio drops them silently with the runtime).</li>
 *   <li>Like {@code runTest}: virtual time, uncaught failures fail the test. Unlike it, the test body is ordinary
 *       Java that calls {@code rt.blockOn(...)} (or runs an async block with {@code rt.blockOn(Async.async(...))}),
 *       and a task still waiting at the end is a leak rather than something to wait for (Weft tasks are not scoped
 *       to the test, see {@link dev.weft.test.WeftExtension}).</li>
 * </ul>
 */
package dev.weft.test;
