package dev.weft.internal.io;

/**
 * Implemented by a runtime's ambient object (({@code Contexts.ambient(cx)})): how a socket future
 * finds the runtime's {@link IoDriver} at its first poll, as a timer future finds its driver through
 * {@link dev.weft.internal.time.TimeSource}.
 * {@snippet :
 * if (Contexts.ambient(cx) instanceof IoSource s && s.ioDriver() != null) driver = s.ioDriver();
 * else throw new IllegalStateException("... polled outside a Weft runtime ...");
 * }
 */
public interface IoSource {

    /** The I/O driver of the runtime this ambient object belongs to; {@code null} when the runtime has none. */
    IoDriver ioDriver();
}
