package dev.weft.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code tokio} peer's protocol against the real Rust process: rounds on one process return the self-checked
 * value, W10 reports delivered messages and its lagged note, and a request the process does not know fails the
 * round with its reason (never a silent zero). Skipped, with the build's reason, where the peer cannot be built.
 */
@Tag("long") // builds the Rust peer on first use (about 30 s)
class TokioPeerTest {

    @BeforeAll
    static void buildable() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assumeTrue(TokioPeer.BUILD.binary(quiet).isPresent(), () -> "skipped: " + TokioPeer.BUILD.missingReason());
    }

    @Test
    void roundsOnOneProcess_returnTheSelfCheckedValue() throws Exception {
        TokioPeer.TokioRow row = new TokioPeer.TokioRow(Workload.W3);
        row.setUp();
        try {
            for (long n : new long[] {1_000, 10_000}) {
                Outcome o = row.run(n);
                Workload.W3.check("tokio", n, o); // throws SelfCheckFailed when wrong
                assertThat(o.check()).isEqualTo(n * (n - 1) / 2);
                assertThat(o.ops()).isEqualTo(-1);
            }
        } finally {
            row.tearDown();
        }
    }

    @Test
    void broadcast_reportsDeliveredMessagesAndLagged() throws Exception {
        TokioPeer.TokioRow row = new TokioPeer.TokioRow(Workload.W10);
        row.setUp();
        try {
            Outcome o = row.run(10_000);
            assertThat(o.check()).isEqualTo(Workload.SUBSCRIBERS * 10_000L);
            assertThat(o.ops()).isBetween(0L, o.check());
            assertThat(o.notes()).startsWith("lagged=");
            assertThat(Long.parseLong(o.notes().substring("lagged=".length()))).isEqualTo(o.check() - o.ops());
        } finally {
            row.tearDown();
        }
    }

    @Test
    void unknownWorkload_failsTheRoundWithTheProcessReason() throws Exception {
        TokioPeer.TokioRow row = new TokioPeer.TokioRow(Workload.W7); // W7 is not implemented by the Rust program
        row.setUp();
        try {
            assertThatThrownBy(() -> row.run(1_000)).isInstanceOf(IOException.class)
                    .hasMessageContaining("the tokio peer failed: ERR workload: W7");
        } finally {
            row.tearDown();
        }
    }
}
