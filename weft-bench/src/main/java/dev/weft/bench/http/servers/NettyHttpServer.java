package dev.weft.bench.http.servers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The {@code netty} ({@code nio}) and {@code netty-epoll} ({@code epoll}) servers of H1-H3, written as Netty's
 * own TechEmpower entry is: one {@link MultiThreadIoEventLoopGroup} of 2 threads accepting and serving,
 * {@link HttpServerCodec} without header validation, a handler that writes a {@link DefaultFullHttpResponse}
 * with pre-built {@link AsciiString} header values per request and flushes once per read batch
 * ({@code channelReadComplete}), so pipelined responses leave in one write; the {@code Date} value is refreshed
 * once a second by each event loop. JSON is serialized per request with Jackson into a pooled direct buffer.
 *
 * <p>Arguments: {@code <port> nio|epoll}.
 */
public final class NettyHttpServer {
    private NettyHttpServer() {}

    private static final AsciiString SERVER = AsciiString.cached("netty");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached(TechEmpower.TEXT_PLAIN);
    private static final AsciiString APPLICATION_JSON = AsciiString.cached(TechEmpower.APPLICATION_JSON);
    private static final AsciiString PLAINTEXT_LENGTH = AsciiString.cached(
            Integer.toString(TechEmpower.PLAINTEXT_BYTES.length));
    private static final ByteBuf PLAINTEXT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(TechEmpower.PLAINTEXT_BYTES)).asReadOnly();

    private static volatile AsciiString date = new AsciiString(TechEmpower.httpDate());

    /** Arguments: port (0 = any) and transport ({@code nio} or {@code epoll}). */
    public static void main(String[] args) throws Exception {
        int port = TechEmpower.port(args);
        boolean epoll = args.length > 1 && args[1].equals("epoll");
        IoHandlerFactory io;
        Class<? extends ServerChannel> channel;
        if (epoll) {
            if (!Epoll.isAvailable()) throw new IllegalStateException("epoll unavailable", Epoll.unavailabilityCause());
            io = EpollIoHandler.newFactory();
            channel = EpollServerSocketChannel.class;
        } else {
            io = NioIoHandler.newFactory();
            channel = NioServerSocketChannel.class;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, io);
        group.forEach(loop -> ((io.netty.channel.EventLoop) loop).scheduleAtFixedRate(
                () -> date = new AsciiString(TechEmpower.httpDate()), 1, 1, TimeUnit.SECONDS));
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192, false), new Hello());
                    }
                });
        Channel server = b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        TechEmpower.ready(((InetSocketAddress) server.localAddress()).getPort());
        TechEmpower.awaitStdinEndThenExit();
    }

    /** Answers /plaintext and /json, 404 otherwise; flushes once per read batch. */
    static final class Hello extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) {
                    String uri = req.uri();
                    FullHttpResponse res;
                    if (uri.equals(TechEmpower.PLAINTEXT_PATH)) {
                        res = response(PLAINTEXT.duplicate(), TEXT_PLAIN, PLAINTEXT_LENGTH);
                    } else if (uri.equals(TechEmpower.JSON_PATH)) {
                        byte[] json = TechEmpower.jsonBytes();
                        ByteBuf buf = ctx.alloc().ioBuffer(json.length).writeBytes(json);
                        res = response(buf, APPLICATION_JSON, Integer.toString(json.length));
                    } else {
                        res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                                Unpooled.EMPTY_BUFFER, false);
                        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, "0");
                    }
                    ctx.write(res, ctx.voidPromise());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private static FullHttpResponse response(ByteBuf body, CharSequence type, CharSequence length) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body, false);
            HttpHeaders h = res.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, type);
            h.set(HttpHeaderNames.SERVER, SERVER);
            h.set(HttpHeaderNames.DATE, date);
            h.set(HttpHeaderNames.CONTENT_LENGTH, length);
            return res;
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
}
