package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
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
import shopsync.events.CrmEvent;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.events.TrailEntry;
import shopsync.processor.retailcrm.RetailCrmMapping;
import shopsync.processor.retailcrm.RetailCrmRequests;

/** The processor's part of an order's trail, from the row events miniShop2 writes and the events a CRM sends back. */
class TrailTopologyTest {
    static final RetailCrmMapping MAPPING = new RetailCrmMapping(Map.of("1", "new", "2", "paid", "3", "send-to-delivery"),
            Map.of("1", "self-delivery"), Map.of("1", "cash"), BigDecimal.valueOf(1000), Set.of());

    TopologyTestDriver driver;
    Envelopes rows = new Envelopes();
    TestInputTopic<String, JsonNode> cdcOrders;
    TestInputTopic<String, CrmEvent> inbound;
    TestOutputTopic<String, TrailEntry> trail;

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void capturedAssembledQueuedTheCrmsEventAndTheEchoOfItsWriteBackInOrder() {
        start(true);
        List<JsonNode> checkout = checkout();
        inbound.pipeInput("2", crm("webhook:modretailcrm", "paid", 0, 1_000));
        inbound.pipeInput("2", crm("history", "paid", 5001, 1_999));
        cdcOrders.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)));
        inbound.pipeInput("2", crm("history", "new", 5000, 900));
        cdcOrders.pipeInput("2", checkout.get(0));

        List<TestRecord<String, TrailEntry>> out = trail.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsOnly("2");
        assertThat(out).extracting(r -> r.value().stage() + " " + r.value().target() + ": " + r.value().text()).containsExactly(
                "captured null: ms2_orders insert: status 0, num 2611/2, cost 2090.50",
                "captured null: ms2_order_addresses #2 insert",
                "captured null: ms2_order_products #3 insert: product 1 × 2 at 450.00",
                "captured null: ms2_order_products #4 insert: product 7 × 1 at 890.50",
                "captured null: ms2_orders update: status 0 → 1",
                "assembled null: complete: status 1, cost 2090.50 (cart 1790.50, delivery 300.00), 2 item(s), customer 2",
                "queued retailcrm: CUSTOMER_UPSERT (customer 2), ORDER_CREATE",
                "captured null: ms2_order_logs #2 insert: status 1",
                "crm-event retailcrm: webhook:modretailcrm status 'paid' (CRM order 1002) → shop status 2 to be written",
                "crm-event retailcrm: history status 'paid' (CRM order 1002) → already applied (the same status came another way first)",
                "captured null: ms2_orders update: status 1 → 2",
                "assembled null: status changed: status 2, cost 2090.50 (cart 1790.50, delivery 300.00), 2 item(s), customer 2",
                "echo-drop retailcrm: status 2 was asked for by retailcrm itself: not sent back",
                "stale-drop retailcrm: history status 'new' (CRM order 1002) → dropped: stale: older than the change already applied "
                        + "for this order",
                "captured null: ms2_orders insert: status 0, num 2611/2, cost 2090.50 (replayed after a capture restart: already "
                        + "applied, ignored)");
        assertThat(out).extracting(r -> r.value().role()).containsOnly(TrailEntry.PROCESSOR);
        assertThat(out.get(0).value().num()).isEqualTo("2611/2");
        assertThat(out).extracting(r -> r.value().text()).as("no contact data of the order in its trail")
                .noneMatch(t -> t.contains("example.com") || t.contains("79000") || t.contains("Петров"));
    }

    @Test
    void withTheTrailOffNothingIsWritten() {
        start(false);
        checkout();
        inbound.pipeInput("2", crm("webhook:modretailcrm", "paid", 0, 1_000));
        assertThat(trail.isEmpty()).isTrue();
    }

    private void start(boolean trailOn) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ShopTopology.build(new StreamsBuilder(),
                new TopologySettings("modx_", Set.of(5, 999), List.of(new RetailCrmRequests(MAPPING)), trailOn)), p);
        cdcOrders = input(Topics.CDC_ORDERS);
        inbound = input(Topics.CRM_INBOUND);
        trail = driver.createOutputTopic(Topics.TRAIL.name(), Topics.TRAIL.keySerde().deserializer(),
                Topics.TRAIL.valueSerde().deserializer());
        input(Topics.CDC_CATALOG).pipeInput("ms2_products:1", rows.insert("modx_ms2_products", Map.of("id", 1, "article", "TEA-01")));
        input(Topics.CDC_CATALOG).pipeInput("ms2_products:7", rows.insert("modx_ms2_products", Map.of("id", 7, "article", "CUP-07")));
        input(Topics.CDC_CATALOG).pipeInput("ms2_deliveries:1", rows.insert("modx_ms2_deliveries", Map.of("id", 1)));
        input(Topics.CDC_CUSTOMERS).pipeInput("2", rows.insert("modx_users", Map.of("id", 2)));
        input(Topics.CDC_CUSTOMERS).pipeInput("2", rows.insert("modx_user_attributes", Map.of("id", 2, "internalKey", 2)));
    }

    /** msOrderHandler::submit(): order at status 0, address, items, UPDATE status, log row. */
    private List<JsonNode> checkout() {
        List<JsonNode> events = List.of(
                rows.insert("modx_ms2_orders", Map.of("id", 2, "user_id", 2, "status", 0)),
                rows.insert("modx_ms2_order_addresses", Map.of("id", 2, "order_id", 2)),
                rows.insert("modx_ms2_order_products", Map.of("id", 3, "order_id", 2)),
                rows.insert("modx_ms2_order_products", Map.of("id", 4, "order_id", 2, "product_id", 7,
                        "name", "Чашка", "count", 1, "price", "890.50", "cost", "890.50", "weight", "0.300")),
                rows.update("modx_ms2_orders", 2, Map.of("status", 1)),
                rows.insert("modx_ms2_order_logs", Map.of("id", 2, "order_id", 2, "entry", "1")));
        events.forEach(e -> cdcOrders.pipeInput("2", e));
        return events;
    }

    private static CrmEvent crm(String source, String status, long historyId, long timeMs) {
        return new CrmEvent("retailcrm", source, "2", "1002", status, historyId, timeMs);
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }
}
