/**
 * Asynchronous byte I/O: {@link dev.weft.io.AsyncRead} and {@link dev.weft.io.AsyncWrite}, buffered readers and
 * writers, copying, and codecs that turn byte streams into frames.
 */
package dev.weft.io;
