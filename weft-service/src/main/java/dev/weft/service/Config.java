package dev.weft.service;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of {@code ./weft serve}, from command-line flags and the environment ({@code WEFT_DB_URL}).
 *
 * <p>Every flag has a default that runs the service locally with no set-up: 127.0.0.1:8080, an embedded SQLite
 * database under {@code ./data/}. A flag given twice keeps the last value (as most CLIs do). Bad values fail
 * with a {@link ConfigException} naming the flag, the value and what was expected; {@link #usage()} is the help.
 *
 * @param host the address to bind ({@code --host})
 * @param port the port to bind, 0 for any free port ({@code --port})
 * @param dbUrl the JDBC URL ({@code --db} or {@code WEFT_DB_URL}); SQLite at {@code ./data/weft.db} by default
 * @param dbUser the database user ({@code --db-user} or {@code WEFT_DB_USER}), null for none or the URL's
 * @param dbPassword the database password ({@code --db-password} or {@code WEFT_DB_PASSWORD}), null for none
 * @param poolSize the JDBC connection pool size, which also bounds concurrent statements ({@code --pool-size})
 * @param accessLog whether to write the structured access log to stdout ({@code --access-log})
 * @param shutdownTimeout how long a graceful shutdown drains in-flight requests ({@code --shutdown-timeout})
 * @param requestTimeout the deadline of each request; past it the request and its statement are cancelled
 *     ({@code --request-timeout})
 * @param rateLimit requests per period each API key may make, sustained ({@code --rate-limit})
 * @param ratePeriod the period of {@code rateLimit} ({@code --rate-period})
 * @param rateBurst requests a key may make at once above the sustained rate ({@code --rate-burst})
 * @param authCacheTtl how long a checked API key stays cached ({@code --auth-cache-ttl})
 * @param maxBodyBytes the largest request body the API reads ({@code --max-body})
 * @param createKey when not null: create an API key with this name, print it, exit ({@code --create-key})
 * @param revokeKey when not null: revoke the API key with this name, exit ({@code --revoke-key})
 * @param dataDir where the embedded SQLite database lives
 * @param pgPipelined on PostgreSQL, whether the TechEmpower endpoints use the pipelining client
 *     ({@code --pg-client pipelined}, the default) or JDBC ({@code --pg-client jdbc}); see ADR 0019
 */
public record Config(String host, int port, String dbUrl, String dbUser, String dbPassword, int poolSize,
        boolean accessLog, Duration shutdownTimeout, Duration requestTimeout, int rateLimit, Duration ratePeriod,
        int rateBurst, Duration authCacheTtl, long maxBodyBytes, String createKey, String revokeKey, Path dataDir,
        boolean pgPipelined) {

    /** Thrown for an unknown flag or a bad value; the message is meant for the user. */
    public static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help", null, false, false);
        }
    }

    /** Validates the record. */
    public Config {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dbUrl, "dbUrl");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(ratePeriod, "ratePeriod");
        Objects.requireNonNull(authCacheTtl, "authCacheTtl");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) throw new ConfigException("--port: " + port + " (expected: 0..65535)");
        if (poolSize < 1 || poolSize > 1024) {
            throw new ConfigException("--pool-size: " + poolSize + " (expected: 1..1024)");
        }
        if (rateLimit < 1) throw new ConfigException("--rate-limit: " + rateLimit + " (expected: >= 1)");
        if (rateBurst < 1) throw new ConfigException("--rate-burst: " + rateBurst + " (expected: >= 1)");
        positive("--rate-period", ratePeriod);
        positive("--request-timeout", requestTimeout);
        if (shutdownTimeout.isNegative()) {
            throw new ConfigException("--shutdown-timeout: " + shutdownTimeout + " (expected: >= 0)");
        }
        if (authCacheTtl.isNegative()) {
            throw new ConfigException("--auth-cache-ttl: " + authCacheTtl + " (expected: >= 0)");
        }
        if (maxBodyBytes < 1) throw new ConfigException("--max-body: " + maxBodyBytes + " (expected: >= 1)");
        if (createKey != null && revokeKey != null) {
            throw new ConfigException("--create-key and --revoke-key: both given (expected: one of them)");
        }
    }

    private static void positive(String flag, Duration d) {
        if (d.isNegative() || d.isZero()) throw new ConfigException(flag + ": " + d + " (expected: > 0)");
    }

    private static final java.util.Set<String> VALUE_FLAGS = java.util.Set.of("--host", "--port", "--db", "--db-user",
            "--db-password", "--data-dir", "--pool-size", "--shutdown-timeout", "--request-timeout", "--rate-limit",
            "--rate-period", "--rate-burst", "--auth-cache-ttl", "--max-body", "--create-key", "--revoke-key",
            "--pg-client");

    /** The defaults: 127.0.0.1:8080, SQLite under {@code ./data/}. */
    public static Config defaults() {
        return parse(new String[0], Map.of());
    }

    /** The SQLite URL for the database under {@code dataDir}. */
    public static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("weft.db");
    }

    /** Whether the configured database is the embedded SQLite one. */
    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }

    /** A copy with another port (tests bind port 0). */
    public Config withPort(int newPort) {
        return new Config(host, newPort, dbUrl, dbUser, dbPassword, poolSize, accessLog, shutdownTimeout,
                requestTimeout, rateLimit, ratePeriod, rateBurst, authCacheTtl, maxBodyBytes, createKey, revokeKey,
                dataDir, pgPipelined);
    }

    /**
     * Parses {@code args} ({@code --flag value} or {@code --flag=value}) over the defaults and {@code env}.
     *
     * @throws ConfigException for an unknown flag, a missing or bad value
     * @throws HelpRequested for {@code --help} or {@code -h}
     */
    public static Config parse(String[] args, Map<String, String> env) {
        String host = "127.0.0.1";
        int port = 8080;
        Path dataDir = Path.of(env.getOrDefault("WEFT_DATA_DIR", "data"));
        String dbUrl = env.get("WEFT_DB_URL");
        String dbUser = env.get("WEFT_DB_USER");
        String dbPassword = env.get("WEFT_DB_PASSWORD");
        int poolSize = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        boolean accessLog = false;
        Duration shutdownTimeout = Duration.ofSeconds(10);
        Duration requestTimeout = Duration.ofSeconds(5);
        int rateLimit = 100;
        Duration ratePeriod = Duration.ofSeconds(1);
        int rateBurst = 100;
        Duration authCacheTtl = Duration.ofSeconds(5);
        long maxBody = 64 * 1024;
        String createKey = null;
        String revokeKey = null;
        boolean pgPipelined = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String flag = a;
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                flag = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            if (flag.equals("--help") || flag.equals("-h")) throw new HelpRequested();
            if (flag.equals("--access-log")) {
                accessLog = inline == null || Boolean.parseBoolean(inline);
                continue;
            }
            if (!VALUE_FLAGS.contains(flag)) {
                throw new ConfigException(a + ": unknown flag (expected one of the flags in --help)");
            }
            String v;
            if (inline != null) {
                v = inline;
            } else {
                if (i + 1 >= args.length) throw new ConfigException(flag + ": missing value (expected: " + flag + " VALUE)");
                v = args[++i];
            }
            switch (flag) {
                case "--host" -> host = v;
                case "--port" -> port = integer(flag, v);
                case "--db" -> dbUrl = v;
                case "--db-user" -> dbUser = v;
                case "--db-password" -> dbPassword = v;
                case "--data-dir" -> dataDir = Path.of(v);
                case "--pool-size" -> poolSize = integer(flag, v);
                case "--shutdown-timeout" -> shutdownTimeout = duration(flag, v);
                case "--request-timeout" -> requestTimeout = duration(flag, v);
                case "--rate-limit" -> rateLimit = integer(flag, v);
                case "--rate-period" -> ratePeriod = duration(flag, v);
                case "--rate-burst" -> rateBurst = integer(flag, v);
                case "--auth-cache-ttl" -> authCacheTtl = duration(flag, v);
                case "--max-body" -> maxBody = integer(flag, v);
                case "--create-key" -> createKey = name(flag, v);
                case "--revoke-key" -> revokeKey = name(flag, v);
                case "--pg-client" -> pgPipelined = switch (v.strip()) {
                    case "pipelined" -> true;
                    case "jdbc" -> false;
                    default -> throw new ConfigException(flag + ": " + v + " (expected: pipelined or jdbc)");
                };
                default -> throw new ConfigException(a + ": unknown flag (expected one of the flags in --help)");
            }
        }
        if (dbUrl == null || dbUrl.isBlank()) dbUrl = sqliteUrl(dataDir);
        if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("--db: " + dbUrl + " (expected: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
        }
        return new Config(host, port, dbUrl, dbUser, dbPassword, poolSize, accessLog, shutdownTimeout,
                requestTimeout, rateLimit, ratePeriod, rateBurst, authCacheTtl, maxBody, createKey, revokeKey, dataDir,
                pgPipelined);
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + ": " + v + " (expected: an integer)");
        }
    }

    private static String name(String flag, String v) {
        if (!v.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new ConfigException(flag + ": \"" + v + "\" (expected: 1..64 of A-Z a-z 0-9 . _ @ -)");
        }
        return v;
    }

    /** {@code 250ms}, {@code 10s}, {@code 2m}, a bare number of seconds, or an ISO-8601 duration. */
    static Duration duration(String flag, String v) {
        String s = v.strip();
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            if (s.endsWith("m")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
            if (s.startsWith("P") || s.startsWith("p")) return Duration.parse(s);
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigException(flag + ": " + v + " (expected: a duration such as 250ms, 10s, 2m)");
        }
    }

    /** The help text of {@code ./weft serve}. */
    public static String usage() {
        return """
                usage: ./weft serve [flags]
                  --host ADDR              address to bind (default 127.0.0.1)
                  --port N                 port to bind (default 8080; 0 picks a free one)
                  --db URL                 JDBC URL (default jdbc:sqlite:data/weft.db; env WEFT_DB_URL),
                                           e.g. jdbc:postgresql://localhost/weft
                  --db-user U, --db-password P   credentials (env WEFT_DB_USER, WEFT_DB_PASSWORD)
                  --pool-size N            JDBC connections, and so concurrent statements (default 2 x cores, >= 4);
                                           on PostgreSQL also the pipelined client's connections
                  --pg-client C            PostgreSQL client of the TechEmpower endpoints: pipelined (default;
                                           queries of many requests share each connection) or jdbc
                  --request-timeout D      per-request deadline; cancels the request and its statement (default 5s)
                  --rate-limit N           API requests per key per --rate-period, sustained (default 100)
                  --rate-period D          (default 1s)
                  --rate-burst N           requests a key may make at once (default 100)
                  --auth-cache-ttl D       how long a checked key stays cached (default 5s)
                  --max-body BYTES         largest request body accepted (default 65536)
                  --access-log             write a JSON access log line per request to stdout
                  --shutdown-timeout D     drain time on SIGTERM / ctrl-c (default 10s)
                  --create-key NAME        create an API key, print it once, exit
                  --revoke-key NAME        revoke the API keys named NAME, exit
                """;
    }
}
