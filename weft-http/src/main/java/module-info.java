/**
 * Weft's HTTP layer: HTTP/1.1 server and client, Tower-style services and middleware, a router and TLS over the
 * JDK's {@code SSLEngine}. It depends on weft-core and weft-stream alone (no third-party library), as hyper and
 * tower depend on Tokio alone.
 */
module dev.weft.http {
    requires transitive dev.weft.core;
    requires transitive dev.weft.stream;
    // compile-only annotations (JSpecify nullness, Error Prone's @CheckReturnValue), as in weft-core
    requires static org.jspecify;
    requires static com.google.errorprone.annotations;

    exports dev.weft.http;
    exports dev.weft.http.service;
    exports dev.weft.http.router;
    exports dev.weft.http.layer;
    exports dev.weft.http.server;
    exports dev.weft.http.tls;
    exports dev.weft.http.client;
}
