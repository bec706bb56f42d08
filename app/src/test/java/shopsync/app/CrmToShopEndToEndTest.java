package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * CRM → shop on real parts: a manager changes a status in RetailCRM, a trigger in each format the seeds use
 * (or, without any trigger, the history poller) brings it to the shop as miniShop2 would write it, and the
 * change is not echoed back; the next change made in the shop goes to the CRM as usual.
 */
class CrmToShopEndToEndTest {
    static final String KEY = "e2e-key-77aa";
    static final String SECRET = "webhook-secret-e2e-123456";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static PrivateMariaDb db;
    static RetailCrmEmulator crm;
    static ShopFixture shop;
    static ShopsyncRuntime shopsync;
    static long buyer;
    static long tea;
    static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path home;

    @BeforeAll
    static void start() {
        db = PrivateMariaDb.start();
        crm = RetailCrmEmulator.start(KEY);
        crm.setRequestsPerSecond(100);
        shop = ShopFixture.connect(db);
        buyer = shop.newCustomer(new ShopFixture.Customer("buyer@example.com", "Мария Иванова", "+79000000009"));
        tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
        shopsync = ShopsyncRuntime.start(ShopsyncConfig.of(Map.ofEntries(
                Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD),
                Map.entry("kafka.data-dir", home.resolve("kafka").toString()), Map.entry("kafka.embedded-port", 0), Map.entry("ops.port", 0),
                Map.entry("processor.state-dir", home.resolve("streams").toString()),
                Map.entry("kafka.instance-id", "crm-to-shop-e2e"),
                Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", KEY), Map.entry("retailcrm.site", "shop"),
                Map.entry("retailcrm.timezone", RetailCrmEmulator.ZONE.getId()),
                Map.entry("retailcrm.history.interval", "500ms"),
                Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery", "4", "cancel-other")),
                Map.entry("retailcrm.mapping.deliveries", Map.of("1", "self-delivery")),
                Map.entry("retailcrm.mapping.payments", Map.of("1", "cash")),
                Map.entry("webhooks.enabled", true), Map.entry("webhooks.port", 0), Map.entry("webhooks.secret", SECRET))));
    }

    @AfterAll
    static void stop() throws Exception {
        shopsync.close();
        shop.close();
        crm.close();
        db.close();
    }

    @Test
    void modRetailCrmTrigger() throws Exception {
        roundTrip(order -> post("/webhooks/retailcrm/" + SECRET, "application/x-www-form-urlencoded",
                "retailCRM_action=change_status&status=paid&order_id=" + order, false));
    }

    @Test
    void intellectDialogTrigger() throws Exception {
        roundTrip(order -> post("/webhooks/retailcrm", "application/x-www-form-urlencoded",
                "type=order&status=paid&id=" + crmId(order) + "&event=status", true));
    }

    @Test
    void coMagicThinTrigger() throws Exception {
        roundTrip(order -> http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/retailcrm/" + SECRET + "?orderId="
                + crmId(order))).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void jsonTrigger() throws Exception {
        roundTrip(order -> post("/webhooks/retailcrm", "application/json",
                "{\"retailCRM_action\":\"change_status\",\"status\":\"paid\",\"order_id\":\"" + order + "\"}", true));
    }

    @Test
    void noTriggerAtAllTheHistoryPollerBringsIt() throws Exception {
        roundTrip(order -> 0);
    }

    interface Trigger {
        int fire(long orderId) throws Exception;
    }

    /** Order placed in the shop → manager sets "paid" in the CRM → trigger → shop status 2, no echo → shop sets 3 → CRM. */
    private void roundTrip(Trigger trigger) throws Exception {
        long order = shop.placeOrder(buyer, new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("Мария Иванова", "+79000000009", "buyer@example.com", null, null, null, "Москва",
                        null, null, null, null, null, null, null, null),
                List.of(new ShopFixture.Item(tea, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100")))));
        await("order in the CRM").atMost(PATIENCE).until(() -> crm.order("shop", String.valueOf(order)) != null);

        crm.managerSetsStatus("shop", String.valueOf(order), "paid");
        int status = trigger.fire(order);
        if (status != 0) assertThat(status).as("trigger answered").isEqualTo(200);
        await("the CRM's status in the shop").atMost(PATIENCE).until(() -> shop.status(order) == ShopFixture.STATUS_PAID);
        assertThat(logEntries(order)).containsExactly("1", "2");

        shop.changeStatus(order, ShopFixture.STATUS_SENT, 1);
        await("the shop's next change in the CRM").atMost(PATIENCE)
                .until(() -> "send-to-delivery".equals(crm.order("shop", String.valueOf(order)).path("status").asText()));
        // The shop's change came after the write-back, on the same partition: the echo has been processed by now.
        List<String> edits = crm.calls("POST", "/api/v5/orders/" + order + "/edit").stream()
                .map(c -> c.json("order").path("status").asText()).toList();
        assertThat(edits).as("no edit for the CRM's own change; one for the shop's").containsExactly("send-to-delivery");
    }

    private static int post(String path, String contentType, String body, boolean tokenHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (tokenHeader) b.header("X-Shopsync-Token", SECRET);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String crmId(long order) {
        return crm.order("shop", String.valueOf(order)).path("id").asText();
    }

    private static String base() {
        return "http://127.0.0.1:" + shopsync.sink().webhooks().port();
    }

    private static List<String> logEntries(long orderId) throws Exception {
        try (Connection c = db.appConnection();
             PreparedStatement ps = c.prepareStatement("SELECT entry FROM modx_ms2_order_logs WHERE order_id = ? AND action = 'status' ORDER BY id")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> entries = new ArrayList<>();
                while (rs.next()) entries.add(rs.getString(1));
                return entries;
            }
        }
    }
}
