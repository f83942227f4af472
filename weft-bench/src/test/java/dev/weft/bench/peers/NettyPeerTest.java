package dev.weft.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bench.Outcome;
import dev.weft.bench.Registry;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class NettyPeerTest {

    @Tag("long") // runs the harness (every workload, or child JVMs): the `long` layer, run by .ci/run
    @Test
    void w11_oneConnection_verifiesEveryRoundTripOnExactlyTwoEventLoopThreads() throws Exception {
        Set<Thread> before = nettyThreads();
        NettyPeer peer = new NettyPeer();
        peer.open();
        try {
            Outcome o = peer.w11(2 * Workload.ROUND_TRIPS_PER_CONNECTION);
            assertThat(o.check()).isEqualTo(2L * Workload.ROUND_TRIPS_PER_CONNECTION);
            Set<Thread> started = nettyThreads();
            started.removeAll(before);
            assertThat(started).as("event-loop threads started by the group").hasSize(2);
        } finally {
            peer.close();
        }
    }

    @Test
    void clientHandler_wrongEcho_failsTheConnectionWithSelfCheckFailed() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel(new NettyPeer.EchoClientHandler(7, result));
        ByteBuf sent = ch.readOutbound(); // channelActive sent round 0
        assertThat(sent.readableBytes()).isEqualTo(Workload.MESSAGE_BYTES);
        assertThat(sent.getByte(0)).isEqualTo((byte) 7);
        byte[] wrong = new byte[Workload.MESSAGE_BYTES];
        sent.getBytes(0, wrong);
        sent.release();
        wrong[5] ^= 1;
        ch.writeInbound(Unpooled.wrappedBuffer(wrong));
        assertThat(result).isCompletedExceptionally();
        Assertions.assertThatThrownBy(() -> result.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SelfCheckFailed.class)
                .hasMessageContaining("connection 7 round trip 0");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void clientHandler_rightEchoes_completesWithTheCountAfterTheLastRoundTrip() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel(new NettyPeer.EchoClientHandler(1, result));
        for (int r = 0; r < Workload.ROUND_TRIPS_PER_CONNECTION; r++) {
            assertThat(result).isNotDone();
            ByteBuf sent = ch.readOutbound();
            ch.writeInbound(sent); // the echo: the same bytes back
        }
        assertThat(result).isCompletedWithValue((long) Workload.ROUND_TRIPS_PER_CONNECTION);
        assertThat((Object) ch.readOutbound()).as("nothing sent after the last round trip").isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void register_w11Only_everyOtherWorkloadIsNaWithTheReason() {
        Registry r = new Registry();
        new NettyPeer().register(r);
        for (Workload w : Workload.values()) {
            if (w.isHttp()) { // the HTTP rows' netty servers are registered by dev.weft.bench.http, not here
                assertThat(r.entries(w)).isEmpty();
                continue;
            }
            assertThat(r.entries(w)).hasSize(1);
            Registry.Entry e = r.entries(w).get(0);
            assertThat(e.impl()).isEqualTo("netty");
            if (w == Workload.W11) {
                assertThat(e.isNa()).isFalse();
            } else {
                assertThat(e.naReason()).isEqualTo("Netty is a network framework; W11 only");
            }
        }
        assertThat(Registry.isWeft("netty")).as("netty counts as a peer for the best-peer column").isFalse();
    }

    @Test
    void register_epoll_onlyTheW11Row_orNaWhereTheNativeTransportIsMissing() {
        Registry r = new Registry();
        new NettyPeer(true).register(r);
        for (Workload w : Workload.values()) {
            if (w != Workload.W11) assertThat(r.entries(w)).isEmpty();
        }
        assertThat(r.entries(Workload.W11)).singleElement().satisfies(e -> {
            assertThat(e.impl()).isEqualTo("netty-epoll");
            assertThat(e.isNa()).isEqualTo(!io.netty.channel.epoll.Epoll.isAvailable());
        });
    }

    @Tag("long") // a real loopback run, as the NIO row's
    @Test
    void w11Epoll_oneConnection_verifiesEveryRoundTrip() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(),
                "Netty's native epoll transport is unavailable here");
        NettyPeer peer = new NettyPeer(true);
        peer.open();
        try {
            Outcome o = peer.w11(2 * Workload.ROUND_TRIPS_PER_CONNECTION);
            assertThat(o.check()).isEqualTo(2L * Workload.ROUND_TRIPS_PER_CONNECTION);
        } finally {
            peer.close();
        }
    }

    private static Set<Thread> nettyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t instanceof FastThreadLocalThread)
                .collect(Collectors.toSet());
    }
}
