package dev.weft.service;

import dev.weft.runtime.WeftRuntime;
import dev.weft.service.TestDatabases.Kind;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;

/**
 * A running service on a fresh database of one kind, with a client. The default fixtures (one per kind) are
 * shared by every test class in the JVM and closed at exit; tests that need other flags open their own.
 */
public final class Fixture implements AutoCloseable {
    private static final Map<Kind, Fixture> SHARED = new EnumMap<>(Kind.class);

    final Kind kind;
    final WeftService service;
    final WeftRuntime runtime;
    final Client client;
    final String localKey;
    private final Transport server;

    private Fixture(Kind kind, WeftService service, WeftRuntime runtime, Client client, Transport server) throws Exception {
        this.kind = kind;
        this.service = service;
        this.runtime = runtime;
        this.client = client;
        this.server = server;
        this.localKey = Files.readString(service.config().dataDir().resolve(WeftService.LOCAL_KEY_FILE)).strip();
    }

    /** The shared fixture of {@code kind}. */
    static synchronized Fixture shared(Kind kind) {
        return SHARED.computeIfAbsent(kind, k -> {
            try {
                Fixture f = open(k);
                java.lang.Runtime.getRuntime().addShutdownHook(new Thread(f::closeQuietly));
                return f;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the service on " + k, e);
            }
        });
    }

    /** A new fixture of {@code kind} with {@code extraArgs}. */
    static Fixture open(Kind kind, String... extraArgs) throws Exception {
        Config config = TestDatabases.config(kind, extraArgs);
        WeftService service = WeftService.open(config, new PrintStream(PrintStream.nullOutputStream()));
        WeftRuntime rt = WeftRuntime.builder().multiThread().workerThreads(2).name("svc-test").build();
        service.bindRuntime(rt.handle());
        Transport t = Transport.start(rt, service);
        return new Fixture(kind, service, rt, t.client(), t);
    }

    /** The server (tests of shutdown). */
    Serve serve() {
        return server.serve();
    }

    /** {@code Authorization: Bearer <local key>}. */
    Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + localKey);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception ignored) {
            // JVM exit
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        runtime.close();
        service.close();
    }
}
