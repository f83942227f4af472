package dev.weft.bench.http.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.bench.http.servers.TechEmpower;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code helidon-jdbc} server of H4/H5: Helidon SE 4.5 WebServer (every request on a virtual thread; 2
 * carriers by the harness's JVM flags) with blocking JDBC (pgjdbc) over a HikariCP pool of
 * {@link DbRows#POOL_SIZE}: the way Helidon's docs and its TechEmpower entry (helidon-nima, JDBC) use a database
 * from SE 4. Cached headers, TCP_NODELAY, media/encoding discovery off, as the H1-H3 Helidon server.
 * Arguments: the port, the JDBC URL, user, password.
 */
public final class HelidonJdbcServer {
    private HelidonJdbcServer() {}

    private static final Header SERVER = HeaderValues.createCached(HeaderNames.SERVER, "helidon");
    private static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, TechEmpower.APPLICATION_JSON);
    private static final Header HTML = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, DbPages.HTML_UTF8);

    public static void main(String[] args) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(args[1]);
        hc.setUsername(args[2]);
        hc.setPassword(args[3]);
        hc.setMaximumPoolSize(DbRows.POOL_SIZE);
        hc.setMinimumIdle(DbRows.POOL_SIZE);
        hc.addDataSourceProperty("prepareThreshold", "1"); // server-side prepared statements at once
        HikariDataSource ds = new HikariDataSource(hc);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .backlog(8192)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .contentEncoding(c -> c.contentEncodingsDiscoverServices(false))
                .mediaContext(m -> m.mediaSupportsDiscoverServices(false))
                .routing(r -> r
                        .get("/db", (req, res) -> {
                            DbPages.World w;
                            try (Connection c = ds.getConnection();
                                    PreparedStatement ps = c.prepareStatement(
                                            "SELECT id, randomnumber FROM world WHERE id = ?")) {
                                ps.setInt(1, DbPages.randomId());
                                try (ResultSet rs = ps.executeQuery()) {
                                    rs.next();
                                    w = new DbPages.World(rs.getInt(1), rs.getInt(2));
                                }
                            }
                            byte[] body = DbPages.json(w);
                            res.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, body.length));
                            res.header(JSON);
                            res.header(SERVER);
                            res.send(body);
                        })
                        .get("/fortunes", (req, res) -> {
                            List<DbPages.Fortune> rows = new ArrayList<>(16);
                            try (Connection c = ds.getConnection();
                                    PreparedStatement ps = c.prepareStatement("SELECT id, message FROM fortune");
                                    ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) rows.add(new DbPages.Fortune(rs.getInt(1), rs.getString(2)));
                            }
                            byte[] body = DbPages.fortunesPage(rows).getBytes(StandardCharsets.UTF_8);
                            res.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, body.length));
                            res.header(HTML);
                            res.header(SERVER);
                            res.send(body);
                        }))
                .build()
                .start();
        TechEmpower.ready(server.port());
        TechEmpower.awaitStdinEndThenExit();
    }
}
