package dev.weft.net;

import java.util.Objects;

/**
 * The two halves of a split stream ({@link TcpStream#split()}, {@link UnixStream#split()}): each may be moved to
 * its own task.
 *
 * @param read the read half
 * @param write the write half
 */
public record StreamHalves(ReadHalf read, WriteHalf write) {
    /** @throws NullPointerException when a half is null */
    public StreamHalves {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(write, "write");
    }
}
