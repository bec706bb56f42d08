package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.events.CrmEvent;
import shopsync.events.DeadLetter;
import shopsync.events.JsonSerde;
import shopsync.events.OrderSnapshot;
import shopsync.events.ShopCommand;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.SyncResult;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.processor.order.OrderState;
import shopsync.processor.retailcrm.RetailCrmMapping;
import shopsync.processor.retailcrm.RetailCrmRequests;

/** The production topology, driven by row events in the order miniShop2 writes them. */
class ShopTopologyTest {
    static final RetailCrmMapping MAPPING = new RetailCrmMapping(Map.of("1", "new", "2", "paid", "3", "send-to-delivery"),
            Map.of("1", "self-delivery"), Map.of("1", "cash"), BigDecimal.valueOf(1000), Set.of());

    TopologyTestDriver driver;
    Envelopes rows = new Envelopes();
    TestInputTopic<String, JsonNode> cdcOrders;
    TestInputTopic<String, JsonNode> cdcCustomers;
    TestOutputTopic<String, SyncRequest> retailCrm;
    TestOutputTopic<String, OrderSnapshot> orders;
    TestOutputTopic<String, DeadLetter> dlq;
    TestInputTopic<String, CrmEvent> inbound;
    TestOutputTopic<String, ShopCommand> commands;
    TestOutputTopic<String, SyncResult> results;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ShopTopology.build(new StreamsBuilder(),
                new TopologySettings("modx_", Set.of(5, 999), List.of(new RetailCrmRequests(MAPPING)))), p);
        cdcOrders = input(Topics.CDC_ORDERS);
        cdcCustomers = input(Topics.CDC_CUSTOMERS);
        retailCrm = output(Topics.RETAILCRM.syncTopic());
        orders = output(Topics.ORDERS);
        dlq = output(Topics.SYNC_DLQ);
        inbound = input(Topics.CRM_INBOUND);
        commands = output(Topics.SHOP_COMMANDS);
        results = output(Topics.SYNC_RESULTS);
        input(Topics.CDC_CATALOG).pipeInput("ms2_products:1", rows.insert("modx_ms2_products", Map.of("id", 1, "article", "TEA-01")));
        input(Topics.CDC_CATALOG).pipeInput("ms2_products:7", rows.insert("modx_ms2_products", Map.of("id", 7, "article", "CUP-07")));
        input(Topics.CDC_CATALOG).pipeInput("ms2_deliveries:1", rows.insert("modx_ms2_deliveries", Map.of("id", 1)));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theOrderStateIsStoredCompactlyAndAStateWrittenAsJsonByAnEarlierVersionStillReads() {
        newCustomer(2);
        checkout(2, 2, 1);
        OrderState state = driver.<String, OrderState>getKeyValueStore(OrderState.STORE).get("2");
        assertThat(state.forwarded()).as("a complete order's state").isNotNull();

        byte[] json = new JsonSerde<>(OrderState.class).serializer().serialize("t", state);
        StateSerde<OrderState> serde = new StateSerde<>(OrderState.class);
        byte[] stored = serde.serializer().serialize("t", state);
        assertThat(serde.deserializer().deserialize("t", json)).as("read from a store or changelog written as JSON").isEqualTo(state);
        // A copy: the very array written would come back from the serde's memo without being decoded.
        assertThat(serde.deserializer().deserialize("t", stored.clone())).isEqualTo(state);
        assertThat(stored.length).as("bytes per order state, against %d as JSON", json.length).isLessThan(json.length * 7 / 10);
    }

    @Test
    void checkoutBecomesCustomerUpsertThenOrderCreateWithEveryField() {
        newCustomer(2);
        checkout(2, 2, 1);

        List<TestRecord<String, SyncRequest>> out = retailCrm.readRecordsToList();
        assertThat(out).extracting(r -> r.key() + " " + r.value().kind())
                .containsExactly("customer:2 CUSTOMER_UPSERT", "order:2 CUSTOMER_UPSERT", "order:2 ORDER_CREATE");
        JsonNode customer = out.get(1).value().payload();
        assertThat(customer.toString()).isEqualTo(
                "{\"externalId\":\"2\",\"firstName\":\"Иван Петров\",\"email\":\"new@example.com\",\"phones\":[{\"number\":\"+79000000002\"}]}");

        JsonNode order = out.get(2).value().payload();
        assertThat(order.path("externalId").asText()).isEqualTo("2");
        assertThat(order.path("number").asText()).isEqualTo("2611/2");
        assertThat(order.path("createdAt").asText()).isEqualTo("2026-11-23 01:30:53");
        assertThat(order.path("firstName").asText()).isEqualTo("Иван");
        assertThat(order.path("lastName").asText()).isEqualTo("Петров");
        assertThat(order.path("phone").asText()).isEqualTo("+79000000002");
        assertThat(order.path("email").asText()).isEqualTo("new@example.com");
        assertThat(order.path("customer").toString()).isEqualTo("{\"externalId\":\"2\"}");
        assertThat(order.path("status").asText()).isEqualTo("new");
        assertThat(order.path("items").toString()).isEqualTo("[{\"externalIds\":[{\"code\":\"shopsync\",\"value\":\"3\"}],"
                + "\"offer\":{\"externalId\":\"1\"},\"productName\":\"Чай улун\",\"initialPrice\":450.00,\"quantity\":2},"
                + "{\"externalIds\":[{\"code\":\"shopsync\",\"value\":\"4\"}],\"offer\":{\"externalId\":\"7\"},"
                + "\"productName\":\"Чашка\",\"initialPrice\":890.50,\"quantity\":1}]");
        assertThat(order.path("delivery").toString()).isEqualTo("{\"code\":\"self-delivery\",\"cost\":300.00,\"address\":"
                + "{\"index\":\"101000\",\"region\":\"Москва\",\"city\":\"Москва\",\"metro\":\"Лубянка\",\"street\":\"Мясницкая\","
                + "\"building\":\"10\",\"flat\":\"45\",\"floor\":\"3\",\"text\":\"Мясницкая 10\"}}");
        assertThat(order.path("payments").toString()).isEqualTo("[{\"type\":\"cash\"}]");
        assertThat(order.path("weight").toString()).as("kg → grams").isEqualTo("500");
        assertThat(order.path("customerComment").asText()).isEqualTo("Позвонить заранее");
        assertThat(order.has("managerComment")).isFalse();

        OrderSnapshot snapshot = orders.readValue();
        assertThat(snapshot.items()).extracting(OrderSnapshot.Item::article).containsExactly("TEA-01", "CUP-07");
        assertThat(snapshot.cost()).isEqualByComparingTo("2090.50");
        assertThat(snapshot.deliveryName()).isEqualTo("Самовывоз");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void abandonedCheckoutAndDraftsNeverLeave() {
        newCustomer(2);
        cdcOrders.pipeInput("3", rows.insert("modx_ms2_orders", Map.of("id", 3, "status", 0)));
        cdcOrders.pipeInput("3", rows.insert("modx_ms2_order_addresses", Map.of("id", 3, "order_id", 3)));
        cdcOrders.pipeInput("3", rows.insert("modx_ms2_order_products", Map.of("id", 30, "order_id", 3)));
        cdcOrders.pipeInput("4", rows.insert("modx_ms2_orders", Map.of("id", 4, "status", 5)));
        cdcOrders.pipeInput("4", rows.insert("modx_ms2_order_products", Map.of("id", 40, "order_id", 4)));
        cdcOrders.pipeInput("4", rows.update("modx_ms2_orders", 4, Map.of("cost", "99.00")));

        assertThat(retailCrm.readRecordsToList()).extracting(TestRecord::key).containsOnly("customer:2");
        assertThat(orders.isEmpty()).isTrue();
    }

    @Test
    void statusChangeIsAStatusEditAndTheLogRowAddsNothing() {
        newCustomer(2);
        checkout(2, 2, 1);
        retailCrm.readRecordsToList();

        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)));
        cdcOrders.pipeInput("2", rows.insert("modx_ms2_order_logs", Map.of("id", 9, "order_id", 2, "entry", "2")));

        List<TestRecord<String, SyncRequest>> out = retailCrm.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo("order:2");
        assertThat(out.get(0).value().kind()).isEqualTo(Kind.STATUS_EDIT);
        assertThat(out.get(0).value().payload().toString()).isEqualTo("{\"externalId\":\"2\",\"status\":\"paid\"}");
    }

    @Test
    void rowEventsReplayedAfterACaptureCrashDoNotUndoALaterStatus() {
        newCustomer(2);
        List<JsonNode> checkout = checkout(2, 2, 1);
        JsonNode paid = rows.update("modx_ms2_orders", 2, Map.of("status", 2));
        cdcOrders.pipeInput("2", paid);
        retailCrm.readRecordsToList();

        checkout.forEach(e -> cdcOrders.pipeInput("2", e));
        cdcOrders.pipeInput("2", paid);

        assertThat(retailCrm.isEmpty()).as("a replay sends nothing, least of all status 'new' again").isTrue();
        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 3)));
        assertThat(retailCrm.readValue().payload().path("status").asText()).isEqualTo("send-to-delivery");
    }

    @Test
    void referenceDataArrivingAfterTheOrderIsNotAnOrderChange() {
        newCustomer(2);
        checkout(2, 2, 1);
        retailCrm.readRecordsToList();
        input(Topics.CDC_CATALOG).pipeInput("ms2_payments:1", rows.insert("modx_ms2_payments", Map.of("id", 1)));

        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)));
        assertThat(retailCrm.readValue().kind()).isEqualTo(Kind.STATUS_EDIT);
        assertThat(orders.readValuesToList()).last().extracting(OrderSnapshot::paymentName).isEqualTo("Оплата наличными");
    }

    @Test
    void managerEditIsAFullEditWithoutPayments() {
        newCustomer(2);
        checkout(2, 2, 1);
        retailCrm.readRecordsToList();

        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("order_comment", "Упаковать как подарок")));

        SyncRequest edit = retailCrm.readValue();
        assertThat(edit.kind()).isEqualTo(Kind.ORDER_EDIT);
        assertThat(edit.payload().path("managerComment").asText()).isEqualTo("Упаковать как подарок");
        assertThat(edit.payload().has("payments")).isFalse();
        assertThat(edit.payload().path("items").size()).isEqualTo(2);
        assertThat(retailCrm.isEmpty()).isTrue();
    }

    @Test
    void unmappedStatusIsADeadLetterNamingTheMissingKeyNotADefault() {
        newCustomer(2);
        checkout(2, 2, 4);

        assertThat(retailCrm.readRecordsToList()).extracting(TestRecord::key).containsOnly("customer:2");
        TestRecord<String, DeadLetter> dead = dlq.readRecord();
        assertThat(dead.key()).isEqualTo("retailcrm:2");
        assertThat(dead.value().reason()).isEqualTo("unmapped status 4: add it to retailcrm.mapping.statuses");
        assertThat(dead.value().target()).isEqualTo("retailcrm");
    }

    @Test
    void aLoginChangesNoCustomerField() {
        newCustomer(2);
        retailCrm.readRecordsToList();

        cdcCustomers.pipeInput("2", rows.update("modx_user_attributes", 2, Map.of("logincount", 1, "lastlogin", 1795397999)));
        assertThat(retailCrm.isEmpty()).isTrue();

        cdcCustomers.pipeInput("2", rows.update("modx_user_attributes", 2, Map.of("mobilephone", "+79001112233")));
        assertThat(retailCrm.readValue().payload().path("phones").toString()).isEqualTo("[{\"number\":\"+79001112233\"}]");
    }

    @Test
    void aCrmStatusBecomesOneShopCommandAndItsEchoIsNotSentBack() {
        newCustomer(2);
        checkout(2, 2, 1);
        retailCrm.readRecordsToList();

        inbound.pipeInput("2", crm("webhook:modretailcrm", "paid", 0, 1_000));
        inbound.pipeInput("2", crm("history", "paid", 5001, 1_999));
        List<ShopCommand> sent = commands.readValuesToList();
        assertThat(sent).as("webhook and poller saw the same change: one command").hasSize(1);
        assertThat(sent.get(0).orderId()).isEqualTo(2);
        assertThat(sent.get(0).status()).isEqualTo(2);
        assertThat(sent.get(0).origin()).isEqualTo("retailcrm");

        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)));
        assertThat(retailCrm.isEmpty()).as("the write-back's own CDC event is not sent back to RetailCRM").isTrue();
        assertThat(orders.readValuesToList()).last().extracting(OrderSnapshot::status).isEqualTo(2);

        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 3)));
        assertThat(retailCrm.readValue().payload().path("status").asText()).as("a later shop change is sent as usual")
                .isEqualTo("send-to-delivery");
    }

    @Test
    void aCommandedStatusTheShopNeverTookStopsCountingAsAnEchoAfterTenMinutes() {
        newCustomer(2);
        checkout(2, 2, 1);
        retailCrm.readRecordsToList();
        inbound.pipeInput("2", crm("webhook:modretailcrm", "paid", 0, 1_000));
        assertThat(commands.readValuesToList()).hasSize(1);

        // The shop refused the command (its write-back never shows up); eleven minutes later a manager sets the same
        // status in the shop by hand: that is the shop's own change, and RetailCRM must hear of it.
        driver.advanceWallClockTime(Duration.ofMinutes(11));
        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)));
        assertThat(retailCrm.readValue().payload().path("status").asText()).isEqualTo("paid");
    }

    @Test
    void anOlderCrmEventDeliveredAfterANewerOneIsDropped() {
        newCustomer(2);
        checkout(2, 2, 1);
        inbound.pipeInput("2", crm("webhook:intellectdialog", "send-to-delivery", 0, 5_000));
        inbound.pipeInput("2", crm("history", "paid", 5001, 4_999));

        assertThat(commands.readValuesToList()).extracting(ShopCommand::status).containsExactly(3);
        assertThat(results.readValuesToList()).extracting(SyncResult::detail)
                .containsExactly("stale: older than the change already applied for this order");
    }

    @Test
    void replayedHistoryIsDroppedByHistoryId() {
        newCustomer(2);
        checkout(2, 2, 1);
        inbound.pipeInput("2", crm("history", "paid", 5001, 1_999));
        inbound.pipeInput("2", crm("history", "send-to-delivery", 5002, 2_999));
        inbound.pipeInput("2", crm("history", "paid", 5001, 1_999));

        assertThat(commands.readValuesToList()).extracting(ShopCommand::status).containsExactly(2, 3);
    }

    @Test
    void unknownOrdersAndStatusesThatDoNotSyncBackAreRecordedNotCommanded() {
        newCustomer(2);
        checkout(2, 2, 1);
        inbound.pipeInput("77", new CrmEvent("retailcrm", "history", "77", "1077", "paid", 5003, 1_000));
        inbound.pipeInput("2", crm("webhook:comagic", "assembling", 0, 2_000));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(results.readRecordsToList()).extracting(r -> r.key() + " " + r.value().detail()).containsExactly(
                "retailcrm:77 unknown order: the shop has no order 77",
                "retailcrm:2 status 'assembling' does not sync back (retailcrm.sync-statuses / mapping)");
    }

    private static CrmEvent crm(String source, String status, long historyId, long timeMs) {
        return new CrmEvent("retailcrm", source, "2", "1002", status, historyId, timeMs);
    }

    private void newCustomer(long id) {
        cdcCustomers.pipeInput(String.valueOf(id), rows.insert("modx_users", Map.of("id", id)));
        cdcCustomers.pipeInput(String.valueOf(id), rows.insert("modx_user_attributes", Map.of("id", id, "internalKey", id)));
    }

    /** msOrderHandler::submit(): order at status 0, address, items, UPDATE status, log row. */
    private List<JsonNode> checkout(long orderId, long userId, int status) {
        List<JsonNode> events = List.of(
                rows.insert("modx_ms2_orders", Map.of("id", orderId, "user_id", userId, "status", 0)),
                rows.insert("modx_ms2_order_addresses", Map.of("id", orderId, "order_id", orderId)),
                rows.insert("modx_ms2_order_products", Map.of("id", 3, "order_id", orderId)),
                rows.insert("modx_ms2_order_products", Map.of("id", 4, "order_id", orderId, "product_id", 7,
                        "name", "Чашка", "count", 1, "price", "890.50", "cost", "890.50", "weight", "0.300")),
                rows.update("modx_ms2_orders", orderId, Map.of("status", status)),
                rows.insert("modx_ms2_order_logs", Map.of("id", orderId, "order_id", orderId, "entry", String.valueOf(status))));
        events.forEach(e -> cdcOrders.pipeInput(String.valueOf(orderId), e));
        return events;
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> t) {
        return driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }
}
