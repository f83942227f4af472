/**
 * Tower's model on Weft: {@link dev.weft.http.service.Service} (readiness plus call),
 * {@link dev.weft.http.service.Layer} (middleware) and {@link dev.weft.http.service.ServiceBuilder}.
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable} (absent values are {@code Optional}). It is {@code @CheckReturnValue} (Error Prone): a future
 * that is dropped never runs; fluent setters say {@code @CanIgnoreReturnValue}. Both are compile-only
 * ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.http.service;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
