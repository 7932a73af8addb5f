package dev.herald.testkit;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresProcessTest {

    @Test
    void eachCreatedDatabaseIsEmptyAndSeparate() throws Exception {
        PostgresProcess pg = PostgresProcess.shared();
        String a = pg.createDatabase();
        String b = pg.createDatabase();
        assertThat(a).isNotEqualTo(b);
        try (Connection c = DriverManager.getConnection(a); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x int)");
        }
        try (Connection c = DriverManager.getConnection(b); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aStoppedServerRefusesConnectionsAndComesBackWithItsDataOnTheSamePort() throws Exception {
        PostgresProcess pg = PostgresProcess.create();
        try {
            pg.start();
            String url = pg.createDatabase();
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (x int)");
                st.execute("INSERT INTO kept VALUES (42)");
            }
            pg.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(url).close()).isInstanceOf(java.sql.SQLException.class);
            pg.start();
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT x FROM kept")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            pg.kill();
            pg.start();
            try (Connection c = DriverManager.getConnection(url)) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            pg.destroy();
        }
    }
}
