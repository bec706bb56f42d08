package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
 * A shop switching from the modRetailCRM plugin: its RetailCRM store already holds most of its orders under
 * num-dash externalIds, with statuses managers moved on since, and another store of the same account holds an
 * order whose externalId collides with one of ours. The first start with {@code order-external-id: num} must fit
 * what is there: nothing duplicated under any id, nothing the CRM has overwritten, the missing order created once,
 * and from then on both ways work on the plugin's ids, without the other store leaking in.
 */
class MigrationEndToEndTest {
    static final String KEY = "migration-key-31";
    static final String SECRET = "migration-webhook-secret-0042";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @Test
    void theFirstStartAfterModRetailCrmFitsWhatIsInTheCrm() throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start(); RetailCrmEmulator crm = RetailCrmEmulator.start(KEY);
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(100);
            long buyer = shop.newCustomer(new ShopFixture.Customer("olga@example.com", "Ольга Сергеевна Петрова", "+79000000031"));
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
            long shipped = shop.placeOrder(buyer, order(tea));
            long done = shop.placeOrder(buyer, order(tea));
            long missing = shop.placeOrder(buyer, order(tea));
            // What the plugin left in the CRM: two of the three orders, moved on by managers since.
            crm.managerCreatesOrder("shop", dash(shop, shipped), "send-to-delivery");
            crm.managerCreatesOrder("shop", dash(shop, done), "complete");
            crm.addSite("other");
            crm.managerCreatesOrder("other", dash(shop, missing), "new");

            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(config(db, crm))) {
                await().atMost(PATIENCE).until(() -> crm.order("shop", dash(shop, missing)) != null);
                assertThat(crm.order("shop", dash(shop, shipped)).path("status").asText()).as("the backfill never edits")
                        .isEqualTo("send-to-delivery");
                assertThat(crm.order("shop", dash(shop, done)).path("status").asText()).isEqualTo("complete");
                assertThat(crm.order("other", dash(shop, missing)).path("status").asText()).isEqualTo("new");
                for (long old : List.of(shipped, done, missing)) {
                    assertThat(crm.order("shop", String.valueOf(old))).as("nothing under the shop's own id").isNull();
                }

                long fresh = shop.placeOrder(buyer, order(tea));
                await().atMost(PATIENCE).until(() -> crm.order("shop", dash(shop, fresh)) != null);

                shop.changeStatus(shipped, 2, 1);
                await().atMost(PATIENCE).until(() -> crm.order("shop", dash(shop, shipped)).path("status").asText().equals("paid"));

                assertThat(trigger(shopsync, dash(shop, done))).isEqualTo(200);
                await().atMost(PATIENCE).until(() -> shop.status(done) == 2);

                crm.managerSetsStatus("other", dash(shop, missing), "cancel-other");
                crm.managerSetsStatus("shop", dash(shop, fresh), "paid");
                await().atMost(PATIENCE).until(() -> shop.status(fresh) == 2);
                assertThat(shop.status(missing)).as("another store's order changes nothing in the shop").isEqualTo(1);

                for (long order : List.of(shipped, done, missing, fresh)) {
                    assertThat(crm.created("order").stream().filter(c -> c.externalId().equals(dash(shop, order))).count())
                            .as("order %d created by shopsync", order).isEqualTo(order == missing || order == fresh ? 1 : 0);
                }
                assertThat(crm.orders("shop")).hasSize(4);
            }
        }
    }

    /** The modRetailCRM trigger, as the plugin's users have it set up: {@code order_id} is the num-dash externalId. */
    private static int trigger(ShopsyncRuntime shopsync, String orderId) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + shopsync.sink().webhooks().port() + "/webhooks/retailcrm/" + SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("retailCRM_action=change_status&status=paid&order_id=" + orderId)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static String dash(ShopFixture shop, long orderId) {
        return shop.num(orderId).replace('/', '-');
    }

    private ShopsyncConfig config(PrivateMariaDb db, RetailCrmEmulator crm) {
        return ShopsyncConfig.of(Map.ofEntries(
                Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD), Map.entry("data-dir", home.toString()),
                Map.entry("kafka.embedded-port", 0), Map.entry("ops.port", 0), Map.entry("kafka.instance-id", "migration-e2e"),
                Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", KEY), Map.entry("retailcrm.site", "shop"),
                Map.entry("retailcrm.order-external-id", "num"), Map.entry("retailcrm.timezone", RetailCrmEmulator.ZONE.getId()),
                Map.entry("retailcrm.history.interval", "500ms"),
                Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery", "4", "cancel-other")),
                Map.entry("retailcrm.mapping.deliveries", Map.of("2", "courier")),
                Map.entry("retailcrm.mapping.payments", Map.of("2", "bank-card")),
                Map.entry("webhooks.enabled", true), Map.entry("webhooks.port", 0), Map.entry("webhooks.secret", SECRET)));
    }

    private static ShopFixture.Order order(long tea) {
        return new ShopFixture.Order(2, 2, new BigDecimal("300.00"), null,
                new ShopFixture.Address("Ольга Петрова", "+79000000031", "olga@example.com", "Россия", "101000", "Москва", "Москва",
                        null, "Мясницкая", "10", null, null, "45", null, null),
                List.of(new ShopFixture.Item(tea, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }
}
