package dev.weft.http.internal.client;

import dev.weft.http.internal.codec.HeadParser;
import dev.weft.http.internal.codec.OutBuffer;
import dev.weft.http.internal.codec.ParseLimits;
import dev.weft.http.tls.TlsStream;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import java.nio.ByteBuffer;

/**
 * One client connection (plain TCP or TLS) with its read buffer, head parser and head buffer. Owned by one
 * exchange or response body at a time, or by the pool while idle (handed over under the pool's lock).
 */
public final class Connection {
    final Origin origin;
    final AsyncRead in;
    final AsyncWrite out;
    private final AutoCloseable socket;
    /** Bytes read from the socket and not yet consumed, in read mode (position..limit). */
    ByteBuffer readBuf;
    final HeadParser parser;
    final OutBuffer head = new OutBuffer(512);
    final int maxReadBuf;
    /** The pool clock's nanos when this connection became idle (written under the pool's lock). */
    long idleSince;
    /** The requests this connection has carried. */
    int requests;
    private boolean closed;

    <S extends AsyncRead & AsyncWrite & AutoCloseable> Connection(Origin origin, S socket, ParseLimits limits) {
        this.origin = origin;
        this.in = socket;
        this.out = socket;
        this.socket = socket;
        this.parser = new HeadParser(limits);
        this.readBuf = ByteBuffer.allocate(8 * 1024).flip();
        this.maxReadBuf = limits.maxHeadBytes() + 1024;
    }

    /** Makes room to read into readBuf (compacts, grows up to the head limit); false when it is at its limit. */
    boolean makeRoom() {
        if (readBuf.position() > 0 || readBuf.limit() < readBuf.capacity()) return true;
        if (readBuf.capacity() >= maxReadBuf) return false;
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxReadBuf, readBuf.capacity() * 2));
        bigger.put(readBuf);
        readBuf = bigger.flip();
        return true;
    }

    /** Releases what an idle connection does not need (a TLS stream's buffers); the caller owns it. */
    void trimForIdle() {
        if (socket instanceof TlsStream tls) tls.trimBuffers();
    }

    /** Closes the socket; idempotent. */
    void close() {
        if (closed) return;
        closed = true;
        try {
            socket.close();
        } catch (Exception ignored) {
            // closing a socket we are abandoning: nothing to report
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Connection[" + origin + ", requests=" + requests + (closed ? ", closed" : "") + "]";
    }
}
