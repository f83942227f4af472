package dev.weft.bench.jmh;

import dev.weft.http.internal.codec.HeadParser;
import dev.weft.http.internal.codec.ParseLimits;
import dev.weft.http.internal.codec.RequestHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The server's request-head parser on H1's input: wrk's TechEmpower plaintext request (request line, Host, the
 * long Accept, Connection; 164 bytes) sixteen times in one buffer, as one pipelined read delivers them, reported per
 * head. A second case parses a browser-shaped head (eleven fields, 520 bytes) to show how the cost grows with the
 * field section.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class HeadParserBenchmark {
    static final int PIPELINED = 16;

    static final String TECHEMPOWER = "GET /plaintext HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n";

    static final String BROWSER = "GET /api/v1/users/12345/orders?page=2&size=50 HTTP/1.1\r\n"
            + "Host: shop.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n"
            + "Accept: application/json, text/plain, */*\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Referer: https://shop.example.com/orders\r\n"
            + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl\r\n"
            + "Cookie: session=8f14e45fceea167a5a36dedd4bea2543; theme=dark\r\n"
            + "Connection: keep-alive\r\n"
            + "Sec-Fetch-Mode: cors\r\n"
            + "Priority: u=4\r\n"
            + "\r\n";

    final HeadParser parser = new HeadParser(ParseLimits.DEFAULT);
    final ByteBuffer pipelined = ByteBuffer.wrap(TECHEMPOWER.repeat(PIPELINED).getBytes(StandardCharsets.ISO_8859_1));
    final ByteBuffer browser = ByteBuffer.wrap(BROWSER.getBytes(StandardCharsets.ISO_8859_1));

    /** Sixteen pipelined TechEmpower heads from one buffer; per head. */
    @Benchmark
    @OperationsPerInvocation(PIPELINED)
    public void techEmpowerPipelined(Blackhole bh) {
        ByteBuffer b = pipelined.clear();
        for (int i = 0; i < PIPELINED; i++) {
            RequestHead h = parser.parseRequest(b);
            bh.consume(h);
        }
        if (b.hasRemaining()) throw new AssertionError("not every head was parsed: " + b);
    }

    /** One browser-shaped head of eleven fields. */
    @Benchmark
    public RequestHead browserHead() {
        RequestHead h = parser.parseRequest(browser.clear());
        if (h == null) throw new AssertionError("the head did not parse");
        return h;
    }
}
