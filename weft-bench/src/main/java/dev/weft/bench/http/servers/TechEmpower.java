package dev.weft.bench.http.servers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What every H1-H3 server answers, per the TechEmpower Framework Benchmarks requirements: {@code GET /plaintext}
 * gives {@value #PLAINTEXT} as {@code text/plain}, {@code GET /json} gives {@code {"message":"Hello, World!"}} as
 * {@code application/json}, serialized per request with Jackson from a new {@link Message} object; every response
 * carries {@code Server}, {@code Date}, {@code Content-Type} and {@code Content-Length}.
 *
 * <p>The server mains share the start-up protocol: argument 0 is the port (0 = any free port); once listening
 * the server prints {@code READY <port>} on standard output; it exits when its standard input ends (the harness
 * closes it, or kills the process).
 */
public final class TechEmpower {
    private TechEmpower() {}

    /** The plaintext body. */
    public static final String PLAINTEXT = "Hello, World!";
    /** The plaintext body's bytes (shared; never written to). */
    public static final byte[] PLAINTEXT_BYTES = PLAINTEXT.getBytes(StandardCharsets.US_ASCII);
    /** The JSON body every correct server produces. */
    public static final String JSON = "{\"message\":\"Hello, World!\"}";
    /** The paths. */
    public static final String PLAINTEXT_PATH = "/plaintext", JSON_PATH = "/json";
    /** Content types. */
    public static final String TEXT_PLAIN = "text/plain", APPLICATION_JSON = "application/json";

    /** One shared mapper, as Jackson recommends (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** The JSON payload, a new instance per request. */
    public record Message(String message) {}

    /** A new message for one request. */
    public static Message newMessage() {
        return new Message(PLAINTEXT);
    }

    /** Serializes a new {@link Message} with Jackson (per request, as TechEmpower requires). */
    public static byte[] jsonBytes() {
        try {
            return MAPPER.writeValueAsBytes(newMessage());
        } catch (IOException e) {
            throw new IllegalStateException("Jackson failed on a constant record", e);
        }
    }

    /** The port argument: {@code args[0]}, or 0 (any free port). */
    public static int port(String[] args) {
        return args.length > 0 ? Integer.parseInt(args[0]) : 0;
    }

    /** Announces readiness to the harness. */
    public static void ready(int port) {
        System.out.println("READY " + port);
        System.out.flush();
    }

    /** Blocks until standard input ends (the harness's stop signal), then exits the JVM. */
    public static void awaitStdinEndThenExit() {
        InputStream in = System.in;
        byte[] buf = new byte[64];
        try {
            while (in.read(buf) >= 0) {
                // ignore input; EOF is the signal
            }
        } catch (IOException e) {
            // treat as EOF
        }
        System.exit(0);
    }

    /** An RFC 1123 date for the {@code Date} header of servers that do not add one themselves. */
    public static String httpDate() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
