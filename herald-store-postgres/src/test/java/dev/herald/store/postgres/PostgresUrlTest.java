package dev.herald.store.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresUrlTest {

    @Test
    void aLibpqUriBecomesAJdbcUrlWithTheCredentialsKeptApart() {
        PostgresUrl u = PostgresUrl.parse("postgresql://herald:s%40cret@db.internal:5433/events?sslmode=require");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/events?sslmode=require");
        assertThat(u.user()).isEqualTo("herald");
        assertThat(u.password()).isEqualTo("s@cret");
        assertThat(u.toString()).doesNotContain("cret");
        assertThat(PostgresUrl.parse("postgres://h@localhost/db").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/db");
    }

    @Test
    void aJdbcUrlLosesItsUserAndPasswordParametersButKeepsTheOthers() {
        PostgresUrl u = PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/herald?user=app&password=p%26w&connectTimeout=3");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/herald?connectTimeout=3");
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("p&w");
    }

    @Test
    void anythingElseIsRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://u:topsecret@h/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://u:topsecret@/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("topsecret");
    }
}
