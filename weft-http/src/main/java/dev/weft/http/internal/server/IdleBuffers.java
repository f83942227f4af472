package dev.weft.http.internal.server;

import java.nio.ByteBuffer;

/**
 * A small per-thread stack of the buffers idle connections give back ({@link Http1Connection} I11): a keep-alive
 * connection waiting for its next request holds no read buffer and no output array, and takes them back here
 * when its next bytes arrive. Under request/response load the buffer a connection returns is the one the next
 * reading connection on that worker takes, so the steady state allocates nothing per request; an idle server
 * keeps at most {@link #SLOTS} buffers of each kind per thread (about 80 KiB), not one per connection.
 *
 * <p>Thread-confined: each thread has its own instance; a buffer taken on one thread may be given back on
 * another (a connection task may move between workers), which only moves it between stacks.
 */
final class IdleBuffers {
    /*
     * Implementation notes
     *
     * I1. Only the thread owning an instance touches it (ThreadLocal), so no synchronization is needed.
     * I2. Every buffer on the stacks has the standard size (READ_SIZE, OUT_SIZE) and holds no live bytes: a
     *     read buffer is cleared and flipped (empty, read mode) when taken; out arrays are overwritten by use.
     */
    static final int SLOTS = 32;
    static final int READ_SIZE = 2048;
    static final int OUT_SIZE = 512;
    private static final ThreadLocal<IdleBuffers> LOCAL = ThreadLocal.withInitial(IdleBuffers::new);

    private final ByteBuffer[] reads = new ByteBuffer[SLOTS];
    private int readCount;
    private final byte[][] outs = new byte[SLOTS][];
    private int outCount;

    private IdleBuffers() {}

    static IdleBuffers local() {
        return LOCAL.get();
    }

    /** A read buffer of READ_SIZE bytes, empty and in read mode. */
    ByteBuffer takeRead() {
        if (readCount == 0) return ByteBuffer.allocate(READ_SIZE).flip();
        ByteBuffer b = reads[--readCount];
        reads[readCount] = null;
        return b.clear().flip();
    }

    /** Keeps {@code b} (of READ_SIZE bytes) for the next taker, or drops it when the stack is full. */
    void giveRead(ByteBuffer b) {
        if (readCount < SLOTS && b.capacity() == READ_SIZE) reads[readCount++] = b;
    }

    /** An output array of OUT_SIZE bytes. */
    byte[] takeOut() {
        if (outCount == 0) return new byte[OUT_SIZE];
        byte[] a = outs[--outCount];
        outs[outCount] = null;
        return a;
    }

    /** Keeps {@code a} (of OUT_SIZE bytes) for the next taker, or drops it when the stack is full. */
    void giveOut(byte[] a) {
        if (outCount < SLOTS && a.length == OUT_SIZE) outs[outCount++] = a;
    }
}
