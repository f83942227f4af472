package dev.weft.service.db.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JDBC URL the pool uses, read by the pipelined client: what it takes and what it refuses. */
class PgConfigTest {

    @Test
    void fromJdbcUrl_hostPortDatabaseUserPassword() {
        PgConfig c = PgConfig.fromJdbcUrl("jdbc:postgresql://127.0.0.1:6543/hello%20world?user=app&password=p%26w",
                null, null);
        assertThat(c.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(c.address().getPort()).isEqualTo(6543);
        assertThat(c.database()).isEqualTo("hello world");
        assertThat(c.user()).isEqualTo("app");
        assertThat(c.password()).isEqualTo("p&w");
        assertThat(c.toString()).doesNotContain("p&w").contains("password set");
    }

    @Test
    void fromJdbcUrl_explicitCredentialsWin_defaultPortIs5432_ipv6Brackets() {
        PgConfig c = PgConfig.fromJdbcUrl("jdbc:postgresql://[::1]/db?user=fromUrl&sslmode=disable", "flag", "pw");
        assertThat(c.address().getPort()).isEqualTo(PgConfig.DEFAULT_PORT);
        assertThat(c.address().getAddress().getHostAddress()).isIn("0:0:0:0:0:0:0:1", "::1");
        assertThat(c.user()).isEqualTo("flag");
        assertThat(c.password()).isEqualTo("pw");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:sqlite:data/weft.db?user=x|expected: jdbc:postgresql://host[:port]/database",
        "jdbc:postgresql://127.0.0.1:5432/?user=x|expected: a database name",
        "jdbc:postgresql://127.0.0.1:5432?user=x|expected: a database name",
        "jdbc:postgresql://a,b/db?user=x|expected: one host",
        "jdbc:postgresql://127.0.0.1:99999/db?user=x|has port '99999' (expected: 1..65535)",
        "jdbc:postgresql://127.0.0.1/db?user=x&sslmode=require|parameter sslmode=require",
        "jdbc:postgresql://127.0.0.1/db|user: 'null' (expected: a user name",
        "jdbc:postgresql://no-such-host.invalid/db?user=x|does not resolve"})
    void fromJdbcUrl_refusesWhatItCannotHonour(String url, String message) {
        assertThatThrownBy(() -> PgConfig.fromJdbcUrl(url, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
