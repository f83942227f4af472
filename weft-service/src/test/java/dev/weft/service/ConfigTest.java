package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void parse_noFlags_localDefaultsOnSqliteUnderData() {
        Config c = Config.parse(new String[0], Map.of());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dbUrl()).isEqualTo("jdbc:sqlite:data/weft.db");
        assertThat(c.isSqlite()).isTrue();
        assertThat(c.accessLog()).isFalse();
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void parse_flagsAndEnvironment_flagsWinAndEnvironmentFillsIn() {
        Config c = Config.parse(new String[] {"--port=9000", "--host", "0.0.0.0", "--pool-size", "12", "--access-log",
            "--shutdown-timeout", "250ms", "--rate-limit", "5", "--rate-period", "2m", "--rate-burst", "7"},
                Map.of("WEFT_DB_URL", "jdbc:postgresql://db/weft", "WEFT_DB_USER", "weft"));
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.poolSize()).isEqualTo(12);
        assertThat(c.accessLog()).isTrue();
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.ratePeriod()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.rateBurst()).isEqualTo(7);
        assertThat(c.dbUrl()).isEqualTo("jdbc:postgresql://db/weft");
        assertThat(c.dbUser()).isEqualTo("weft");
        assertThat(Config.parse(new String[] {"--db", "jdbc:sqlite:/tmp/x.db"}, Map.of("WEFT_DB_URL", "jdbc:postgresql://db/weft"))
                .dbUrl()).isEqualTo("jdbc:sqlite:/tmp/x.db");
    }

    @Test
    void parse_badValues_failWithFlagValueAndExpectation() {
        assertThatThrownBy(() -> Config.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessage("--port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> Config.parse(new String[] {"--pool-size", "zero"}, Map.of()))
                .hasMessage("--pool-size: zero (expected: an integer)");
        assertThatThrownBy(() -> Config.parse(new String[] {"--shutdown-timeout", "soon"}, Map.of()))
                .hasMessageStartingWith("--shutdown-timeout: soon (expected: a duration");
        assertThatThrownBy(() -> Config.parse(new String[] {"--db", "jdbc:mysql://x/y"}, Map.of()))
                .hasMessageStartingWith("--db: jdbc:mysql://x/y (expected:");
        assertThatThrownBy(() -> Config.parse(new String[] {"--frobnicate"}, Map.of()))
                .hasMessageContaining("unknown flag");
        assertThatThrownBy(() -> Config.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("missing value");
        assertThatThrownBy(() -> Config.parse(new String[] {"--create-key", "bad name!"}, Map.of()))
                .hasMessageStartingWith("--create-key: \"bad name!\"");
        assertThatThrownBy(() -> Config.parse(new String[] {"--help"}, Map.of())).isInstanceOf(Config.HelpRequested.class);
    }
}
