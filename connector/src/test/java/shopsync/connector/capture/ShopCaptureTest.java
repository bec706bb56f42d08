package shopsync.connector.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.Topics;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.ShopFixture;
import shopsync.testkit.TopicProbe;

/** The capture role against a real MariaDB binlog and a real broker (one engine identity: the tests run in order). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopCaptureTest {
    static PrivateMariaDb db;
    static EmbeddedKafka kafka;
    static ShopFixture shop;

    @BeforeAll
    static void start() {
        db = PrivateMariaDb.start();
        kafka = EmbeddedKafka.startTemporary();
        shop = ShopFixture.connect(db);
    }

    @AfterAll
    static void stop() throws Exception {
        shop.close();
        kafka.close();
        db.close();
    }

    @Test
    @Order(1)
    void forwardsSnapshotThenBinlogRowsKeyedByOrderInCommitOrder() {
        long tea = shop.addProduct("TEA-01", "Чай улун", new BigDecimal("450.00"), new BigDecimal("0.100"));
        long cup = shop.addProduct("CUP-02", "Чашка", new BigDecimal("890.50"), new BigDecimal("0.300"));
        long oldCustomer = shop.newCustomer(new ShopFixture.Customer("old@example.com", "Old Buyer", "+79000000001"));
        long oldOrder = shop.placeOrder(oldCustomer, order(tea, cup));

        CaptureSettings settings = new CaptureSettings(db.host(), db.port(), PrivateMariaDb.DATABASE,
                PrivateMariaDb.CDC_USER, PrivateMariaDb.CDC_PASSWORD, "modx_", 5411, kafka.bootstrapServers(), 20);
        try (ShopCapture capture = new ShopCapture(settings, Clock.systemUTC(), new Random());
             TopicProbe<JsonNode> orders = new TopicProbe<>(kafka.bootstrapServers(), Topics.CDC_ORDERS);
             TopicProbe<JsonNode> customers = new TopicProbe<>(kafka.bootstrapServers(), Topics.CDC_CUSTOMERS);
             TopicProbe<JsonNode> catalog = new TopicProbe<>(kafka.bootstrapServers(), Topics.CDC_CATALOG)) {
            capture.start();
            orders.readUntil(r -> r.stream().anyMatch(x -> x.key().equals(String.valueOf(oldOrder))
                    && table(x.value()).equals("modx_ms2_orders")), Duration.ofSeconds(60));
            long newCustomer = shop.newCustomer(new ShopFixture.Customer("new@example.com", "Иван Петров", "+79000000002"));
            long newOrder = shop.placeOrder(newCustomer, order(tea, cup));

            List<ConsumerRecord<String, JsonNode>> rows = orders.readUntil(
                    r -> r.stream().filter(x -> x.key().equals(String.valueOf(newOrder))).count() == 6, Duration.ofSeconds(60));

            List<ConsumerRecord<String, JsonNode>> snapshotted = of(rows, oldOrder);
            assertThat(snapshotted).allSatisfy(r -> assertThat(r.value().path("op").asText()).isEqualTo("r"));
            assertThat(snapshotted).extracting(r -> table(r.value()))
                    .as("a snapshotted order's own row comes after its address and items")
                    .containsExactly("modx_ms2_order_addresses", "modx_ms2_order_products", "modx_ms2_order_products",
                            "modx_ms2_order_logs", "modx_ms2_orders");

            List<ConsumerRecord<String, JsonNode>> live = of(rows, newOrder);
            assertThat(live).extracting(r -> table(r.value()) + ":" + r.value().path("op").asText())
                    .containsExactly("modx_ms2_orders:c", "modx_ms2_order_addresses:c", "modx_ms2_order_products:c",
                            "modx_ms2_order_products:c", "modx_ms2_orders:u", "modx_ms2_order_logs:c");
            assertThat(live).extracting(ConsumerRecord::partition).containsOnly(live.get(0).partition());
            JsonNode statusUpdate = live.get(4).value();
            assertThat(statusUpdate.path("before").path("status").asInt()).isZero();
            assertThat(statusUpdate.path("after").path("status").asInt()).isEqualTo(ShopFixture.STATUS_NEW);
            assertThat(live.get(2).value().path("after").path("price").isTextual()).as("money as decimal string").isTrue();
            assertThat(live.get(2).value().path("after").path("price").asText()).isEqualTo("450.00");

            List<ConsumerRecord<String, JsonNode>> people = customers.readUntil(
                    r -> r.stream().anyMatch(x -> x.key().equals(String.valueOf(newCustomer)) && table(x.value()).equals("modx_user_attributes")),
                    Duration.ofSeconds(30));
            JsonNode user = people.stream().filter(r -> table(r.value()).equals("modx_users")).findFirst().orElseThrow().value();
            assertThat(user.path("after").has("password")).as("password hashes are never captured").isFalse();
            assertThat(user.path("after").has("username")).isTrue();

            List<ConsumerRecord<String, JsonNode>> reference = catalog.readUntil(
                    r -> r.stream().anyMatch(x -> x.key().equals("ms2_products:" + cup)), Duration.ofSeconds(30));
            assertThat(reference).extracting(ConsumerRecord::key).contains("ms2_products:" + tea, "ms2_order_statuses:1",
                    "ms2_deliveries:1", "ms2_payments:1");
        }
    }

    @Test
    @Order(2)
    void aResnapshotReadsTheTablesAgainWithoutRestarting() {
        long before = shop.placeOrder(shop.newCustomer(new ShopFixture.Customer("r@example.com", "R", "+79000000033")),
                order(shop.addProduct("R-1", "R", new BigDecimal("1.00"), new BigDecimal("0.100")),
                        shop.addProduct("R-2", "R", new BigDecimal("1.00"), new BigDecimal("0.100"))));
        CaptureSettings settings = new CaptureSettings(db.host(), db.port(), PrivateMariaDb.DATABASE,
                PrivateMariaDb.CDC_USER, PrivateMariaDb.CDC_PASSWORD, "modx_", 5412, kafka.bootstrapServers(), 20);
        try (ShopCapture capture = new ShopCapture(settings, Clock.systemUTC(), new Random());
             TopicProbe<JsonNode> orders = new TopicProbe<>(kafka.bootstrapServers(), Topics.CDC_ORDERS)) {
            capture.start();
            orders.readUntil(r -> r.stream().anyMatch(x -> x.key().equals(String.valueOf(before))), Duration.ofSeconds(60));
            int seen = orders.readToEnd().size();
            Resnapshot.request(kafka.bootstrapServers(), PrivateMariaDb.DATABASE, "modx_", List.of("ms2_orders"));
            List<ConsumerRecord<String, JsonNode>> all = orders.readUntil(r -> r.subList(seen, r.size()).stream().anyMatch(x ->
                    x.key().equals(String.valueOf(before)) && x.value().path("op").asText().equals("r")
                            && table(x.value()).equals("modx_ms2_orders")), Duration.ofSeconds(90));
            assertThat(all.subList(seen, all.size())).extracting(r -> table(r.value())).containsOnly("modx_ms2_orders");
        }
    }

    @Test
    @Order(3)
    void aCaptureRestartedOnAQuietShopFollowsTheBinlogWithoutWaitingForAChange() {
        // The engine resumes from the offsets the tests above stored: no snapshot, and the shop writes nothing.
        CaptureSettings settings = new CaptureSettings(db.host(), db.port(), PrivateMariaDb.DATABASE,
                PrivateMariaDb.CDC_USER, PrivateMariaDb.CDC_PASSWORD, "modx_", 5413, kafka.bootstrapServers(), 20);
        try (ShopCapture capture = new ShopCapture(settings, Clock.systemUTC(), new Random())) {
            capture.start();
            await("the restarted capture is ready (/health)").atMost(Duration.ofSeconds(60)).until(capture::following);
            assertThat(capture.streaming()).as("no binlog event came").isFalse();
        }
    }

    private static List<ConsumerRecord<String, JsonNode>> of(List<ConsumerRecord<String, JsonNode>> rows, long orderId) {
        return rows.stream().filter(r -> r.key().equals(String.valueOf(orderId))).toList();
    }

    private static String table(JsonNode envelope) {
        return envelope.path("source").path("table").asText();
    }

    static ShopFixture.Order order(long tea, long cup) {
        return new ShopFixture.Order(1, 1, new BigDecimal("300.00"), null,
                new ShopFixture.Address("Иван Петров", "+79000000002", "new@example.com", "Россия", "101000", "Москва",
                        "Москва", "Лубянка", "Мясницкая", "10", "2", "3", "45", "Позвонить заранее", "Мясницкая 10"),
                List.of(new ShopFixture.Item(tea, "Чай улун", 2, new BigDecimal("450.00"), new BigDecimal("0.100")),
                        new ShopFixture.Item(cup, "Чашка", 1, new BigDecimal("890.50"), new BigDecimal("0.300"))));
    }
}
