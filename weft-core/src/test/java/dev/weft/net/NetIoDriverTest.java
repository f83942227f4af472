package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.internal.io.IoDriver;
import dev.weft.runtime.WeftRuntime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The net suite runs on the driver the {@code weft.io.driver} system property names: NIO in the default layer,
 * epoll in the long layer's second run of this package (weft-core's epoll-net-tests profile, ADR 0014). This test
 * proves the second run really ran on epoll.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NetIoDriverTest {

    @Test
    void runtime_ioDriverProperty_isTheDriverTheNetTestsUse() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            IoDriver driver = rt.blockOn(Echo.driver());
            assertThat(driver.kind()).isEqualTo(IoDriver.resolve(null));
            if ("epoll".equals(System.getProperty(IoDriver.PROPERTY))) {
                assertThat(driver.kind()).isEqualTo(IoDriver.Kind.EPOLL);
            } else if (System.getProperty(IoDriver.PROPERTY) == null) {
                assertThat(driver.kind()).isEqualTo(IoDriver.Kind.NIO);
            }
        }
    }
}
