package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.broker.EmbeddedKafka;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * A poison order (RetailCRM answers 400) goes to {@code sync.dlq} with the CRM's reason without delaying the
 * orders behind it; after its mapping is fixed, {@code shopsync dlq redrive --order ID} delivers it, once.
 */
class PoisonOrderTest {
    static final String KEY = "poison-key";

    @Test
    void poisonIsDeadLetteredOthersFlowAndARedriveWithTheFixedMappingDeliversIt(@TempDir Path home) throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start();
             EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
             RetailCrmEmulator crm = RetailCrmEmulator.start(KEY);
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(100);
            shop.addDelivery("Экспресс");
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
            long buyer = shop.newCustomer(new ShopFixture.Customer("p@example.com", "Пётр", "+79000000003"));
            Path broken = config(home.resolve("broken.yml"), db, kafka, crm, "express", home);
            Path fixed = config(home.resolve("fixed.yml"), db, kafka, crm, "courier", home);

            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(ShopsyncConfig.load(broken, Map.of()))) {
                await("all roles ready").atMost(Duration.ofSeconds(60)).until(() -> http(shopsync.opsPort(), "/health").startsWith("200 "));
                assertThat(statusExit(shopsync.opsPort())).as("status: all well").isZero();
                long poison = shop.placeOrder(buyer, order(tea, 2));
                List<Long> good = new ArrayList<>();
                for (int i = 0; i < 5; i++) good.add(shop.placeOrder(buyer, order(tea, 1)));

                await("the orders behind the poison").atMost(Duration.ofSeconds(60))
                        .until(() -> good.stream().allMatch(id -> crm.order("shop", String.valueOf(id)) != null));
                // Orders placed together may go in one upload; the poison is then sent alone and refused after the others.
                await("the poison's dead letter").atMost(Duration.ofSeconds(30)).until(() ->
                        cli("dlq", "list", "--config", broken.toString(), "--order", String.valueOf(poison)).contains("1 open dead letter(s)"));
                String list = cli("dlq", "list", "--config", broken.toString(), "--order", String.valueOf(poison));
                assertThat(list).contains("1 open dead letter(s)").contains("ORDER_CREATE")
                        .contains("\"DeliveryType\" with \"code\"=\"express\" does not exist.");
                assertThat(crm.order("shop", String.valueOf(poison))).isNull();
                assertThat(statusExit(shopsync.opsPort())).as("status: a dead letter needs attention").isEqualTo(1);
                assertThat(http(shopsync.opsPort(), "/metrics"))
                        .contains("shopsync_requests_total{outcome=\"dead-lettered\",target=\"retailcrm\"} 1.0")
                        .contains("shopsync_cdc_events_total").contains("shopsync_commit_to_crm_seconds_bucket");
                assertThat(crm.calls("POST", "/api/v5/orders/create").stream()
                        .filter(c -> c.json("order").path("externalId").asText().equals(String.valueOf(poison))))
                        .as("a 400 is not retried").hasSize(1);

                String redrive = cli("dlq", "redrive", "--config", fixed.toString(), "--order", String.valueOf(poison));
                assertThat(redrive).contains("re-drove 1 of 1");
                await("the re-driven order").atMost(Duration.ofSeconds(60))
                        .until(() -> crm.order("shop", String.valueOf(poison)) != null);
                assertThat(crm.order("shop", String.valueOf(poison)).path("delivery").path("code").asText()).isEqualTo("courier");

                assertThat(cli("dlq", "redrive", "--config", fixed.toString(), "--order", String.valueOf(poison)))
                        .as("re-drive is idempotent").contains("nothing to re-drive");
                assertThat(cli("dlq", "list", "--config", fixed.toString())).contains("0 open dead letter(s)");
                assertThat(crm.orderCount("shop")).isEqualTo(6);
            }
        }
    }

    private static int statusExit(int port) {
        return Cli.run("status", "--port", String.valueOf(port)).exitCode();
    }

    private static String http(int port, String path) throws Exception {
        return Cli.get(port, path);
    }

    private static String cli(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).isZero();
        return r.out();
    }

    private static ShopFixture.Order order(long product, long delivery) {
        return new ShopFixture.Order(delivery, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("Пётр", "+79000000003", "p@example.com", null, null, null, null, null, null, null, null,
                        null, null, null, null),
                List.of(new ShopFixture.Item(product, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }

    private static Path config(Path file, PrivateMariaDb db, EmbeddedKafka kafka, RetailCrmEmulator crm, String delivery2, Path home)
            throws Exception {
        return TestConfig.write(file, TestConfig.shop(db), TestConfig.externalKafka(kafka, home, ""), """
                retailcrm:
                  url: %s
                  api-key: %s
                  site: shop
                  history: {enabled: false}
                  mapping:
                    statuses: {1: new, 2: paid, 3: send-to-delivery, 4: cancel-other}
                    deliveries: {1: self-delivery, 2: %s}
                    payments: {1: cash}
                """.formatted(crm.url(), KEY, delivery2));
    }
}
