package shopsync.connector.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.Topics;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.ShopFixture;
import shopsync.testkit.TopicProbe;

/**
 * Most miniShop2 shops never installed msOptionsPrice2, so its tables, which the capture and {@code resnapshot --all}
 * name, are not there. The capture must read the shop as it is, and a resnapshot of every table must finish.
 */
class ShopWithoutModificationsCaptureTest {

    @Test
    void capturesAndResnapshotsAShopThatHasNoMsOptionsPrice2Tables() throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start();
             EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
             ShopFixture shop = ShopFixture.connect(db)) {
            try (Connection c = db.appConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE modx_msop_modification_options, modx_msop_modifications");
            }
            long tea = shop.addProduct("TEA-01", "Чай улун", new BigDecimal("450.00"), new BigDecimal("0.100"));
            long cup = shop.addProduct("CUP-02", "Чашка", new BigDecimal("890.50"), new BigDecimal("0.300"));
            long existing = shop.placeOrder(shop.newCustomer(new ShopFixture.Customer("old@example.com", "Old Buyer", "+79000000001")),
                    ShopCaptureTest.order(tea, cup));

            CaptureSettings settings = new CaptureSettings(db.host(), db.port(), PrivateMariaDb.DATABASE,
                    PrivateMariaDb.CDC_USER, PrivateMariaDb.CDC_PASSWORD, "modx_", 5421, kafka.bootstrapServers(), 20);
            try (ShopCapture capture = new ShopCapture(settings, Clock.systemUTC(), new Random());
                 TopicProbe<JsonNode> orders = new TopicProbe<>(kafka.bootstrapServers(), Topics.CDC_ORDERS);
                 TopicProbe<JsonNode> products = new TopicProbe<>(kafka.bootstrapServers(), Topics.CDC_PRODUCTS)) {
                capture.start();
                orders.readUntil(r -> r.stream().anyMatch(x -> read(x, existing, "modx_ms2_orders")), Duration.ofSeconds(60));
                products.readUntil(r -> r.stream().anyMatch(x -> read(x, tea, "modx_ms2_products")), Duration.ofSeconds(30));
                int ordersBefore = orders.readToEnd().size();
                int productsBefore = products.readToEnd().size();

                Resnapshot.request(kafka.bootstrapServers(), PrivateMariaDb.DATABASE, "modx_", Resnapshot.allTables());
                orders.readUntil(r -> after(r, ordersBefore).stream().anyMatch(x -> read(x, existing, "modx_ms2_orders")),
                        Duration.ofSeconds(60));
                products.readUntil(r -> after(r, productsBefore).stream().anyMatch(x -> read(x, cup, "modx_ms2_products")),
                        Duration.ofSeconds(30));
                // A blocking snapshot holds the binlog back until it is done: an order placed now arrives only after it.
                long next = shop.placeOrder(shop.newCustomer(new ShopFixture.Customer("new@example.com", "Иван Петров", "+79000000002")),
                        ShopCaptureTest.order(tea, cup));
                List<ConsumerRecord<String, JsonNode>> all = orders.readUntil(r -> r.stream().anyMatch(x ->
                        x.key().equals(String.valueOf(next)) && table(x).equals("modx_ms2_order_logs")), Duration.ofSeconds(60));
                assertThat(after(all, ordersBefore)).filteredOn(x -> x.key().equals(String.valueOf(next)))
                        .extracting(x -> x.value().path("op").asText()).containsOnly("c", "u");
                assertThat(capture.running()).as("the capture still runs").isTrue();
                assertThat(capture.fatal()).isNull();
            }
        }
    }

    private static boolean read(ConsumerRecord<String, JsonNode> r, long id, String table) {
        return r.key().equals(String.valueOf(id)) && table(r).equals(table) && r.value().path("op").asText().equals("r");
    }

    private static List<ConsumerRecord<String, JsonNode>> after(List<ConsumerRecord<String, JsonNode>> r, int from) {
        return r.subList(from, r.size());
    }

    private static String table(ConsumerRecord<String, JsonNode> r) {
        return r.value().path("source").path("table").asText();
    }
}
