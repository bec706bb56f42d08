package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.DeadLetter;
import shopsync.events.Topics;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;
import shopsync.testkit.TopicProbe;

/**
 * The ops drill: RetailCRM is down long enough for the sink to give up on the orders that piled up; once it is
 * back, {@code shopsync replay --from …} delivers every one of them exactly once, and a second run changes nothing.
 */
class OutageDrillTest {
    @Test
    void replayAfterAnOutageDeliversEveryMissingOrderOnceAndIsSafeToRepeat(@TempDir Path home) throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start();
             EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
             RetailCrmEmulator crm = RetailCrmEmulator.start("drill-key");
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(100);
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
            Path config = TestConfig.write(home.resolve("shopsync.yml"), TestConfig.shop(db), TestConfig.externalKafka(kafka, home, ""), """
                    sink: {retry: {max-time: 1s}, park: {interval: 1s}, give-up-after: 3s}
                    retailcrm:
                      url: %s
                      api-key: drill-key
                      site: shop
                      history: {enabled: false}
                      mapping:
                        statuses: {1: new, 2: paid, 3: send-to-delivery, 4: cancel-other}
                        deliveries: {1: self-delivery}
                        payments: {1: cash}
                    """.formatted(crm.url()));
            try (ShopsyncRuntime ignored = ShopsyncRuntime.start(ShopsyncConfig.load(config, Map.of()))) {
                Instant outage = Instant.now();
                crm.setDown(true);
                long buyer = shop.newCustomer(new ShopFixture.Customer("d@example.com", "Дарья", "+79000000077"));
                List<Long> orders = new ArrayList<>();
                for (int i = 0; i < 5; i++) orders.add(shop.placeOrder(buyer, order(tea)));
                try (TopicProbe<DeadLetter> dlq = new TopicProbe<>(kafka.bootstrapServers(), Topics.SYNC_DLQ)) {
                    dlq.readUntil(r -> r.stream().filter(x -> x.value().reason().startsWith("gave up")).count() >= 5, Duration.ofSeconds(90));
                }
                crm.setDown(false);
                assertThat(crm.orderCount("shop")).isZero();

                String first = cli("replay", "--config", config.toString(), "--target", "retailcrm", "--from", outage.toString());
                assertThat(first).contains("replayed 5 order(s), 1 customer(s)");
                await("every order after the replay").atMost(Duration.ofSeconds(60)).until(() -> crm.orderCount("shop") == 5);
                await("the replayed requests all answered").atMost(Duration.ofSeconds(60)).until(() ->
                        crm.created("order").size() == 5);
                List<String> before = orders.stream().map(id -> crm.order("shop", String.valueOf(id)).toString()).toList();

                cli("replay", "--config", config.toString(), "--target", "retailcrm", "--from", outage.toString());
                await("the second replay's requests answered").atMost(Duration.ofSeconds(60)).until(() ->
                        crm.calls("POST", "/api/v5/orders/" + orders.get(4) + "/edit").size() >= 1);
                assertThat(crm.orderCount("shop")).isEqualTo(5);
                assertThat(crm.created("order")).hasSize(5);
                assertThat(orders.stream().map(id -> crm.order("shop", String.valueOf(id)).toString()).toList())
                        .as("a second replay changes nothing").isEqualTo(before);
                assertThat(createAttempts(crm)).as("orders sent for creation, both replays").isGreaterThanOrEqualTo(10);
            }
        }
    }

    /** Orders sent to orders/create or in an orders/upload, answered or not. */
    private static long createAttempts(RetailCrmEmulator crm) {
        return crm.calls("POST", "/api/v5/orders/create").size() + crm.calls("POST", "/api/v5/orders/upload").stream()
                .mapToInt(c -> c.json("orders").size()).sum();
    }

    private static String cli(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).isZero();
        return r.out();
    }

    private static ShopFixture.Order order(long product) {
        return new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("Дарья", "+79000000077", "d@example.com", null, null, null, null, null, null, null, null,
                        null, null, null, null),
                List.of(new ShopFixture.Item(product, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }
}
