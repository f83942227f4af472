package dev.weft.bench.http;

import dev.weft.bench.CargoBuild;
import dev.weft.bench.http.servers.HelidonHttpServer;
import dev.weft.bench.http.servers.JdkHttpServer;
import dev.weft.bench.http.servers.NettyHttpServer;
import dev.weft.bench.http.servers.VertxHttpServer;
import dev.weft.bench.http.servers.WeftAsyncServer;
import dev.weft.bench.http.servers.WeftPollServer;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP server implementations of H1-H3: the impl column's name, the server's main class (or, for the native
 * {@link #HYPER} peer, none) and its arguments.
 */
public enum HttpImpl {
    /** Weft, poll-based services. */
    WEFT_POLL("weft-poll", WeftPollServer.class, "poll-based Service routes (Router.routeService), 2 Weft workers"),
    /** Weft, poll-based services, on the FFM epoll I/O driver (opt-in, ADR 0014). */
    WEFT_POLL_EPOLL("weft-poll-epoll", WeftPollServer.class,
            "poll-based Service routes (Router.routeService), 2 Weft workers, FFM epoll I/O driver", "epoll"),
    /** Weft, async-block handlers. */
    WEFT_ASYNC("weft-async", WeftAsyncServer.class,
            "async-block Handler routes (a virtual thread per request), 2 Weft workers + 2 VT carriers"),
    /** Netty 4.2, NIO transport. */
    NETTY("netty", NettyHttpServer.class, "Netty 4.2 NIO, 2 event loops", "nio"),
    /** Netty 4.2, native epoll transport. */
    NETTY_EPOLL("netty-epoll", NettyHttpServer.class, "Netty 4.2 native epoll, 2 event loops", "epoll"),
    /** Vert.x 5. */
    VERTX("vertx", VertxHttpServer.class, "Vert.x 5.0.7, 2 event loops x 1 verticle, native transport preferred"),
    /** Helidon SE 4.5 WebServer on virtual threads. */
    HELIDON("helidon", HelidonHttpServer.class, "Helidon SE 4.5.0 WebServer, virtual threads on 2 carriers"),
    /** com.sun.net.httpserver on a virtual-thread-per-task executor. */
    JDK_HTTPSERVER("jdk-httpserver", JdkHttpServer.class,
            "com.sun.net.httpserver, virtual-thread-per-task executor on 2 carriers"),
    /**
     * hyper 0.14 on Tokio, the anchor: a native binary built from Debian's crates (resources
     * {@code hyper-peer/}).
     */
    HYPER("hyper", new CargoBuild("hyper-peer", HttpImpl.class, List.of("hyper-0.14", "tokio-1.", "serde_json-1."),
            List.of("librust-hyper-dev", "librust-tokio-dev", "librust-serde-json-dev")),
            "hyper 0.14.19 on a Tokio 1.24 multi-thread runtime with 2 workers, http1_pipeline_flush"
                    + " (Debian's crates, cargo --release)");

    private final String impl;
    private final Class<?> mainClass; // null for a native peer
    private final CargoBuild nativeBuild; // null for a JVM server
    private final String description;
    private final List<String> args;

    HttpImpl(String impl, Class<?> mainClass, String description, String... args) {
        this.impl = impl;
        this.mainClass = mainClass;
        this.nativeBuild = null;
        this.description = description;
        this.args = List.of(args);
    }

    HttpImpl(String impl, CargoBuild nativeBuild, String description) {
        this.impl = impl;
        this.mainClass = null;
        this.nativeBuild = nativeBuild;
        this.description = description;
        this.args = List.of();
    }

    /** The impl column's name. */
    public String impl() {
        return impl;
    }

    /**
     * The server's main class (takes the port, prints {@code READY <port>}).
     *
     * @throws IllegalStateException for a native peer, which has none
     */
    public Class<?> mainClass() {
        if (mainClass == null) throw new IllegalStateException(impl + " is a native peer: it has no main class");
        return mainClass;
    }

    /** The cargo build of a native (non-JVM) peer's binary; empty for a JVM server. */
    public Optional<CargoBuild> nativeBuild() {
        return Optional.ofNullable(nativeBuild);
    }

    /** What the server is, for the notes. */
    public String description() {
        return description;
    }

    /** Arguments after the port. */
    public List<String> args() {
        return args;
    }
}
