package dev.weft.bench.connscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConnScaleTest {
    @Tag("long") // runs the harness (every workload, or child JVMs): the `long` layer, run by .ci/run
    @Test
    @Timeout(60)
    void smallRunEchoesOnEveryConnectionAndMeasuresPositiveCosts() throws Exception {
        // 1,000 connections (about 1.5 MB of heap): with 200 (300 KB) the heap left by start-up, which GC may
        // release between the two readings, once outweighed them and the difference came out negative
        ConnScale.Result r = ConnScale.runInChild(new ConnScale.Config(1_000, 1, 30));

        assertThat(r.connections()).isEqualTo(1_000);
        assertThat(r.roundTrips()).isEqualTo(1_000);
        assertThat(r.clients()).isEqualTo(1);
        assertThat(r.openFilesLimit()).isPositive();
        assertThat(r.heapPerConnection()).isPositive();
        assertThat(r.rssPerConnection()).isPositive();
        assertThat(r.projectedHeap()).isEqualTo(r.heapPerConnection() * ConnScale.PROJECTED_CONNECTIONS);
        assertThat(r.tsv()).startsWith("conn_scale\tweft-poll\t").contains("\tB/conn\t").contains("1000 connections");
    }

    @Tag("long") // runs the harness (every workload, or child JVMs): the `long` layer, run by .ci/run
    @Test
    @Timeout(60)
    void asyncVariantEchoesOnEveryConnection() throws Exception {
        ConnScale.Result r = ConnScale.runInChild(new ConnScale.Config(1_000, 1, 30, ConnScale.ASYNC));

        assertThat(r.roundTrips()).isEqualTo(1_000);
        assertThat(r.heapPerConnection()).isPositive();
        assertThat(r.tsv()).startsWith("conn_scale\tweft-async\t");
    }

    @Test
    void openFilesLimitIsReadFromProc() {
        assertThat(ConnScale.openFilesLimit()).isGreaterThan(ConnScale.HEADROOM);
    }

    @Test
    void parseRejectsUnknownOptionsAndBadRanges() {
        assertThat(ConnScale.parse(new String[] {"--conn-scale", "--connections", "300", "--clients", "2"}))
                .isEqualTo(new ConnScale.Config(300, 2, 600, ConnScale.POLL));
        assertThat(ConnScale.parse(new String[] {"--impl", "weft-async"}).impl()).isEqualTo(ConnScale.ASYNC);
        assertThatThrownBy(() -> ConnScale.parse(new String[] {"--bogus"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> new ConnScale.Config(10, 1, 1, "rx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("impl: rx");
        assertThatThrownBy(() -> new ConnScale.Config(10, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clients: 0");
    }
}
