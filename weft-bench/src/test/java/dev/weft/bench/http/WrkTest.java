package dev.weft.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing of wrk's output (captured from Debian's wrk 4.1.0); nothing is run. */
class WrkTest {
    static final String OUTPUT = """
            Running 10s test @ http://127.0.0.1:40211/plaintext
              1 threads and 256 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.21ms  843.00us  29.50ms   91.02%
                Req/Sec   201.33k    12.10k  220.15k    71.00%
              Latency Distribution
                 50%    1.05ms
                 75%    1.33ms
                 90%    1.80ms
                 99%    4.12ms
              2003517 requests in 10.00s, 246.47MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 5
            Requests/sec: 200351.70
            Transfer/sec:     24.65MB
            WRK-TIMES
            0m0.001s 0m0.002s
            0m2.150s 0m7.620s
            """;

    @Test
    void parse_fullOutput_readsRateLatencyErrorsAndCpu() {
        Wrk.Result r = Wrk.parse(OUTPUT);
        assertThat(r.requests()).isEqualTo(2003517);
        assertThat(r.seconds()).isEqualTo(10.0);
        assertThat(r.requestsPerSecond()).isEqualTo(200351.70);
        assertThat(r.p50Ms()).isEqualTo(1.05);
        assertThat(r.p99Ms()).isEqualTo(4.12);
        assertThat(r.socketErrors()).isEqualTo(3);
        assertThat(r.non2xx3xx()).isEqualTo(5);
        assertThat(r.errors()).isEqualTo(8);
        assertThat(r.cpuSeconds()).isCloseTo(9.77, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void parse_microsecondLatencyAndNoErrorLines_readsZeroErrors() {
        String out = OUTPUT.replace("1.05ms", "812.00us").replace("4.12ms", "1.20s")
                .replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", "");
        Wrk.Result r = Wrk.parse(out);
        assertThat(r.p50Ms()).isEqualTo(0.812);
        assertThat(r.p99Ms()).isEqualTo(1200.0);
        assertThat(r.errors()).isZero();
    }

    @Test
    void parse_withoutLatencyDistribution_failsNamingIt() {
        String out = OUTPUT.replaceAll("(?m)^\\s+(50|99)%.*\\n", "");
        assertThatThrownBy(() -> Wrk.parse(out)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--latency");
    }

    @Test
    void parse_garbage_failsNamingTheMissingLine() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("requests in");
    }
}
