/**
 * Networking on the runtime's I/O driver: Tokio's {@code net} module.
 *
 * <p>Which type do I need?
 * <ul>
 *   <li>Accept TCP connections: {@link dev.weft.net.TcpListener}; each is a {@link dev.weft.net.TcpStream}.</li>
 *   <li>Open a TCP connection: {@link dev.weft.net.TcpStream#connect}.</li>
 *   <li>Read in one task and write in another: {@link dev.weft.net.TcpStream#split()} into a
 *       {@link dev.weft.net.ReadHalf} and a {@link dev.weft.net.WriteHalf}.</li>
 *   <li>Datagrams: {@link dev.weft.net.UdpSocket}.</li>
 *   <li>Local inter-process streams: {@link dev.weft.net.UnixListener} and {@link dev.weft.net.UnixStream}.</li>
 * </ul>
 * {@snippet class=dev.weft.net.snippets.NetSnippets region=echoServer}
 *
 * <p>Streams implement {@link dev.weft.io.AsyncRead} and {@link dev.weft.io.AsyncWrite}, so they work with the
 * codecs and buffered readers of {@code dev.weft.io}. Binding is immediate; every operation that waits is a lazy
 * {@link dev.weft.future.Future} that registers with the I/O driver of the runtime that polls it (so a socket
 * future polled outside a Weft runtime fails with {@link java.lang.IllegalStateException}). Use them from
 * poll-based futures or from async blocks ({@code stream.read(buf).await()}).
 *
 * <p><b>Cancellation.</b> Cancelling a pending read, write, accept or receive withdraws its interest from the
 * driver at once; reads, writes, accepts, sends and receives are cancel-safe, {@code readExact} and
 * {@code writeAll} are not (a prefix may have been transferred). Closing a socket deregisters it at once and
 * wakes its pending futures, which then fail with {@link java.io.UncheckedIOException}.
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}, and a future's type argument may be nullable ({@code Future<Void>} completes with
 * {@code null}). It is {@code @CheckReturnValue} (Error Prone): ignoring a returned future is a compile error
 * under Error Prone, because a future that is never awaited, spawned or polled never runs; methods whose result
 * may be dropped say so with {@code @CanIgnoreReturnValue}. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.net;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
