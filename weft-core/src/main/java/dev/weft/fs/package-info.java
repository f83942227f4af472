/**
 * Asynchronous file-system access: {@link dev.weft.fs.Fs} (whole-file and directory operations),
 * {@link dev.weft.fs.AsyncFile} (an open file as {@code AsyncRead}/{@code AsyncWrite}) and
 * {@link dev.weft.fs.DirEntries}; tokio's {@code tokio::fs}. Every operation runs on the runtime's blocking
 * pool, as in Tokio.
 */
package dev.weft.fs;
