/**
 * The HTTP/1.1 server: {@link dev.weft.http.server.HttpServer} (bind, serve, graceful shutdown),
 * {@link dev.weft.http.server.ServerConfig} (limits and timeouts, each with its status code) and
 * {@link dev.weft.http.server.DrainReport} (what a shutdown did).
 *
 * <p>Which piece do I need? To serve: {@code HttpServer.bind(address, config, service)}. To stop without
 * breaking requests: {@code server.shutdown(deadline)}. To bound what clients may send: {@code ServerConfig}.
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable} (absent values are {@code Optional}). It is {@code @CheckReturnValue} (Error Prone): a future
 * that is dropped never runs; fluent setters say {@code @CanIgnoreReturnValue}. Both are compile-only
 * ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.http.server;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
