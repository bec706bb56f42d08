package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.processor.order.OrderState;
import shopsync.processor.retailcrm.RetailCrmOptions;
import shopsync.processor.retailcrm.RetailCrmOptions.OfferId;
import shopsync.processor.retailcrm.RetailCrmRequests;

/** What RetailCRM receives for lines, offers, names, payments and customers (issue 13), from row events as miniShop2 writes them. */
class RetailCrmOrderShapeTest {
    static final Instant NOW = Instant.parse("2026-11-23T01:30:00Z");

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    Envelopes rows = new Envelopes();
    TestInputTopic<String, JsonNode> cdcOrders;
    TestInputTopic<String, JsonNode> cdcCustomers;
    TestOutputTopic<String, SyncRequest> retailCrm;

    void start(RetailCrmOptions options) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ShopTopology.build(new StreamsBuilder(), new TopologySettings("modx_", Set.of(5, 999),
                List.of(new RetailCrmRequests(ShopTopologyTest.MAPPING, options)))), p);
        cdcOrders = input(Topics.CDC_ORDERS);
        cdcCustomers = input(Topics.CDC_CUSTOMERS);
        retailCrm = driver.createOutputTopic(Topics.RETAILCRM.syncTopic().name(), Topics.RETAILCRM.syncTopic().keySerde().deserializer(),
                Topics.RETAILCRM.syncTopic().valueSerde().deserializer());
        input(Topics.CDC_CATALOG).pipeInput("ms2_deliveries:1", rows.insert("modx_ms2_deliveries", Map.of("id", 1)));
    }

    @AfterEach
    void stop() {
        if (driver != null) driver.close();
    }

    @Test
    void twoLinesOfOneProductStayTwoLinesEachWithItsOwnLineId() {
        start(RetailCrmOptions.defaults());
        newCustomer(2, NOW);
        checkout(2, 1, "Иван Петров", Map.of("id", 3, "product_id", 1, "options", "{\"size\":\"S\"}"),
                Map.of("id", 4, "product_id", 1, "options", "{\"size\":\"M\"}", "count", 1));

        JsonNode items = orderCreate().path("items");
        assertThat(items.toString()).isEqualTo("["
                + "{\"externalIds\":[{\"code\":\"shopsync\",\"value\":\"3\"}],\"offer\":{\"externalId\":\"1\"},\"productName\":\"Чай улун\","
                + "\"initialPrice\":450.00,\"quantity\":2},"
                + "{\"externalIds\":[{\"code\":\"shopsync\",\"value\":\"4\"}],\"offer\":{\"externalId\":\"1\"},\"productName\":\"Чай улун\","
                + "\"initialPrice\":450.00,\"quantity\":1}]");

        cdcOrders.pipeInput("2", rows.update("modx_ms2_order_products", 4, Map.of("count", 3)), NOW);
        SyncRequest edit = retailCrm.readValue();
        assertThat(edit.kind()).isEqualTo(Kind.ORDER_EDIT);
        assertThat(edit.payload().path("items")).extracting(i -> i.path("externalIds").get(0).path("value").asText() + "×"
                + i.path("quantity").asInt()).containsExactly("3×2", "4×3");
    }

    @Test
    void modRetailCrmOfferIdsForMsOptionsPrice2Modifications() {
        start(new RetailCrmOptions(OfferId.MODRETAILCRM, Set.of(), "paid"));
        newCustomer(2, NOW);
        checkout(2, 1, "Иван Петров", Map.of("id", 3, "product_id", 1, "options", "{\"modification\":17,\"modifications\":[17]}"),
                Map.of("id", 4, "product_id", 1, "options", "{\"modification\":\"18\",\"size\":\"M\"}"),
                Map.of("id", 5, "product_id", 7, "options", "{\"modification\":0}"),
                Map.of("id", 6, "product_id", 7, "options", "[]"));

        assertThat(orderCreate().path("items")).extracting(i -> i.path("offer").path("externalId").asText())
                .containsExactly("mod-1-17", "mod-1-18", "7", "7");
    }

    @Test
    void productOfferIdsByDefaultEvenForModifications() {
        start(RetailCrmOptions.defaults());
        newCustomer(2, NOW);
        checkout(2, 1, "Иван Петров", Map.of("id", 3, "product_id", 1, "options", "{\"modification\":17}"));

        assertThat(orderCreate().path("items").get(0).path("offer").toString()).isEqualTo("{\"externalId\":\"1\"}");
    }

    @Test
    void theReceiverIsSplitAsModRetailCrmDoes() {
        start(RetailCrmOptions.defaults());
        newCustomer(2, NOW);
        checkout(2, 1, "Петров  Иван Сергеевич", Map.of("id", 3));
        checkout(3, 1, "Иван Петров", Map.of("id", 4));
        checkout(4, 1, " Иван ", Map.of("id", 5));

        List<JsonNode> creates = retailCrm.readValuesToList().stream().filter(r -> r.kind() == Kind.ORDER_CREATE)
                .map(SyncRequest::payload).toList();
        assertThat(creates).extracting(o -> o.path("lastName").asText("-") + "|" + o.path("firstName").asText("-") + "|"
                + o.path("patronymic").asText("-")).containsExactly("Петров|Иван|Сергеевич", "Петров|Иван|-", "-|Иван|-");
    }

    @Test
    void reachingAPaidStatusMarksThePaymentOnceAfterTheStatusEdit() {
        start(new RetailCrmOptions(OfferId.PRODUCT, Set.of(2, 3), "paid"));
        newCustomer(2, NOW);
        checkout(2, 1, "Иван Петров", Map.of("id", 3));
        retailCrm.readRecordsToList();

        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)), NOW);
        List<TestRecord<String, SyncRequest>> out = retailCrm.readRecordsToList();
        assertThat(out).extracting(r -> r.key() + " " + r.value().kind()).containsExactly("order:2 STATUS_EDIT", "order:2 PAYMENT_EDIT");
        assertThat(out.get(1).value().payload().toString()).isEqualTo("{\"externalId\":\"2\",\"status\":\"paid\"}");

        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 3)), NOW);
        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 1)), NOW);
        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)), NOW);
        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("order_comment", "ещё")), NOW);
        assertThat(retailCrm.readValuesToList()).extracting(SyncRequest::kind)
                .containsExactly(Kind.STATUS_EDIT, Kind.STATUS_EDIT, Kind.STATUS_EDIT, Kind.ORDER_EDIT);
    }

    @Test
    void anOrderCreatedInAPaidStatusMarksItsPaymentAfterTheCreate() {
        start(new RetailCrmOptions(OfferId.PRODUCT, Set.of(2), "paid"));
        newCustomer(2, NOW);
        checkout(2, 2, "Иван Петров", Map.of("id", 3));

        assertThat(retailCrm.readValuesToList()).extracting(SyncRequest::kind)
                .containsExactly(Kind.CUSTOMER_UPSERT, Kind.CUSTOMER_UPSERT, Kind.ORDER_CREATE, Kind.PAYMENT_EDIT);
    }

    @Test
    void anOrderStateStoredBeforePaymentMarksStillReads() {
        String stored = "{\"order\":null,\"address\":null,\"items\":{},\"forwarded\":{\"status\":2,\"rowsDigest\":\"x\"},"
                + "\"applied\":null,\"crm\":{}}";
        OrderState state = new StateSerde<>(OrderState.class).deserializer().deserialize("t", stored.getBytes());
        assertThat(state.paymentMarked()).isEmpty();
        assertThat(state.forwarded().status()).isEqualTo(2);
    }

    @Test
    void aNewCustomersOrderSendsTheSamePayloadAsTheCustomerStream() {
        start(RetailCrmOptions.defaults());
        // The order completes before the profile has come through the customer stream: the order's own contact stands in.
        checkout(2, 1, "Иван Петров", Map.of("id", 3));
        newCustomer(2, NOW);

        List<TestRecord<String, SyncRequest>> out = retailCrm.readRecordsToList();
        assertThat(out).extracting(r -> r.key() + " " + r.value().kind())
                .containsExactly("order:2 CUSTOMER_UPSERT", "order:2 ORDER_CREATE", "customer:2 CUSTOMER_UPSERT");
        assertThat(out.get(0).value().payload()).as("identical payloads: the sink sends the second one never")
                .isEqualTo(out.get(2).value().payload());
    }

    @Test
    void aReturningCustomersOrderDoesNotSendTheCustomerAgain() {
        start(RetailCrmOptions.defaults());
        newCustomer(2, NOW.minus(Duration.ofDays(3)));
        retailCrm.readRecordsToList();

        checkout(2, 1, "Иван Петров", Map.of("id", 3));
        List<TestRecord<String, SyncRequest>> out = retailCrm.readRecordsToList();
        assertThat(out).extracting(r -> r.key() + " " + r.value().kind()).containsExactly("order:2 ORDER_CREATE");
        assertThat(out.get(0).value().payload().path("customer").toString()).isEqualTo("{\"externalId\":\"2\"}");
    }

    private JsonNode orderCreate() {
        return retailCrm.readValuesToList().stream().filter(r -> r.kind() == Kind.ORDER_CREATE).findFirst().orElseThrow().payload();
    }

    private void newCustomer(long id, Instant at) {
        cdcCustomers.pipeInput(String.valueOf(id), rows.insert("modx_users", Map.of("id", id)), at);
        cdcCustomers.pipeInput(String.valueOf(id), rows.insert("modx_user_attributes", Map.of("id", id, "internalKey", id)), at);
    }

    /** msOrderHandler::submit() for customer 2: order at status 0, address, the lines (over the captured line row), UPDATE status. */
    @SafeVarargs
    private void checkout(long orderId, int status, String receiver, Map<String, Object>... lines) {
        String key = String.valueOf(orderId);
        cdcOrders.pipeInput(key, rows.insert("modx_ms2_orders", Map.of("id", orderId, "user_id", 2, "status", 0)), NOW);
        cdcOrders.pipeInput(key, rows.insert("modx_ms2_order_addresses", Map.of("id", orderId, "order_id", orderId, "receiver", receiver)), NOW);
        for (Map<String, Object> line : lines) {
            Map<String, Object> row = new HashMap<>(line);
            row.put("order_id", orderId);
            cdcOrders.pipeInput(key, rows.insert("modx_ms2_order_products", row), NOW);
        }
        cdcOrders.pipeInput(key, rows.update("modx_ms2_orders", orderId, Map.of("status", status)), NOW);
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }
}
