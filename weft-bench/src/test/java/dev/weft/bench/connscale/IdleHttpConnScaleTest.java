package dev.weft.bench.connscale;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** H7 at a small size: idle HTTP keep-alive connections on weft-http's server, in a child JVM. */
@Tag("long") // child JVMs: the long layer only
class IdleHttpConnScaleTest {

    @Test
    @Timeout(120)
    void httpPoll_smallRun_answersEveryConnectionAndKeepsItOpen() throws Exception {
        ConnScale.Result r = ConnScale.runInChild(new ConnScale.Config(200, 2, 60, ConnScale.POLL, true));

        assertThat(r.http()).isTrue();
        assertThat(r.connections()).isEqualTo(200);
        assertThat(r.roundTrips()).isEqualTo(200);
        assertThat(r.heapPerConnection()).isPositive();
        assertThat(r.rssPerConnection()).isPositive();
        assertThat(r.tsv()).startsWith("H7_idle_http_conns\tweft-poll\t").contains("\tB/conn\t")
                .contains("200 connections").contains("GET /plaintext");
    }

    @Test
    @Timeout(120)
    void httpAsync_smallRun_answersEveryConnection() throws Exception {
        ConnScale.Result r = ConnScale.runInChild(new ConnScale.Config(100, 1, 60, ConnScale.ASYNC, true));

        assertThat(r.roundTrips()).isEqualTo(100);
        assertThat(r.tsv()).startsWith("H7_idle_http_conns\tweft-async\t");
    }

    @Test
    void parse_httpFlag_selectsH7() {
        assertThat(ConnScale.parse(new String[] {"--http", "--connections", "50"}))
                .isEqualTo(new ConnScale.Config(50, 3, 600, ConnScale.POLL, true));
    }
}
