package dev.weft.service.db.pg;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where and as whom the pipelined client connects: a resolved server address, the database, the user and the
 * password (null when the server needs none). Made from the same JDBC URL the HikariCP pool uses, so
 * {@code --db jdbc:postgresql://...} configures both.
 *
 * @param address the server, resolved when the config is made (start-up), never on a runtime worker
 * @param database the database name
 * @param user the user name
 * @param password the password, or null
 */
public record PgConfig(InetSocketAddress address, String database, String user, @Nullable String password) {
    /** PostgreSQL's default port. */
    public static final int DEFAULT_PORT = 5432;

    /** URL parameters that this client cannot honour; a URL with any of them is refused rather than ignored. */
    private static final Set<String> UNSUPPORTED = Set.of("ssl", "sslmode", "sslcert", "sslkey", "sslrootcert",
            "gssEncMode", "targetServerType", "loadBalanceHosts");

    /** Checks the fields. @throws IllegalArgumentException naming the field when one is missing or empty */
    public PgConfig {
        if (address == null) throw new IllegalArgumentException("address: null (expected: a server address)");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address: " + address + " (expected: a resolved address)");
        }
        if (database == null || database.isEmpty()) {
            throw new IllegalArgumentException("database: '" + database + "' (expected: a database name)");
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("user: '" + user + "' (expected: a user name, from --db-user or"
                    + " user= in the URL)");
        }
    }

    /**
     * The config for a {@code jdbc:postgresql://host[:port]/database[?user=..&password=..]} URL; {@code user} and
     * {@code password}, when not null, win over the URL's parameters (as pgjdbc's {@code getConnection(url, user,
     * password)} does). Resolves the host (blocking: call it at start-up).
     *
     * @throws IllegalArgumentException when the URL is not of that form, names several hosts, asks for TLS
     *         ({@code ssl}, {@code sslmode}...; this client speaks plain TCP), has no user, or its host does not
     *         resolve
     */
    public static PgConfig fromJdbcUrl(String url, @Nullable String user, @Nullable String password) {
        String prefix = "jdbc:postgresql://";
        if (url == null || !url.startsWith(prefix)) {
            throw new IllegalArgumentException("url: " + url + " (expected: jdbc:postgresql://host[:port]/database)");
        }
        String rest = url.substring(prefix.length());
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("url: " + url + " (expected: a database name after the host)");
        }
        String hostPort = rest.substring(0, slash);
        String database = decode(rest.substring(slash + 1));
        if (hostPort.contains(",")) {
            throw new IllegalArgumentException("url: " + url + " (expected: one host; the pipelined client does not"
                    + " fail over between hosts)");
        }
        String host = hostPort.isEmpty() ? "localhost" : hostPort;
        int port = DEFAULT_PORT;
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(']') < colon) {
            port = parsePort(url, host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        String urlUser = null;
        String urlPassword = null;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (UNSUPPORTED.contains(key) && !(key.equals("sslmode") && value.equals("disable"))
                    && !(key.equals("ssl") && value.equals("false"))) {
                throw new IllegalArgumentException("url: parameter " + key + "=" + value
                        + " (expected: none of " + UNSUPPORTED + "; the pipelined client speaks plain TCP to one"
                        + " server; use --pg-client jdbc for TLS)");
            }
            if (key.equals("user")) urlUser = value;
            if (key.equals("password")) urlPassword = value;
        }
        InetAddress resolved;
        try {
            resolved = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("url: host " + host + " does not resolve (" + e.getMessage() + ")", e);
        }
        return new PgConfig(new InetSocketAddress(resolved, port), database, user != null ? user : urlUser,
                password != null ? password : urlPassword);
    }

    private static int parsePort(String url, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("url: " + url + " has port '" + text + "' (expected: 1..65535)");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "PgConfig[" + address + "/" + database + ", user " + user + (password != null ? ", password set" : "")
                + "]";
    }
}
