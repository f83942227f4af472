package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.runtime.WeftRuntime;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SO_LINGER is whole seconds in Java: a sub-second linger rounds up, so it never becomes 0 (a reset). */
@Timeout(30)
class TcpStreamLingerTest {
    @Test
    void setLinger_subSecondAndFractional_roundsUpToWholeSeconds() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().currentThread().build();
                TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0), 16)) {
            try (TcpStream s = rt.blockOn(TcpStream.connect(listener.localAddress()))) {
                s.setLinger(Duration.ofMillis(500));
                assertThat(s.linger()).as("500 ms must not become 0 s (close would reset)")
                        .contains(Duration.ofSeconds(1));
                s.setLinger(Duration.ofMillis(1500));
                assertThat(s.linger()).contains(Duration.ofSeconds(2));
                s.setLinger(Duration.ofNanos(1));
                assertThat(s.linger()).contains(Duration.ofSeconds(1));
                s.setLinger(Duration.ofSeconds(3));
                assertThat(s.linger()).contains(Duration.ofSeconds(3));
                s.setLinger(Duration.ZERO);
                assertThat(s.linger()).contains(Duration.ZERO);
                s.setLinger(null);
                assertThat(s.linger()).isEqualTo(Optional.empty());
                assertThatThrownBy(() -> s.setLinger(Duration.ofMillis(-1)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("linger: PT-0.001S (expected: >= 0 or null)");
            }
        }
    }
}
