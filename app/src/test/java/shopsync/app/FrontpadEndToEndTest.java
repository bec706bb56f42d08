package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.ops.DeadLetters;
import shopsync.app.ops.Setup;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.events.Json;
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.testkit.FrontpadEmulator;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;
import shopsync.testkit.TopicProbe;

/**
 * Frontpad next to RetailCRM, on real parts: a miniShop2 order reaches both, Frontpad with the parallel
 * product arrays and mapped codes; a closed shift delays an order without losing it; statuses set by the
 * staff in Frontpad come back to the shop by polling and by Frontpad's webhook.
 */
class FrontpadEndToEndTest {
    static final String SECRET = "frontpad-webhook-secret-1";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void ordersReachFrontpadAndRetailCrmAndFrontpadStatusesComeBack(@TempDir Path home) throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start();
             RetailCrmEmulator retailCrm = RetailCrmEmulator.start("rk");
             FrontpadEmulator frontpad = FrontpadEmulator.start("fp-secret");
             ShopFixture shop = ShopFixture.connect(db)) {
            GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            int errorStatus = Setup.errorStatus(ShopsyncConfig.of(Map.of("shop.host", db.host(), "shop.port", db.port(),
                    "shop.database", PrivateMariaDb.DATABASE, "shop.user", PrivateMariaDb.CDC_USER, "shop.password", PrivateMariaDb.CDC_PASSWORD,
                    "retailcrm.enabled", false)).shop(), System.out);
            retailCrm.setRequestsPerSecond(100);
            frontpad.addProduct("PIZZA-1", "Пицца", "590");
            frontpad.addProduct("COLA-2", "Кола", "120");
            long pizza = shop.addProduct("PIZZA-1", "Пицца Маргарита", new BigDecimal("590.00"), new BigDecimal("0.600"));
            long cola = shop.addProduct("COLA-2", "Кола 0,5", new BigDecimal("120.00"), new BigDecimal("0.500"));
            long buyer = shop.newCustomer(new ShopFixture.Customer("eat@example.com", "Олег Сидоров", "+7 (900) 555-12-34"));
            long yesterdays = shop.placeOrder(buyer, order(pizza, cola)); // cooked and eaten before shopsync came
            int port = freePort();
            Map<String, Object> settings = Map.ofEntries(
                    Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                    Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                    Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD),
                    Map.entry("kafka.data-dir", home.resolve("kafka").toString()), Map.entry("kafka.embedded-port", 0), Map.entry("ops.port", 0),
                    Map.entry("processor.state-dir", home.resolve("streams").toString()),
                    Map.entry("kafka.instance-id", "frontpad-e2e"),
                    Map.entry("retailcrm.url", retailCrm.url()), Map.entry("retailcrm.api-key", "rk"), Map.entry("retailcrm.site", "shop"),
                    Map.entry("retailcrm.history.enabled", false),
                    Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery", "4", "cancel-other",
                            String.valueOf(errorStatus), "assembling")),
                    Map.entry("retailcrm.mapping.deliveries", Map.of("1", "self-delivery")),
                    Map.entry("retailcrm.mapping.payments", Map.of("1", "cash")),
                    Map.entry("frontpad.enabled", true), Map.entry("frontpad.url", frontpad.url()), Map.entry("frontpad.secret", "fp-secret"),
                    Map.entry("frontpad.payments", Map.of("1", "1")), Map.entry("frontpad.points", Map.of("1", "7")),
                    Map.entry("frontpad.channels", Map.of("web", "3")),
                    Map.entry("frontpad.matched-statuses", Map.of("В производстве", "2", "В пути", "3")),
                    Map.entry("frontpad.status-codes", Map.of(String.valueOf(frontpad.statusCode("В пути")), "В пути")),
                    Map.entry("frontpad.check-interval-with-webhook", "500ms"),
                    Map.entry("frontpad.error-status", String.valueOf(errorStatus)), Map.entry("frontpad.on-error.email", true),
                    Map.entry("smtp.host", "127.0.0.1"), Map.entry("smtp.port", smtp.getSmtp().getPort()),
                    Map.entry("smtp.to", "manager@shop.example"),
                    Map.entry("frontpad.webhook-url", "http://127.0.0.1:" + port + "/webhooks/frontpad/" + SECRET),
                    Map.entry("webhooks.enabled", true), Map.entry("webhooks.port", port), Map.entry("webhooks.secret", SECRET));
            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(ShopsyncConfig.of(settings))) {

                // Orders the shop had before shopsync followed its binlog never reach the kitchen: start cooking after that.
                await("shopsync ready").atMost(PATIENCE).until(() -> Cli.get(shopsync.opsPort(), "/health").startsWith("200"));
                long order = shop.placeOrder(buyer, order(pizza, cola));
                await("the order in Frontpad and RetailCRM").atMost(PATIENCE)
                        .until(() -> frontpad.orders().size() == 1 && retailCrm.order("shop", String.valueOf(order)) != null);
                FrontpadEmulator.Order sent = frontpad.orders().get(0);
                assertThat(sent.fields().get("descr")).as("the new order, not the one the shop had before the start")
                        .contains(shop.num(order)).doesNotContain(shop.num(yesterdays));
                // The backfill and the new order travel under different keys, so either may reach RetailCRM first.
                await("RetailCRM's backfill creates it").atMost(PATIENCE)
                        .until(() -> retailCrm.order("shop", String.valueOf(yesterdays)) != null);
                assertThat(sent.articles()).containsExactly("PIZZA-1", "COLA-2");
                assertThat(sent.quantities()).containsExactly(2, 1);
                assertThat(sent.fields()).containsEntry("product_price[0]", "590.00").containsEntry("product_price[1]", "120.00")
                        .containsEntry("name", "Олег Сидоров").containsEntry("phone", "79005551234").containsEntry("mail", "eat@example.com")
                        .containsEntry("street", "Ленина").containsEntry("home", "5").containsEntry("pod", "2").containsEntry("et", "4")
                        .containsEntry("apart", "17").containsEntry("pay", "1").containsEntry("point", "7").containsEntry("channel", "3")
                        .containsEntry("hook_status[0]", String.valueOf(frontpad.statusCode("В пути")));
                assertThat(sent.fields().get("descr")).matches("Заказ \\d{4}/\\d+\\. Домофон не работает");

                frontpad.staffSetsStatus(sent.orderId(), "В производстве");
                await("Frontpad's status in the shop, by polling").atMost(PATIENCE).until(() -> shop.status(order) == 2);
                frontpad.staffSetsStatus(sent.orderId(), "В пути");
                await("Frontpad's status in the shop, by its webhook").atMost(PATIENCE).until(() -> shop.status(order) == 3);
                await("RetailCRM hears of it too").atMost(PATIENCE)
                        .until(() -> "send-to-delivery".equals(retailCrm.order("shop", String.valueOf(order)).path("status").asText()));

                frontpad.setShiftOpen(false);
                long whileClosed = shop.placeOrder(buyer, order(pizza, cola));
                await("RetailCRM is not held up by Frontpad's closed shift").atMost(PATIENCE)
                        .until(() -> retailCrm.order("shop", String.valueOf(whileClosed)) != null);
                await("Frontpad refused it at least once").atMost(PATIENCE)
                        .until(() -> frontpad.calls("new_order").stream().anyMatch(c -> "cash_close".equals(c.error())));
                assertThat(frontpad.orders()).hasSize(1);
                frontpad.setShiftOpen(true);
                await("the order after the shift opened").atMost(PATIENCE).until(() -> frontpad.orders().size() == 2);
                assertThat(frontpad.calls("new_order").stream().filter(c -> "success".equals(c.result()))).hasSize(2);

                long ghost = shop.addProduct("GHOST-9", "Нет во Frontpad", new BigDecimal("10.00"), new BigDecimal("0.100"));
                await("the unknown article reported").atMost(PATIENCE).until(() -> results(shopsync).stream().anyMatch(r ->
                        r.kind() == SyncResult.Kind.PRODUCT_ARTICLE && r.entityId().equals(String.valueOf(ghost))
                                && r.detail().equals("article 'GHOST-9' is not in Frontpad's products")));
                long rejected = shop.placeOrder(buyer, new ShopFixture.Order(1, 1, BigDecimal.ZERO, null, order(pizza, cola).address(),
                        List.of(new ShopFixture.Item(ghost, "Нет во Frontpad", 1, new BigDecimal("10.00"), new BigDecimal("0.100")))));
                await("the rejected order in the error status").atMost(PATIENCE).until(() -> shop.status(rejected) == errorStatus);
                assertThat(managerComment(db, rejected)).isEqualTo("Frontpad: Frontpad invalid_product_keys");
                await("one e-mail to the manager").atMost(PATIENCE).until(() -> smtp.getReceivedMessages().length == 1);
                assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Заказ " + rejected + " не передан во Frontpad");

                // Frontpad creates the order, but the answer is a 502: uncertain, never sent again, until a person resolves it.
                int created = frontpad.orders().size();
                frontpad.answerAfterCreating(502);
                long unsure = shop.placeOrder(buyer, order(pizza, cola));
                await("the uncertain order in the error status").atMost(PATIENCE).until(() -> shop.status(unsure) == errorStatus);
                frontpad.answerAfterCreating(200);
                assertThat(managerComment(db, unsure)).startsWith("Frontpad: may already be in Frontpad — check by phone 79005551234 at ");
                assertThat(frontpad.orders()).hasSize(created + 1);
                await("counted in /metrics").atMost(PATIENCE).until(() -> Cli.get(shopsync.opsPort(), "/metrics")
                        .matches("(?s).*shopsync_frontpad_uncertain(\\{[^}]*})? 1\\.0.*"));
                assertThat(Cli.get(shopsync.opsPort(), "/status")).contains("frontpad: 1 order(s) may already be in Frontpad");
                Map<String, Object> tools = new HashMap<>(settings);
                tools.put("kafka.bootstrap-servers", shopsync.bootstrapServers()); // what `shopsync dlq` finds from outside
                DeadLetters dlq = new DeadLetters(ShopsyncConfig.of(tools), System.out);
                assertThat(dlq.open(String.valueOf(unsure), "may already be in Frontpad")).hasSize(1);
                assertThat(dlq.resolve(String.valueOf(unsure), (long) frontpad.orders().get(created).orderId())).isZero();
                assertThat(dlq.open(String.valueOf(unsure), null)).isEmpty();
                await("resolved: no longer counted").atMost(PATIENCE).until(() -> Cli.get(shopsync.opsPort(), "/metrics")
                        .matches("(?s).*shopsync_frontpad_uncertain(\\{[^}]*})? 0\\.0.*"));
                assertThat(frontpad.orders()).as("never sent twice").hasSize(created + 1);

                // --not-sent (a person found no order for the phone; the emulator cannot lose one) sends it exactly once more.
                frontpad.answerAfterCreating(502);
                long lost = shop.placeOrder(buyer, order(pizza, cola));
                await("the second uncertain order dead-lettered").atMost(PATIENCE)
                        .until(() -> !dlq.open(String.valueOf(lost), "may already be in Frontpad").isEmpty());
                frontpad.answerAfterCreating(200);
                assertThat(dlq.resolve(String.valueOf(lost), null)).isZero();
                await("sent once after --not-sent").atMost(PATIENCE).until(() -> frontpad.orders().size() == created + 3);
                assertThat(dlq.open(String.valueOf(lost), null)).isEmpty();

                frontpad.addCertificate("CERT-1", Json.object().put("amount", 1000));
                String num = frontpad.orders().get(0).fields().get("descr").split(" ")[1].replace(".", "");
                assertThat(get(port, "/frontpad/order-status?order=" + URLEncoder.encode(num, "UTF-8")))
                        .isEqualTo("200 {\"status\":\"В пути\"}");
                assertThat(get(port, "/frontpad/order-status?order=999999")).isEqualTo("404 {\"status\":null}");
                assertThat(get(port, "/frontpad/order-status?phone=%2B79005551234")).startsWith("200 {\"status\":");
                assertThat(get(port, "/frontpad/certificate?number=CERT-1")).isEqualTo("200 {\"status\":\"valid\"}");
                assertThat(get(port, "/frontpad/certificate?number=CERT-0")).isEqualTo("404 {\"status\":\"not found\"}");
                // Six a minute per client: the seventh in a row is refused (each check waits for Frontpad's budget, so the
                // client's allowance refills a little meanwhile; a dozen in a row must still meet the limit).
                String flooded = "";
                for (int i = 0; i < 12 && !flooded.startsWith("429 "); i++) flooded = get(port, "/frontpad/certificate?number=CERT-1");
                assertThat(flooded).startsWith("429 ");
            } finally {
                smtp.stop();
            }
        }
    }

    private static List<SyncResult> results(ShopsyncRuntime shopsync) {
        try (TopicProbe<SyncResult> probe = new TopicProbe<>(shopsync.bootstrapServers(), Topics.SYNC_RESULTS)) {
            return probe.readToEnd().stream().map(ConsumerRecord::value).toList();
        }
    }

    private static String managerComment(PrivateMariaDb db, long orderId) throws Exception {
        try (var c = db.appConnection(); var ps = c.prepareStatement("SELECT order_comment FROM modx_ms2_orders WHERE id = ?")) {
            ps.setLong(1, orderId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String get(int port, String path) throws Exception {
        return Cli.get(port, path);
    }

    private static ShopFixture.Order order(long pizza, long cola) {
        return new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("Олег Сидоров", "+7 (900) 555-12-34", "eat@example.com", null, null, null, "Москва", null,
                        "Ленина", "5", "2", "4", "17", "Домофон не работает", null),
                List.of(new ShopFixture.Item(pizza, "Пицца Маргарита", 2, new BigDecimal("590.00"), new BigDecimal("0.600")),
                        new ShopFixture.Item(cola, "Кола 0,5", 1, new BigDecimal("120.00"), new BigDecimal("0.500"))));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
