package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * A new (or restored) broker under an old processor state directory: what a user gets who replaces the broker's
 * data but keeps the machine's state. shopsync must repair the state, go on syncing, and create no order twice.
 */
class StateRepairTest {
    static final String KEY = "repair-key-5521";

    @TempDir
    Path home;

    @Test
    void anOldStateDirectoryUnderANewBrokerIsRepairedAndNothingIsCreatedTwice() throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start(); RetailCrmEmulator crm = RetailCrmEmulator.start(KEY);
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(100);
            long buyer = shop.newCustomer(new ShopFixture.Customer("anna@example.com", "Анна Смирнова", "+79000000001"));
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));

            long first;
            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(config(db, crm, "kafka-1"))) {
                first = shop.placeOrder(buyer, order(tea));
                await().atMost(Duration.ofSeconds(60)).until(() -> crm.order("shop", String.valueOf(first)) != null);
            }

            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(config(db, crm, "kafka-2"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> Cli.get(shopsync.opsPort(), "/health").startsWith("200"));
                long second = shop.placeOrder(buyer, order(tea));
                await().atMost(Duration.ofSeconds(60)).until(() -> crm.order("shop", String.valueOf(second)) != null);
                for (long order : List.of(first, second)) {
                    assertThat(crm.created("order").stream().filter(c -> c.externalId().equals(String.valueOf(order))).count())
                            .as("order %d created once", order).isEqualTo(1);
                }
                assertThat(Cli.get(shopsync.opsPort(), "/health")).contains("\"processor\":{\"live\":true,\"ready\":true");
            }
        }
    }

    /** The same shop, CRM and processor state directory; the broker's data directory is {@code brokerDir}. */
    private ShopsyncConfig config(PrivateMariaDb db, RetailCrmEmulator crm, String brokerDir) {
        Map<String, Object> c = new HashMap<>(Map.of("shop.host", db.host(), "shop.port", db.port(),
                "shop.database", PrivateMariaDb.DATABASE, "shop.user", PrivateMariaDb.CDC_USER, "shop.password", PrivateMariaDb.CDC_PASSWORD,
                "kafka.data-dir", home.resolve(brokerDir).toString(), "kafka.embedded-port", 0, "ops.port", 0,
                "processor.state-dir", home.resolve("streams").toString(), "retailcrm.history.enabled", false));
        c.putAll(Map.of("retailcrm.url", crm.url(), "retailcrm.api-key", KEY, "retailcrm.site", "shop",
                "retailcrm.mapping.statuses", Map.of("1", "new"), "retailcrm.mapping.deliveries", Map.of("2", "courier"),
                "retailcrm.mapping.payments", Map.of("2", "bank-card")));
        return ShopsyncConfig.of(c);
    }

    private static ShopFixture.Order order(long tea) {
        return new ShopFixture.Order(2, 2, new BigDecimal("300.00"), null,
                new ShopFixture.Address("Анна Смирнова", "+79000000001", "anna@example.com", "Россия", "101000", "Москва", "Москва",
                        null, "Мясницкая", "10", null, null, "45", null, null),
                List.of(new ShopFixture.Item(tea, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }
}
