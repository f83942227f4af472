/**
 * HTTP messages: {@link dev.weft.http.Request}, {@link dev.weft.http.Response}, {@link dev.weft.http.Headers},
 * {@link dev.weft.http.Body} (a stream of byte chunks), {@link dev.weft.http.Method},
 * {@link dev.weft.http.Status}, and the async-block {@link dev.weft.http.Handler}.
 *
 * <p>Which piece do I need?
 * <ul>
 *   <li>To answer requests with sequential code that may block: a {@link dev.weft.http.Handler}.</li>
 *   <li>For a zero-thread hot path: a poll-based {@link dev.weft.http.service.Service}.</li>
 *   <li>For cross-cutting behaviour (timeouts, limits, logging): a {@link dev.weft.http.service.Layer}.</li>
 * </ul>
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable} (absent values are {@code Optional}). It is {@code @CheckReturnValue} (Error Prone): a future
 * that is dropped never runs; fluent setters say {@code @CanIgnoreReturnValue}. Both are compile-only
 * ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.http;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
