package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import shopsync.events.DeadLetter;
import shopsync.events.OrderExternalId;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.processor.retailcrm.RetailCrmMapping;
import shopsync.processor.retailcrm.RetailCrmOptions;
import shopsync.processor.retailcrm.RetailCrmRequests;

/**
 * {@code retailcrm.order-external-id}: every request that names an order in RetailCRM names it by the chosen scheme,
 * while the record's key and entity id stay the shop order id.
 */
class RetailCrmOrderNamesTest {
    static final RetailCrmMapping MAPPING = new RetailCrmMapping(Map.of("1", "new", "2", "paid"), Map.of("1", "self-delivery"),
            Map.of("1", "cash"), BigDecimal.valueOf(1000), Set.of());

    TopologyTestDriver driver;
    Envelopes rows = new Envelopes();
    TestInputTopic<String, JsonNode> cdcOrders;
    TestOutputTopic<String, SyncRequest> retailCrm;
    TestOutputTopic<String, DeadLetter> dlq;

    @AfterEach
    void stop() {
        driver.close();
    }

    @ParameterizedTest
    @CsvSource({"ID, 41", "NUM, 2103-308"})
    void createEditAndStatusEditNameTheOrderByTheScheme(OrderExternalId scheme, String externalId) {
        start(scheme);
        checkout(Map.of("id", 41, "user_id", 2, "status", 0, "num", "2103/308"));

        List<TestRecord<String, SyncRequest>> created = retailCrm.readRecordsToList();
        TestRecord<String, SyncRequest> create = created.get(created.size() - 1);
        assertThat(create.value().kind()).isEqualTo(Kind.ORDER_CREATE);
        assertThat(create.key()).isEqualTo("order:41");
        assertThat(create.value().entityId()).isEqualTo("41");
        assertThat(create.value().payload().path("externalId").asText()).isEqualTo(externalId);
        assertThat(create.value().payload().path("number").asText()).isEqualTo("2103/308");

        cdcOrders.pipeInput("41", rows.update("modx_ms2_orders", 41, Map.of("order_comment", "Позвонить")));
        SyncRequest edit = retailCrm.readValue();
        assertThat(edit.kind()).isEqualTo(Kind.ORDER_EDIT);
        assertThat(edit.entityId()).isEqualTo("41");
        assertThat(edit.payload().path("externalId").asText()).isEqualTo(externalId);

        cdcOrders.pipeInput("41", rows.update("modx_ms2_orders", 41, Map.of("status", 2)));
        TestRecord<String, SyncRequest> status = retailCrm.readRecord();
        assertThat(status.key()).isEqualTo("order:41");
        assertThat(status.value().kind()).isEqualTo(Kind.STATUS_EDIT);
        assertThat(status.value().entityId()).isEqualTo("41");
        assertThat(status.value().payload().toString()).isEqualTo("{\"externalId\":\"" + externalId + "\",\"status\":\"paid\"}");
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void byNumAnOrderWithoutANumIsADeadLetterNotAnOrderNamedNull() {
        start(OrderExternalId.NUM);
        Map<String, Object> order = new HashMap<>(Map.of("id", 42, "user_id", 2, "status", 0));
        order.put("num", null);
        checkout(order);

        assertThat(retailCrm.readRecordsToList()).extracting(r -> r.value().kind()).doesNotContain(Kind.ORDER_CREATE);
        DeadLetter dead = dlq.readValue();
        assertThat(dead.toString()).contains("42").contains("no num").contains("retailcrm.order-external-id");
    }

    private void start(OrderExternalId scheme) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ShopTopology.build(new StreamsBuilder(),
                new TopologySettings("modx_", Set.of(5, 999), List.of(new RetailCrmRequests(MAPPING, RetailCrmOptions.defaults().withOrderNames(scheme))))), p);
        cdcOrders = input(Topics.CDC_ORDERS);
        retailCrm = output(Topics.RETAILCRM.syncTopic());
        dlq = output(Topics.SYNC_DLQ);
        input(Topics.CDC_CATALOG).pipeInput("ms2_products:1", rows.insert("modx_ms2_products", Map.of("id", 1, "article", "TEA-01")));
        input(Topics.CDC_CATALOG).pipeInput("ms2_deliveries:1", rows.insert("modx_ms2_deliveries", Map.of("id", 1)));
        input(Topics.CDC_CATALOG).pipeInput("ms2_payments:1", rows.insert("modx_ms2_payments", Map.of("id", 1)));
    }

    /** A checkout as miniShop2 writes it: the order at status 0, its address and item, then status 1. */
    private void checkout(Map<String, Object> order) {
        long id = ((Number) order.get("id")).longValue();
        String key = String.valueOf(id);
        cdcOrders.pipeInput(key, rows.insert("modx_ms2_orders", order));
        cdcOrders.pipeInput(key, rows.insert("modx_ms2_order_addresses", Map.of("id", id, "order_id", id)));
        cdcOrders.pipeInput(key, rows.insert("modx_ms2_order_products", Map.of("id", id * 10, "order_id", id)));
        cdcOrders.pipeInput(key, rows.update("modx_ms2_orders", id, Map.of("status", 1)));
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> t) {
        return driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }
}
