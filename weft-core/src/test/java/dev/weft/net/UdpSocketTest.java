package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.io.IoDriver;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UdpSocketTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private WeftRuntime rt;
    private IoDriver driver;

    @BeforeEach
    void setUp() {
        rt = WeftRuntime.multiThread().workerThreads(2).build();
        driver = rt.blockOn(Echo.driver());
    }

    @AfterEach
    void tearDown() {
        rt.close();
    }

    @Test
    void sendToRecvFrom_roundTrips_reportSenderAndLength() {
        try (UdpSocket a = UdpSocket.bind(ANY_LOOPBACK); UdpSocket b = UdpSocket.bind(ANY_LOOPBACK)) {
            // b echoes 100 datagrams back to their sender (async block)
            JoinHandle<Integer> echo = rt.spawn(Async.async(() -> {
                ByteBuffer buf = ByteBuffer.allocate(1500);
                for (int i = 0; i < 100; i++) {
                    buf.clear();
                    UdpSocket.Received r = b.recvFrom(buf).await();
                    assertThat(r.sender()).isEqualTo(a.localAddress());
                    buf.flip();
                    b.sendTo(buf, r.sender()).await();
                }
                return 100;
            }));
            // a sends and receives in poll style, one datagram in flight at a time
            int[] done = {0};
            ByteBuffer out = ByteBuffer.allocate(64);
            ByteBuffer in = ByteBuffer.allocate(64);
            boolean[] sent = {false};
            rt.blockOn(cx -> {
                while (done[0] < 100) {
                    if (!sent[0]) {
                        out.clear();
                        out.put(("ping " + done[0]).getBytes(StandardCharsets.UTF_8)).flip();
                        if (a.pollSendTo(cx, out, b.localAddress()).isPending()) return Poll.pending();
                        sent[0] = true;
                        in.clear();
                    }
                    Poll<UdpSocket.Received> r = a.pollRecvFrom(cx, in);
                    if (r.isPending()) return Poll.pending();
                    assertThat(r.value().sender()).isEqualTo(b.localAddress());
                    assertThat(new String(in.array(), 0, r.value().bytes(), StandardCharsets.UTF_8))
                            .isEqualTo("ping " + done[0]);
                    done[0]++;
                    sent[0] = false;
                }
                return Poll.ready(null);
            });
            assertThat(rt.blockOn(echo)).isEqualTo(100);
        }
    }

    @Test
    void connected_sendAndRecv() {
        try (UdpSocket a = UdpSocket.bind(ANY_LOOPBACK); UdpSocket b = UdpSocket.bind(ANY_LOOPBACK)) {
            assertThatThrownBy(() -> a.send(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not connected");
            a.connect(b.localAddress());
            b.connect(a.localAddress());
            assertThat(a.peerAddress()).isEqualTo(b.localAddress());
            int n = rt.blockOn(Async.async(() -> {
                assertThat(a.send(ByteBuffer.wrap(new byte[] {1, 2, 3})).await()).isEqualTo(3);
                ByteBuffer in = ByteBuffer.allocate(16);
                return b.recv(in).await();
            }));
            assertThat(n).isEqualTo(3);
            assertThatThrownBy(() -> b.recv(ByteBuffer.allocate(0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dst");
        }
    }

    @Test
    void cancelledRecv_losesNoDatagram_andWithdrawsInterest() {
        try (UdpSocket a = UdpSocket.bind(ANY_LOOPBACK); UdpSocket b = UdpSocket.bind(ANY_LOOPBACK)) {
            ByteBuffer in = ByteBuffer.allocate(16);
            Future<UdpSocket.Received> recv = b.recvFrom(in);
            rt.blockOn(cx -> {
                assertThat(recv.poll(cx).isPending()).isTrue();
                assertThat(driver.waiterCount()).isEqualTo(1);
                recv.cancel();
                return Poll.ready(null);
            });
            assertThat(driver.waiterCount()).isZero();
            assertThatThrownBy(() -> rt.blockOn(Time.timeout(Duration.ofMillis(20), b.recvFrom(in))))
                    .isInstanceOf(TimeoutElapsedException.class);
            assertThat(driver.waiterCount()).isZero();
            rt.blockOn(a.sendTo(ByteBuffer.wrap(new byte[] {42}), b.localAddress()));
            UdpSocket.Received r = rt.blockOn(b.recvFrom(in));
            assertThat(r.bytes()).isEqualTo(1);
            assertThat(in.get(0)).isEqualTo((byte) 42);
        }
    }

    @Test
    void close_wakesPendingRecv_whichFails() {
        UdpSocket s = UdpSocket.bind(ANY_LOOPBACK);
        int baseline = driver.registrationCount();
        JoinHandle<UdpSocket.Received> pending = rt.spawn(s.recvFrom(ByteBuffer.allocate(8)));
        rt.blockOn(Async.async(() -> {
            while (driver.waiterCount() == 0) dev.weft.task.Tasks.yieldNow().await();
            return null;
        }));
        assertThat(driver.registrationCount()).isEqualTo(baseline + 1);
        s.close();
        assertThatThrownBy(() -> rt.blockOn(pending)).cause()
                .isInstanceOf(UncheckedIOException.class).cause().isInstanceOf(ClosedChannelException.class);
        assertThat(driver.registrationCount()).isEqualTo(baseline);
        assertThat(driver.waiterCount()).isZero();
    }
}
