package dev.weft.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./weft load URL [--rate R] [--connections C] [--duration D] [--timeout T] [--header 'Name: value' ...]
 * [--out FILE.html]}: runs {@link LoadGenerator} and prints {@link LoadResult#summary()}. Exit code 0 when every
 * request got a 2xx response, 1 when any failed, 2 on bad arguments.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Parsed p;
        try {
            p = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("weft load: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (p == null) {
            out.println(USAGE);
            return 0;
        }
        err.printf(Locale.ROOT, "weft load: %d requests to %s at %.1f req/s over %d connections%n",
                p.config.requestCount(), p.config.url(), p.config.rate(), p.config.connections());
        LoadResult r = LoadGenerator.run(p.config);
        out.print(r.summary());
        if (p.out != null) {
            try {
                Files.writeString(p.out, HtmlReport.render(r), StandardCharsets.UTF_8);
                out.println("chart    " + p.out.toAbsolutePath());
            } catch (IOException e) {
                err.println("weft load: cannot write " + p.out + ": " + e.getMessage());
                return 1;
            }
        }
        return r.errors() == 0 ? 0 : 1;
    }

    record Parsed(LoadConfig config, Path out) {}

    /** The parsed command line, or null for {@code --help}. */
    static Parsed parse(String[] args) {
        String url = null;
        double rate = LoadConfig.DEFAULT_RATE;
        int connections = LoadConfig.DEFAULT_CONNECTIONS;
        Duration duration = LoadConfig.DEFAULT_DURATION;
        Duration timeout = LoadConfig.DEFAULT_TIMEOUT;
        List<String[]> headers = new ArrayList<>();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) return null;
            if (!a.startsWith("--")) {
                if (url != null) throw new IllegalArgumentException("URL: " + a + " (expected: one URL, got " + url + " already)");
                url = a;
                continue;
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(a + ": missing value");
            String v = args[++i];
            switch (a) {
                case "--rate" -> rate = number(a, v);
                case "--connections" -> connections = (int) integer(a, v);
                case "--duration" -> duration = duration(a, v);
                case "--timeout" -> timeout = duration(a, v);
                case "--header" -> {
                    int colon = v.indexOf(':');
                    if (colon <= 0) throw new IllegalArgumentException("--header: " + v + " (expected: 'Name: value')");
                    headers.add(new String[] {v.substring(0, colon).trim(), v.substring(colon + 1).trim()});
                }
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown flag: " + a);
            }
        }
        if (url == null) throw new IllegalArgumentException("URL: missing (expected: http://host:port/path)");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URL: " + url + " (expected: an absolute http:// or https:// URL)");
        }
        return new Parsed(new LoadConfig(uri, rate, connections, duration, timeout, headers), out);
    }

    private static double number(String flag, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": " + v + " (expected: a number)");
        }
    }

    private static long integer(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": " + v + " (expected: an integer)");
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, or an ISO-8601 duration ({@code PT10S}). */
    static Duration duration(String flag, String v) {
        try {
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            if (v.endsWith("m")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            return Duration.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + ": " + v + " (expected: a duration such as 10s, 500ms, 2m)");
        }
    }

    static final String USAGE = """
            usage: ./weft load URL [--rate R] [--connections C] [--duration D] [--timeout T]
                                   [--header 'Name: value' ...] [--out FILE.html]
              constant-rate (open-model) GET load: round(R x D) requests, request i due at i/R seconds, on
              connection i mod C; latency from the due time (coordinated-omission corrected, as wrk2)
              --rate R          requests per second (default 1000)
              --connections C   keep-alive connections (default 16)
              --duration D      10s, 500ms, 2m (default 10s)
              --timeout T       per request, send to end of body (default 2s)
              --header H        extra request header, repeatable
              --out FILE.html   write a self-contained latency-by-percentile chart""";
}
