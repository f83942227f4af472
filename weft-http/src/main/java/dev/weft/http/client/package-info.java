/**
 * The HTTP/1.1 client: {@link dev.weft.http.client.HttpClient} with a connection pool per origin, keep-alive,
 * timeouts, optional redirects, streamed bodies and TLS.
 *
 * <p>Which piece do I need?
 * <ul>
 *   <li>To send requests: one shared {@link dev.weft.http.client.HttpClient}, built once with
 *       {@link dev.weft.http.client.HttpClient#builder()}.</li>
 *   <li>To tell failures apart: {@link dev.weft.http.client.HttpClientException} and its cases
 *       ({@link dev.weft.http.client.HttpTimeoutException}, {@link dev.weft.http.client.InvalidResponseException},
 *       {@link dev.weft.http.client.ConnectionClosedException},
 *       {@link dev.weft.http.client.TooManyRedirectsException}); socket errors are
 *       {@link java.io.UncheckedIOException}.</li>
 * </ul>
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable} (absent values are {@code Optional}). It is {@code @CheckReturnValue} (Error Prone): a future
 * that is dropped never runs; fluent setters say {@code @CanIgnoreReturnValue}. Both are compile-only
 * ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.http.client;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
