/**
 * Asynchronous file-system access: {@link dev.weft.fs.Fs} (whole-file and directory operations),
 * {@link dev.weft.fs.AsyncFile} (an open file as {@code AsyncRead}/{@code AsyncWrite}) and
 * {@link dev.weft.fs.DirEntries}; tokio's {@code tokio::fs}. Every operation runs on the runtime's blocking
 * pool, as in Tokio.
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}, and a future's type argument may be nullable ({@code Future<Void>} completes with
 * {@code null}). It is {@code @CheckReturnValue} (Error Prone): ignoring a returned future is a compile error
 * under Error Prone, because a future that is never awaited, spawned or polled never runs; methods whose result
 * may be dropped say so with {@code @CanIgnoreReturnValue}. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.fs;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
