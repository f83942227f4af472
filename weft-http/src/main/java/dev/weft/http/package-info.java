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
 */
package dev.weft.http;
