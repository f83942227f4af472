/**
 * Tracing spans that follow a request across tasks: the {@code tracing} crate's spans with OpenTelemetry's
 * identity, built into the runtime so a span stays current across awaits, spawns, {@code select} and async
 * blocks, and crosses a channel on request.
 *
 * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=request}
 *
 * <h2>Which type do I need?</h2>
 * <table class="striped">
 *   <caption>The tracing types</caption>
 *   <thead><tr><th>To</th><th>Use</th></tr></thead>
 *   <tbody>
 *   <tr><td>start spans and choose where they go</td><td>{@link dev.weft.trace.Tracer} ({@code create(listener)},
 *       {@code systemLogger()}; {@code weft-opentelemetry} for OpenTelemetry)</td></tr>
 *   <tr><td>run a future in a span of its own</td><td>{@link dev.weft.trace.Tracer#inSpan}</td></tr>
 *   <tr><td>run synchronous code or an async block's body in a span</td>
 *       <td>{@link dev.weft.trace.Tracer#call}, {@link dev.weft.trace.Tracer#run}</td></tr>
 *   <tr><td>set a parent or attributes first</td><td>{@link dev.weft.trace.SpanBuilder}</td></tr>
 *   <tr><td>read the current span (its ids for a log line)</td><td>{@link dev.weft.trace.Span#current()}</td></tr>
 *   <tr><td>carry a span across a channel</td><td>{@link dev.weft.trace.Traced}</td></tr>
 *   <tr><td>export spans somewhere</td><td>{@link dev.weft.trace.SpanListener}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>How the current span travels</h2>
 * <ul>
 *   <li><b>Awaits.</b> A span instrumenting a future ({@code Tracer.inSpan}, {@code Span.instrument}) is entered
 *       at the start of each poll and left at its end, on whichever worker polls it: between polls it is current
 *       nowhere, so a worker never carries one task's span into another's poll.</li>
 *   <li><b>Spawns.</b> A task spawned ({@code Tasks.spawn}, {@code spawnAsync}, {@code spawnBlocking},
 *       {@code JoinSet}, {@code Handle.spawn}) while a span is current has that span current in every poll (or on
 *       its thread): the spans it starts are children of the spawner's. Other task-local values are not
 *       inherited, as in Tokio.</li>
 *   <li><b>Select and join.</b> Their branches are polled inside the task's poll and see its current span; a
 *       branch running in a span of its own that loses a {@code select} is cancelled, so its span ends
 *       {@link dev.weft.trace.SpanStatus#CANCELLED}.</li>
 *   <li><b>Async blocks.</b> An async block's virtual thread carries the span current at the block's first poll
 *       (with the task-local values): {@code Span.current()} returns it there, the listener is told it was
 *       entered there, and virtual threads the block creates see it too.</li>
 *   <li><b>Channels.</b> Only on request: send {@link dev.weft.trace.Traced} values.</li>
 * </ul>
 *
 * <h2>Cost</h2>
 * Nothing per poll for a future that is not instrumented; until the first {@code Tracer} exists, one static read
 * per spawn. The current span is a task-local binding, not a field of every task.
 *
 * <h2>Not here (yet)</h2>
 * Span events and links, sampling (a listener may drop spans it does not want), and reading a W3C
 * {@code traceparent} header into a remote parent (an OpenTelemetry listener uses the OpenTelemetry context
 * current where a root span starts as its parent).
 *
 * <h2>Annotations</h2>
 * The package is {@code @NullMarked} (JSpecify): nothing is null unless marked {@code @Nullable}; here only a
 * {@link dev.weft.trace.SpanListener}'s per-span state and enter token may be null. It is {@code @CheckReturnValue}
 * (Error Prone): a future from {@code inSpan} or {@code instrument} that is dropped never runs; the fluent setters
 * and {@code Tracer.call} are {@code @CanIgnoreReturnValue}. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.trace;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
