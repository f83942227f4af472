package dev.weft.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.Objects;

/** Argument checks and small helpers shared by the socket types. */
final class Net {
    private Net() {}

    static InetSocketAddress requireResolvedInet(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("address: " + address + " (expected: an InetSocketAddress)");
        }
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("address: " + address + " (expected: a resolved address)");
        }
        return a;
    }

    static long positiveTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        return timeout.toNanos();
    }

    static void closeQuietly(Channel ch, Exception primary) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
