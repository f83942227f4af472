package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.io.IoDriver;
import dev.weft.internal.io.IoSource;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WeftRuntime.Builder#ioDriver(IoDriverKind)}: which reactor a runtime runs, and the fail-fast rules. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RuntimeIoDriverTest {
    private static final Future<IoDriver.Kind> KIND =
            cx -> Poll.ready(((IoSource) Contexts.ambient(cx)).ioDriver().kind());

    @Test
    void ioDriver_nio_runtimeRunsTheSelectorDriver() {
        try (WeftRuntime rt = WeftRuntime.currentThread().ioDriver(IoDriverKind.NIO).build()) {
            assertThat(rt.blockOn(KIND)).isEqualTo(IoDriver.Kind.NIO);
        }
    }

    @Test
    void ioDriver_epoll_runtimeRunsEpollAndServesTcp() {
        String reason = IoDriver.epollUnavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "epoll driver unavailable: " + reason);
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).ioDriver(IoDriverKind.EPOLL).build()) {
            assertThat(rt.blockOn(KIND)).isEqualTo(IoDriver.Kind.EPOLL);
            byte[] back = rt.blockOn(dev.weft.future.Async.async(() -> {
                try (TcpListener l = TcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    var server = dev.weft.task.Tasks.spawn(dev.weft.future.Async.async(() -> {
                        try (TcpStream s = l.accept().await()) {
                            ByteBuffer b = ByteBuffer.allocate(5);
                            s.readExact(b).await();
                            s.writeAll(b.flip()).await();
                        }
                        return null;
                    }));
                    try (TcpStream c = TcpStream.connect(l.localAddress()).await()) {
                        c.writeAll(ByteBuffer.wrap("hello".getBytes())).await();
                        ByteBuffer b = ByteBuffer.allocate(5);
                        c.readExact(b).await();
                        server.await();
                        return b.array();
                    }
                }
            }));
            assertThat(new String(back)).isEqualTo("hello");
        }
    }

    @Test
    void ioDriver_auto_takesEpollExactlyWhenAvailableWithNativeAccess() {
        try (WeftRuntime rt = WeftRuntime.currentThread().ioDriver(IoDriverKind.AUTO).build()) {
            IoDriver.Kind expected = IoDriver.resolve(IoDriver.Kind.AUTO);
            assertThat(rt.blockOn(KIND)).isEqualTo(expected);
            if (IoDriver.epollUnavailableReason() != null) assertThat(expected).isEqualTo(IoDriver.Kind.NIO);
        }
    }

    @Test
    void ioDriver_epollUnavailable_buildFailsWithTheReason() {
        String reason = IoDriver.epollUnavailableReason();
        Assumptions.assumeTrue(reason != null, "epoll is available here: nothing to fail");
        assertThatThrownBy(() -> WeftRuntime.currentThread().ioDriver(IoDriverKind.EPOLL).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void ioDriver_null_failsFast() {
        assertThatThrownBy(() -> WeftRuntime.builder().ioDriver(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
    }
}
