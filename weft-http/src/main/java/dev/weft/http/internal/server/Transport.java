package dev.weft.http.internal.server;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.http.tls.TlsConfig;
import dev.weft.http.tls.TlsStream;
import dev.weft.net.TcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What {@link Http1Connection} needs from its byte stream: plain TCP or TLS over TCP. Two final implementations,
 * chosen once per connection at accept, so every call site in the connection sees at most two receiver classes
 * (the JIT inlines both; a plain-only server sees one) and the plain path adds no allocation per request and no
 * buffering: {@link #pollFlush} and {@link #idle} are no-ops there.
 */
sealed interface Transport permits Transport.Plain, Transport.Tls {

    /** Reads into {@code dst}: bytes read, -1 at end of stream (TLS: after the peer's close_notify). */
    Poll<Integer> pollRead(Context cx, ByteBuffer dst);

    /**
     * Writes (TLS: encrypts up to one record of) {@code src}. One buffer goes through the JDK's plain write
     * path, cheaper than a gathering write of one buffer (no iovec array to fill).
     */
    Poll<Integer> pollWrite(Context cx, ByteBuffer src);

    /** Writes (TLS: encrypts up to one record of) {@code srcs[offset .. offset + length)}. */
    Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length);

    /** Sends what the transport buffered itself (TLS: the last record); Ready at once on plain TCP. */
    Poll<Void> pollFlush(Context cx);

    /** Closes the write direction gracefully (TLS: close_notify, then FIN). */
    Poll<Void> pollShutdown(Context cx);

    /** The peer's address. @throws java.io.UncheckedIOException when the socket is closed */
    InetSocketAddress peerAddress();

    /** The connection waits for its next request: release what the transport can allocate again later. */
    void idle();

    /** Closes the socket at once. Idempotent. */
    void close();

    /** A plain TCP transport. */
    static Transport plain(TcpStream tcp) {
        return new Plain(tcp);
    }

    /**
     * A TLS transport over an accepted {@code tcp}; the handshake is driven by the first read or write.
     *
     * @throws IllegalArgumentException when {@code config} is not a server config
     */
    static Transport tls(TcpStream tcp, TlsConfig config) {
        return new Tls(TlsStream.server(tcp, config));
    }

    /** Plain TCP: straight delegation. */
    final class Plain implements Transport {
        private final TcpStream tcp;

        Plain(TcpStream tcp) {
            this.tcp = tcp;
        }

        @Override
        public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
            return tcp.pollRead(cx, dst);
        }

        @Override
        public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
            return tcp.pollWrite(cx, src);
        }

        @Override
        public Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length) {
            return tcp.pollWriteVectored(cx, srcs, offset, length);
        }

        @Override
        public Poll<Void> pollFlush(Context cx) {
            return Poll.ready(null);
        }

        @Override
        public Poll<Void> pollShutdown(Context cx) {
            tcp.shutdownOutput();
            return Poll.ready(null);
        }

        @Override
        public InetSocketAddress peerAddress() {
            return tcp.peerAddress();
        }

        @Override
        public void idle() {
            // a socket holds no user-space buffer
        }

        @Override
        public void close() {
            tcp.close();
        }
    }

    /** TLS: the stream buffers one record per write, so the connection flushes after writing. */
    final class Tls implements Transport {
        private final TlsStream tls;

        Tls(TlsStream tls) {
            this.tls = tls;
        }

        TlsStream stream() {
            return tls;
        }

        @Override
        public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
            return tls.pollRead(cx, dst);
        }

        @Override
        public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
            return tls.pollWrite(cx, src);
        }

        @Override
        public Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length) {
            return tls.pollWriteVectored(cx, srcs, offset, length);
        }

        @Override
        public Poll<Void> pollFlush(Context cx) {
            return tls.pollFlush(cx);
        }

        @Override
        public Poll<Void> pollShutdown(Context cx) {
            return tls.pollShutdown(cx);
        }

        @Override
        public InetSocketAddress peerAddress() {
            return tls.peerAddress();
        }

        @Override
        public void idle() {
            tls.trimBuffers();
        }

        @Override
        public void close() {
            tls.close();
        }
    }
}
