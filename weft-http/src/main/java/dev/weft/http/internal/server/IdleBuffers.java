package dev.weft.http.internal.server;

import java.nio.ByteBuffer;

/**
 * A small per-thread stack of the buffers idle connections give back ({@link Http1Connection} I11): a keep-alive
 * connection waiting for its next request holds no read buffer and no output array, and takes them back here
 * when its next bytes arrive. Under request/response load the buffer a connection returns is the one the next
 * reading connection on that worker takes, so the steady state allocates nothing per request; an idle server
 * keeps at most {@link #SLOTS} buffers of each kind per thread (128 KiB of read buffers and at most 256 KiB of
 * output arrays), not one per connection.
 *
 * <p>A read buffer is 4 KiB, hyper's first read size is 8 KiB: sixteen pipelined TechEmpower requests are 2,624
 * bytes, which a 2 KiB buffer took in two reads where one does (the read that fills the buffer is not short, so the
 * connection has to read again; StreamIo I4).
 *
 * <p>An output array that grew while a connection wrote (sixteen pipelined responses take about 2 KiB) is kept
 * as it is, up to {@link #MAX_POOLED_OUT} bytes: handing back only the standard size made every pipelined batch
 * grow a fresh 512-byte array three times, 38% of the bytes H1's server allocated.
 *
 * <p>Thread-confined: each thread has its own instance; a buffer taken on one thread may be given back on
 * another (a connection task may move between workers), which only moves it between stacks.
 */
final class IdleBuffers {
    /*
     * Implementation notes
     *
     * I1. Only the thread owning an instance touches it (ThreadLocal), so no synchronization is needed.
     * I2. Every read buffer on its stack has the standard size READ_SIZE, every output array a length in
     *     [OUT_SIZE, MAX_POOLED_OUT], and none holds live bytes: a read buffer is cleared and flipped (empty, read
     *     mode) when taken; out arrays are overwritten by use.
     */
    static final int SLOTS = 32;
    static final int READ_SIZE = 4096;
    static final int OUT_SIZE = 512;
    static final int MAX_POOLED_OUT = 8 * 1024;
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

    /** An output array of at least OUT_SIZE bytes (the last one given back, or a new one of OUT_SIZE). */
    byte[] takeOut() {
        if (outCount == 0) return new byte[OUT_SIZE];
        byte[] a = outs[--outCount];
        outs[outCount] = null;
        return a;
    }

    /**
     * Keeps {@code a} for the next taker, or drops it when the stack is full or its length is outside
     * [OUT_SIZE, MAX_POOLED_OUT] (I2).
     */
    void giveOut(byte[] a) {
        if (outCount < SLOTS && a.length >= OUT_SIZE && a.length <= MAX_POOLED_OUT) outs[outCount++] = a;
    }
}
