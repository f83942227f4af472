package dev.weft.bench.http.servers;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;

/**
 * The {@code helidon} server of H1-H3: Helidon SE 4.5 WebServer (every request on a virtual thread; the
 * virtual-thread scheduler runs on 2 carriers by the harness's JVM flags), written as Helidon's own TechEmpower
 * entry is: cached {@link Header} values set on the response and {@code send(byte[])}, with TCP_NODELAY on
 * (needed for pipelining, see shared/WORKLOADS.md) and media/encoding service discovery off. Helidon adds
 * {@code Date} and {@code Content-Length}.
 */
public final class HelidonHttpServer {
    private HelidonHttpServer() {}

    private static final Header SERVER = HeaderValues.createCached(HeaderNames.SERVER, "helidon");
    private static final Header TEXT_PLAIN = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, TechEmpower.TEXT_PLAIN);
    private static final Header APPLICATION_JSON =
            HeaderValues.createCached(HeaderNames.CONTENT_TYPE, TechEmpower.APPLICATION_JSON);
    private static final Header PLAINTEXT_LENGTH = HeaderValues.createCached(HeaderNames.CONTENT_LENGTH,
            TechEmpower.PLAINTEXT_BYTES.length);

    /** Argument: the port (0 = any). Prints {@code READY <port>}; exits when standard input ends. */
    public static void main(String[] args) {
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(TechEmpower.port(args))
                .backlog(8192)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .contentEncoding(c -> c.contentEncodingsDiscoverServices(false))
                .mediaContext(m -> m.mediaSupportsDiscoverServices(false))
                .routing(r -> r
                        .get(TechEmpower.PLAINTEXT_PATH, (req, res) -> {
                            res.header(PLAINTEXT_LENGTH);
                            res.header(TEXT_PLAIN);
                            res.header(SERVER);
                            res.send(TechEmpower.PLAINTEXT_BYTES);
                        })
                        .get(TechEmpower.JSON_PATH, (req, res) -> {
                            byte[] json = TechEmpower.jsonBytes();
                            res.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, json.length));
                            res.header(APPLICATION_JSON);
                            res.header(SERVER);
                            res.send(json);
                        }))
                .build()
                .start();
        TechEmpower.ready(server.port());
        TechEmpower.awaitStdinEndThenExit();
    }
}
