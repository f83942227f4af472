package dev.weft.bench.peers;

import dev.weft.bench.Outcome;
import dev.weft.bench.Registry;
import dev.weft.bench.SelfCheckFailed;
import dev.weft.bench.Workload;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code netty} peer, W11 only: Netty 4.2, written as Netty's own EchoServer/EchoClient examples
 * (io.netty.example.echo) are. The server is a {@code ServerBootstrap} on {@code NioServerSocketChannel} whose child
 * pipeline is an {@link EchoServerHandler} ({@code ChannelInboundHandlerAdapter}: {@code channelRead} writes back
 * what it read, {@code channelReadComplete} flushes). Each client is a {@code Bootstrap} on
 * {@code NioSocketChannel}; its pipeline is a {@code FixedLengthFrameDecoder(64)} (Netty's documented way to read
 * exactly N bytes over a byte stream) and an {@link EchoClientHandler} that sends the first message in
 * {@code channelActive}, checks each echoed frame and sends the next, 1,000 times, then closes.
 *
 * <p>Threads: Netty 4.2's {@code MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory())} (the replacement of
 * the deprecated {@code NioEventLoopGroup}), created once in set-up and shared by the server's acceptor, its child
 * channels and every client channel ({@code ServerBootstrap.group(group)} with a single group): 2 event-loop
 * threads in all, the harness's 2-worker rule. The calling thread only waits.
 *
 * <p>The {@code netty-epoll} row is the same code on Netty's native epoll transport
 * ({@code netty-transport-native-epoll}, linux-x86_64: {@code EpollIoHandler}, {@code EpollServerSocketChannel},
 * {@code EpollSocketChannel}), the anchor of Weft's FFM epoll driver (ADR 0014); it is NA where Netty's native
 * library does not load.
 */
public final class NettyPeer {
    static final String IMPL = "netty";
    static final String IMPL_EPOLL = "netty-epoll";

    static final String NOT_NETWORK = "Netty is a network framework; W11 only";

    private final boolean epoll;
    private EventLoopGroup group;

    /** The NIO transport (the {@code netty} row). */
    public NettyPeer() {
        this(false);
    }

    /** The NIO transport ({@code netty}) or the native epoll transport ({@code netty-epoll}). */
    public NettyPeer(boolean epoll) {
        this.epoll = epoll;
    }

    /**
     * Registers the W11 row; the NIO peer also an NA row for every other workload (the epoll row only appears
     * under W11).
     */
    public void register(Registry r) {
        if (epoll) {
            if (!Epoll.isAvailable()) {
                r.na(Workload.W11, IMPL_EPOLL, "Netty's native epoll transport is unavailable here: "
                        + Epoll.unavailabilityCause());
                return;
            }
            r.add(Workload.W11, IMPL_EPOLL, "as netty, on the native transport: MultiThreadIoEventLoopGroup(2,"
                    + " EpollIoHandler), EpollServerSocketChannel / EpollSocketChannel (netty-transport-native-epoll,"
                    + " JNI)", this::w11, this::open, this::close);
            return;
        }
        r.add(Workload.W11, IMPL, "EchoServer/EchoClient style: one MultiThreadIoEventLoopGroup(2, NioIoHandler)"
                + " shared by server and clients (2 event-loop threads in all); FixedLengthFrameDecoder(64) on the"
                + " client, TCP_NODELAY", this::w11, this::open, this::close);
        for (Workload w : Workload.values()) {
            if (w != Workload.W11 && !w.isHttp()) r.na(w, IMPL, NOT_NETWORK); // HTTP rows: dev.weft.bench.http
        }
    }

    void open() {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(2, io);
    }

    private Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private Class<? extends Channel> clientChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    void close() {
        // no quiet period: nothing is submitted after the last round
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    Outcome w11(long n) throws Exception {
        int conns = Math.toIntExact(n / Workload.ROUND_TRIPS_PER_CONNECTION);
        ChannelGroup accepted = new DefaultChannelGroup("w11-accepted", group.next());
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(serverChannel())
                .option(ChannelOption.SO_BACKLOG, conns * 2)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    public void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                        ch.pipeline().addLast(EchoServerHandler.INSTANCE);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        try {
            Bootstrap client = new Bootstrap()
                    .group(group)
                    .channel(clientChannel())
                    .option(ChannelOption.TCP_NODELAY, true);
            List<CompletableFuture<Long>> done = new ArrayList<>(conns);
            for (int c = 0; c < conns; c++) {
                CompletableFuture<Long> result = new CompletableFuture<>();
                done.add(result);
                int id = c;
                ChannelFuture connect = client.clone().handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    public void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FixedLengthFrameDecoder(Workload.MESSAGE_BYTES),
                                new EchoClientHandler(id, result));
                    }
                }).connect(server.localAddress());
                connect.addListener(f -> {
                    if (!f.isSuccess()) result.completeExceptionally(f.cause());
                });
            }
            long verified = 0;
            for (CompletableFuture<Long> f : done) {
                try {
                    verified += f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SelfCheckFailed s) throw s;
                    throw e;
                }
            }
            return Outcome.of(verified);
        } finally {
            server.close().sync();
            accepted.close().sync();
        }
    }

    /** Netty's EchoServerHandler: writes back whatever it reads, flushes when a read burst ends. */
    @ChannelHandler.Sharable
    static final class EchoServerHandler extends ChannelInboundHandlerAdapter {
        static final EchoServerHandler INSTANCE = new EchoServerHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg); // the write releases msg
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /**
     * One client connection: sends a 64-byte message, checks that the 64-byte frame coming back equals it, sends the
     * next; completes {@code result} with the count of verified round trips after the last one and closes.
     */
    static final class EchoClientHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final int id;
        private final CompletableFuture<Long> result;
        private final byte[] msg = new byte[Workload.MESSAGE_BYTES];
        private int round;
        private long verified;

        EchoClientHandler(int id, CompletableFuture<Long> result) {
            this.id = id;
            this.result = result;
            msg[0] = (byte) id;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            msg[1] = (byte) round;
            msg[Workload.MESSAGE_BYTES - 1] = (byte) (round >> 8);
            ctx.writeAndFlush(ctx.alloc().buffer(Workload.MESSAGE_BYTES).writeBytes(msg));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (frame.readableBytes() != msg.length || !sameBytes(frame)) {
                fail(ctx, new SelfCheckFailed("W11: connection " + id + " round trip " + round + " echoed wrong bytes"));
                return;
            }
            verified++;
            if (++round < Workload.ROUND_TRIPS_PER_CONNECTION) {
                send(ctx);
            } else {
                ctx.close();
                result.complete(verified);
            }
        }

        private boolean sameBytes(ByteBuf frame) {
            int at = frame.readerIndex();
            for (int i = 0; i < msg.length; i++) {
                if (frame.getByte(at + i) != msg[i]) return false;
            }
            return true;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!result.isDone()) {
                fail(ctx, new SelfCheckFailed("W11: connection " + id + " closed after " + verified
                        + " round trips (expected: " + Workload.ROUND_TRIPS_PER_CONNECTION + ")"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause);
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
