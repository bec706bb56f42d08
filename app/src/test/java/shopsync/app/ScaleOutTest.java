package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.app.runtime.ShopsyncRuntime.Role;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.Topics;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * Two processor and two sink instances on one four-partition broker share the work; when one instance stops,
 * the other takes its partitions over: every order arrives, none twice.
 */
class ScaleOutTest {
    @Test
    void twoInstancesShareTheWorkAndOneCarriesOnAlone(@TempDir Path home) throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start();
             EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
             RetailCrmEmulator crm = RetailCrmEmulator.start("scale-key");
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(200);
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
            long buyer = shop.newCustomer(new ShopFixture.Customer("s@example.com", "Семён", "+79000000055"));
            try (ShopsyncRuntime a = ShopsyncRuntime.start(config(db, kafka, crm, home, "a"), EnumSet.allOf(Role.class))) {
                ShopsyncRuntime b = ShopsyncRuntime.start(config(db, kafka, crm, home, "b"), EnumSet.of(Role.PROCESSOR, Role.SINK));
                try {
                    await("both instances own partitions").atMost(Duration.ofSeconds(60)).until(() ->
                            a.sink().stats(Topics.RETAILCRM).assignedPartitions() > 0 && b.sink().stats(Topics.RETAILCRM).assignedPartitions() > 0
                                    && a.sink().stats(Topics.RETAILCRM).assignedPartitions() + b.sink().stats(Topics.RETAILCRM).assignedPartitions() == 4
                                    && ready(a) && ready(b));
                    for (int i = 0; i < 60; i++) shop.placeOrder(buyer, order(tea));
                    await("60 orders with both instances").atMost(Duration.ofSeconds(90)).until(() -> crm.orderCount("shop") == 60);
                    assertThat(a.sink().stats(Topics.RETAILCRM).delivered()).as("instance a did part of the work").isPositive();
                    assertThat(b.sink().stats(Topics.RETAILCRM).delivered()).as("instance b did part of the work").isPositive();
                } finally {
                    b.close();
                }
                for (int i = 0; i < 40; i++) shop.placeOrder(buyer, order(tea));
                await("40 more with instance a alone").atMost(Duration.ofSeconds(120)).until(() -> crm.orderCount("shop") == 100);
            }
            Map<String, Long> creates = new HashMap<>();
            crm.created("order").forEach(c -> creates.merge(c.externalId(), 1L, Long::sum));
            assertThat(creates).hasSize(100).allSatisfy((id, n) -> assertThat(n).as("creates of order " + id).isEqualTo(1));
        }
    }

    private static boolean ready(ShopsyncRuntime runtime) throws Exception {
        return Cli.get(runtime.opsPort(), "/health").startsWith("200 ");
    }

    private static ShopsyncConfig config(PrivateMariaDb db, EmbeddedKafka kafka, RetailCrmEmulator crm, Path home, String instance) {
        return ShopsyncConfig.of(Map.ofEntries(
                Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD),
                Map.entry("kafka.bootstrap-servers", kafka.bootstrapServers()), Map.entry("kafka.partitions", 4),
                Map.entry("kafka.instance-id", instance), Map.entry("ops.port", 0),
                Map.entry("processor.state-dir", home.resolve("streams-" + instance).toString()),
                Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", "scale-key"), Map.entry("retailcrm.site", "shop"),
                Map.entry("retailcrm.rate-limit", 50), Map.entry("retailcrm.history.enabled", false),
                Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery", "4", "cancel-other")),
                Map.entry("retailcrm.mapping.deliveries", Map.of("1", "self-delivery")),
                Map.entry("retailcrm.mapping.payments", Map.of("1", "cash"))));
    }

    private static ShopFixture.Order order(long product) {
        return new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("Семён", "+79000000055", "s@example.com", null, null, null, null, null, null, null, null,
                        null, null, null, null),
                List.of(new ShopFixture.Item(product, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }
}
