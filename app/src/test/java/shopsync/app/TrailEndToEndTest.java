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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.ops.Trail;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.events.TrailEntry;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * An order's trail on real parts, as an operator reads it with {@code shopsync trail}: the order's first RetailCRM
 * request meets a 503 and its retry creates it; a manager's status in RetailCRM comes back to the shop through the
 * trigger and is written there; the shop's row change that write-back causes is not sent back (the echo). Every step
 * is in the trail, in the order it happened.
 */
class TrailEndToEndTest {
    static final String KEY = "trail-key-5e1d";
    static final String SECRET = "webhook-secret-trail-123456";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aRetriedCreateACrmStatusItsWriteBackAndTheDroppedEchoAreInTheTrailInOrder(@TempDir Path home) throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start(); RetailCrmEmulator crm = RetailCrmEmulator.start(KEY);
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(100);
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
            // An order from before the start: RetailCRM's order-naming check runs when it is written, not on the new order.
            long oldOrder = shop.placeOrder(shop.newCustomer(new ShopFixture.Customer("old@example.com", "Анна Смирнова", "+79000000001")),
                    order(tea, "Анна Смирнова", "+79000000001", "old@example.com"));
            ShopsyncConfig config = ShopsyncConfig.of(Map.ofEntries(
                    Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                    Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                    Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD),
                    Map.entry("kafka.data-dir", home.resolve("kafka").toString()), Map.entry("kafka.embedded-port", 0),
                    Map.entry("ops.port", 0), Map.entry("processor.state-dir", home.resolve("streams").toString()),
                    Map.entry("kafka.instance-id", "trail-e2e"),
                    Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", KEY), Map.entry("retailcrm.site", "shop"),
                    Map.entry("retailcrm.timezone", RetailCrmEmulator.ZONE.getId()),
                    // The trigger alone brings the status back: one CRM event, whatever the poller's timing.
                    Map.entry("retailcrm.history.enabled", false),
                    Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery")),
                    Map.entry("retailcrm.mapping.deliveries", Map.of("1", "self-delivery")),
                    Map.entry("retailcrm.mapping.payments", Map.of("1", "cash")),
                    Map.entry("webhooks.enabled", true), Map.entry("webhooks.port", 0), Map.entry("webhooks.secret", SECRET)));
            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(config)) {
                await("shopsync ready").atMost(PATIENCE).ignoreExceptions()
                        .until(() -> Cli.get(shopsync.opsPort(), "/health").startsWith("200"));
                await("the old order in RetailCRM").atMost(PATIENCE).until(() -> crm.order("shop", String.valueOf(oldOrder)) != null);
                // The buyer's profile reaches RetailCRM on its own first, so the order's first request is its create.
                long buyer = shop.newCustomer(new ShopFixture.Customer("buyer@example.com", "Мария Иванова", "+79000000009"));
                await("the customer in RetailCRM").atMost(PATIENCE).until(() -> crm.customer("shop", String.valueOf(buyer)) != null);

                // RetailCRM answers its rate limit, 503, to every request (field-facts.md: rate limit → HTTP 503).
                crm.setRequestsPerSecond(0);
                long order = shop.placeOrder(buyer, order(tea, "Мария Иванова", "+79000000009", "buyer@example.com"));
                await("the order's create answered 503").atMost(PATIENCE).until(() -> crm.calls("POST", "/api/v5/orders/create").stream()
                        .anyMatch(c -> c.status() == 503 && c.json("order").path("externalId").asText().equals(String.valueOf(order))));
                crm.setRequestsPerSecond(100);
                await("the order in RetailCRM after the retry").atMost(PATIENCE).until(() -> crm.order("shop", String.valueOf(order)) != null);
                String crmId = crm.order("shop", String.valueOf(order)).path("id").asText();

                crm.managerSetsStatus("shop", String.valueOf(order), "paid");
                HttpResponse<String> trigger = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + shopsync.sink().webhooks().port() + "/webhooks/retailcrm/" + SECRET))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("retailCRM_action=change_status&status=paid&order_id=" + order)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(trigger.statusCode()).isEqualTo(200);
                await("the CRM's status in the shop").atMost(PATIENCE).until(() -> shop.status(order) == ShopFixture.STATUS_PAID);
                await("the echo dropped, in the trail").atMost(PATIENCE).ignoreExceptions().until(() -> Trail.read(shopsync.bootstrapServers(), config.shop(),
                        String.valueOf(order), 200).entries().stream().anyMatch(e -> e.stage().equals(TrailEntry.ECHO_DROP)));

                Path cliConfig = TestConfig.write(home.resolve("shopsync.yml"), TestConfig.shop(db),
                        "kafka: {bootstrap-servers: \"" + shopsync.bootstrapServers() + "\"}\nretailcrm: {enabled: false}\n");
                String num = shop.num(order);
                Cli.Result printed = Cli.run("trail", "--config", cliConfig.toString(), "--order", num);
                assertThat(printed.exitCode()).isZero();
                assertThat(printed.out()).startsWith("order " + order + " (num " + num + "): ");
                assertInOrder(printed.out(),
                        "processor +captured +ms2_orders insert: status 0, num " + num,
                        "processor +captured +ms2_orders update: status 0 → 1",
                        "processor +assembled +complete: status 1, cost 450.00",
                        "processor +queued +retailcrm +.*ORDER_CREATE",
                        "sink +attempt +retailcrm +ORDER_CREATE attempt 1: RetailCRM answered 503: Rate limit exceeded; next try in",
                        "sink +delivered +retailcrm +ORDER_CREATE attempt \\d+: created, CRM id " + crmId,
                        "processor +crm-event +retailcrm +webhook:modretailcrm status 'paid' .*→ shop status 2 to be written",
                        "connector +write-back +retailcrm +shop status 2 \\(retailcrm webhook:modretailcrm status paid\\)",
                        "processor +captured +ms2_orders update: status 1 → 2",
                        "processor +assembled +status changed: status 2",
                        "processor +echo-drop +retailcrm +status 2 was asked for by retailcrm itself: not sent back");
                assertThat(printed.out()).as("the buyer's phone and e-mail are not in the trail").doesNotContain("79000000009", "buyer@");
                assertThat(crm.calls("POST", "/api/v5/orders/" + order + "/edit")).as("nothing went back to RetailCRM").isEmpty();

                assertThat(Cli.run("trail", "--config", cliConfig.toString(), "--order", String.valueOf(order)).out())
                        .as("by id, the same trail").isEqualTo(printed.out());
                Cli.Result unknown = Cli.run("trail", "--config", cliConfig.toString(), "--order", "2611/99999");
                assertThat(unknown.exitCode()).isEqualTo(1);
                assertThat(unknown.out()).contains("no order with number 2611/99999");
            }
        }
    }

    /** Each pattern matches a line of {@code text}, each on a later line than the one before. */
    private static void assertInOrder(String text, String... patterns) {
        List<String> lines = text.lines().toList();
        int at = -1;
        for (String pattern : patterns) {
            Pattern p = Pattern.compile(".*" + pattern + ".*");
            int from = at + 1;
            int found = -1;
            for (int i = from; i < lines.size() && found < 0; i++) {
                if (p.matcher(lines.get(i)).matches()) found = i;
            }
            assertThat(found).as("a line matching «%s» after line %d in%n%s", pattern, at, text).isGreaterThanOrEqualTo(0);
            at = found;
        }
    }

    private static ShopFixture.Order order(long product, String name, String phone, String email) {
        return new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address(name, phone, email, null, null, null, "Москва", null, null, null, null, null, null, null, null),
                List.of(new ShopFixture.Item(product, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }
}
