/**
 * Middleware for HTTP services, each a {@link dev.weft.http.service.Layer Layer&lt;Request, Response&gt;} (the
 * concurrency limit is generic): what tower and tower-http give hyper.
 *
 * <h2>Which layer do I need?</h2>
 * <table>
 *   <caption>Layers by need</caption>
 *   <tr><th>I want to…</th><th>Layer</th><th>Answers</th></tr>
 *   <tr><td>correlate logs and responses with one id per request</td>
 *       <td>{@link dev.weft.http.layer.RequestIdLayer}</td><td>{@code X-Request-Id} on every response</td></tr>
 *   <tr><td>log every request as one structured line, or feed metrics</td>
 *       <td>{@link dev.weft.http.layer.AccessLogLayer}</td><td>nothing (observes)</td></tr>
 *   <tr><td>keep a handler bug from turning into a dropped connection</td>
 *       <td>{@link dev.weft.http.layer.CatchPanicLayer}</td><td>500</td></tr>
 *   <tr><td>bound how long a request may take</td>
 *       <td>{@link dev.weft.http.layer.TimeoutLayer}</td><td>503 (see its javadoc for why not 408/504)</td></tr>
 *   <tr><td>bound how many requests run at once, queueing the rest</td>
 *       <td>{@link dev.weft.http.layer.ConcurrencyLimitLayer}</td><td>nothing: callers wait for readiness</td></tr>
 *   <tr><td>refuse at once instead of queueing when at capacity</td>
 *       <td>{@link dev.weft.http.layer.LoadShedLayer} outside a concurrency limit</td><td>503, optional
 *       {@code Retry-After}</td></tr>
 *   <tr><td>cap request body sizes</td><td>{@link dev.weft.http.layer.BodyLimitLayer}</td><td>413</td></tr>
 *   <tr><td>limit each API key / user / address to a rate</td>
 *       <td>{@link dev.weft.http.layer.RateLimitLayer} with a {@link dev.weft.http.layer.Gcra}</td>
 *       <td>429, {@code Retry-After}, {@code RateLimit-*}</td></tr>
 * </table>
 *
 * <h2>Stacking them</h2>
 * The order of DESIGN.md §7, outermost first: the first layer sees each request first and each response last.
 * {@snippet class=dev.weft.http.layer.snippets.LayerSnippets region=stack}
 *
 * <h2>Rules every layer here follows</h2>
 * <ul>
 *   <li><b>Shared by every connection.</b> A layered service is one thread-safe object that all connection tasks
 *       call concurrently. Readiness reservations are therefore counts, not objects owned by a caller: each
 *       {@code Ready} from {@code pollReady} must be followed by exactly one {@code call} or one
 *       {@code releaseReady()}. A layer that answers a request itself without calling its inner service (429,
 *       413) gives the inner reservation back.</li>
 *   <li><b>Cancel safety.</b> Cancelling a call's future cancels the inner call exactly once and gives back
 *       what the call held (a concurrency permit, a timer); nothing leaks on any path (the tests check each).
 *       A layer that decides at first poll (rate limit, load shed) has reserved nothing before it.</li>
 *   <li><b>Time</b> is the runtime's clock ({@code Time.now(cx)}, {@code Time.sleep}), so a paused clock drives
 *       timeouts and rate limits in tests; the access log measures with {@code System.nanoTime} unless given a
 *       clock.</li>
 *   <li><b>Configuration</b> is immutable: the {@code with}-style methods return a new layer.</li>
 * </ul>
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable} (absent values are {@code Optional}). It is {@code @CheckReturnValue} (Error Prone): a future
 * that is dropped never runs; fluent setters say {@code @CanIgnoreReturnValue}. Both are compile-only
 * ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.http.layer;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
