package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.kafka.KafkaContainer;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/** The spine's story against Kafka in Docker (Testcontainers): run with {@code mvn -Pdocker verify} where Docker exists. */
class DockerKafkaEndToEndTest {
    @Test
    void aMiniShop2OrderReachesRetailCrmThroughKafkaInDocker(@TempDir Path home) throws Exception {
        try (KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
             PrivateMariaDb db = PrivateMariaDb.start();
             RetailCrmEmulator crm = RetailCrmEmulator.start("docker-key");
             ShopFixture shop = ShopFixture.connect(db)) {
            kafka.start();
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
            long buyer = shop.newCustomer(new ShopFixture.Customer("k@example.com", "Ким", "+79000000088"));
            try (ShopsyncRuntime ignored = ShopsyncRuntime.start(ShopsyncConfig.of(Map.ofEntries(
                    Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                    Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                    Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD), Map.entry("ops.port", 0),
                    Map.entry("kafka.bootstrap-servers", kafka.getBootstrapServers()),
                    Map.entry("processor.state-dir", home.resolve("streams").toString()),
                    Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", "docker-key"), Map.entry("retailcrm.site", "shop"),
                    Map.entry("retailcrm.history.enabled", false),
                    Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid")),
                    Map.entry("retailcrm.mapping.deliveries", Map.of("1", "self-delivery")),
                    Map.entry("retailcrm.mapping.payments", Map.of("1", "cash")))))) {
                long order = shop.placeOrder(buyer, new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                        new ShopFixture.Address("Ким", "+79000000088", "k@example.com", null, null, null, null, null, null, null, null,
                                null, null, null, null),
                        List.of(new ShopFixture.Item(tea, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100")))));
                await().atMost(Duration.ofSeconds(90)).until(() -> crm.order("shop", String.valueOf(order)) != null);
                shop.changeStatus(order, ShopFixture.STATUS_PAID, 1);
                await().atMost(Duration.ofSeconds(60)).until(() -> "paid".equals(crm.order("shop", String.valueOf(order)).path("status").asText()));
                assertThat(crm.orderCount("shop")).isEqualTo(1);
            }
        }
    }
}
