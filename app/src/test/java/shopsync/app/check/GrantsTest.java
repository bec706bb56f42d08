package shopsync.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SHOW GRANTS as MariaDB and MySQL print it, read into what the capture and the write-back may do. */
class GrantsTest {

    @Test
    void mariaDb1011PrintsReplicationClientAsBinlogMonitor() {
        // As measured on MariaDB 10.11 (cdc-kafka.md §1.5) for the test kit's CDC user.
        Grants g = Grants.parse(List.of(
                "GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `shopsync_cdc`@`%` "
                        + "IDENTIFIED BY PASSWORD '*0123456789ABCDEF'",
                "GRANT INSERT, UPDATE ON `shop`.* TO `shopsync_cdc`@`%`"));
        assertThat(g.global("REPLICATION CLIENT")).as("the old name asks for the new one").isTrue();
        assertThat(g.global("REPLICATION SLAVE")).isTrue();
        assertThat(g.on("UPDATE", "shop", "modx_ms2_orders")).isTrue();
        assertThat(g.on("UPDATE", "other", "modx_ms2_orders")).as("a grant on one database is not one on another").isFalse();
        assertThat(g.global("UPDATE")).isFalse();
        assertThat(g.viaRoles()).isFalse();
    }

    @Test
    void tableColumnAndWildcardGrantsCount() {
        Grants g = Grants.parse(List.of(
                "GRANT USAGE ON *.* TO `writer`@`10.0.%`",
                "GRANT SELECT, UPDATE (`status`, `updatedon`) ON `shop`.`modx_ms2_orders` TO `writer`@`10.0.%`",
                "GRANT INSERT ON `shop\\_db`.* TO `writer`@`10.0.%`",
                "GRANT ALL PRIVILEGES ON `stage%`.* TO `writer`@`10.0.%`"));
        assertThat(g.on("UPDATE", "shop", "modx_ms2_orders")).as("a column grant lets the status be set").isTrue();
        assertThat(g.on("UPDATE", "shop", "modx_ms2_order_logs")).isFalse();
        assertThat(g.on("INSERT", "shop_db", "modx_ms2_order_logs")).isTrue();
        assertThat(g.on("INSERT", "shopXdb", "modx_ms2_order_logs")).as("an escaped _ is a plain underscore").isFalse();
        assertThat(g.on("DELETE", "stage_shop", "anything")).as("ALL on a database pattern").isTrue();
        assertThat(g.global("SELECT")).isFalse();
    }

    @Test
    void rolesAreNoticedNotRead() {
        Grants g = Grants.parse(List.of("GRANT `cdc_role` TO `shopsync`@`%`", "GRANT USAGE ON *.* TO `shopsync`@`%`"));
        assertThat(g.viaRoles()).isTrue();
        assertThat(g.global("REPLICATION SLAVE")).isFalse();
    }
}
