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
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.processor.frontpad.FrontpadMapping;
import shopsync.processor.frontpad.FrontpadRequests;
import shopsync.processor.retailcrm.Backfill;
import shopsync.processor.retailcrm.RetailCrmMapping;
import shopsync.processor.retailcrm.RetailCrmOptions;
import shopsync.processor.retailcrm.RetailCrmRequests;

/**
 * What the first start does with what the shop already had (the snapshot, op {@code r}): RetailCRM gets it as a
 * backfill that never edits (or nothing, or everything, as configured); Frontpad never gets it — it was cooked
 * long ago. What happens after the start is synced as usual.
 */
class BackfillTopologyTest {
    static final RetailCrmMapping MAPPING = new RetailCrmMapping(Map.of("1", "new", "2", "paid"), Map.of("1", "courier"),
            Map.of("1", "cash"), BigDecimal.valueOf(1000), Set.of());
    static final FrontpadMapping FRONTPAD = new FrontpadMapping(Map.of("1", "1"), null, Map.of(), null, false, Map.of(), null,
            Map.of(), null, List.of(), null, Map.of());

    final Envelopes rows = new Envelopes();

    @Test
    void missingCreatesWhatTheStoreLacksAndNeverEditsThenLiveChangesGoAsUsual() {
        try (TopologyTestDriver driver = driver(new RetailCrmRequests(MAPPING, RetailCrmOptions.defaults().withBackfill(Backfill.MISSING)))) {
            snapshotOfAnOldOrder(driver);
            assertThat(requests(driver, Topics.RETAILCRM.syncTopic())).extracting(r -> r.key() + " " + r.value().kind())
                    .containsExactly("customer:2 CUSTOMER_BACKFILL", "order:9 CUSTOMER_BACKFILL", "order:9 ORDER_BACKFILL");

            input(driver, Topics.CDC_ORDERS).pipeInput("9", rows.update("modx_ms2_orders", 9, Map.of("status", 2)));
            assertThat(requests(driver, Topics.RETAILCRM.syncTopic())).extracting(r -> r.value().kind()).containsExactly(Kind.STATUS_EDIT);
        }
    }

    @Test
    void noneSendsNothingOfWhatTheShopHadAndAllSendsItLikeNew() {
        try (TopologyTestDriver driver = driver(new RetailCrmRequests(MAPPING, RetailCrmOptions.defaults().withBackfill(Backfill.NONE)))) {
            snapshotOfAnOldOrder(driver);
            assertThat(requests(driver, Topics.RETAILCRM.syncTopic())).isEmpty();
        }
        try (TopologyTestDriver driver = driver(new RetailCrmRequests(MAPPING, RetailCrmOptions.defaults().withBackfill(Backfill.ALL)))) {
            snapshotOfAnOldOrder(driver);
            assertThat(requests(driver, Topics.RETAILCRM.syncTopic())).extracting(r -> r.value().kind())
                    .containsExactly(Kind.CUSTOMER_UPSERT, Kind.CUSTOMER_UPSERT, Kind.ORDER_CREATE);
        }
    }

    @Test
    void frontpadNeverGetsAnOrderTheShopHadBeforeOnlyNewOnes() {
        try (TopologyTestDriver driver = driver(new FrontpadRequests(FRONTPAD))) {
            snapshotOfAnOldOrder(driver);
            assertThat(requests(driver, Topics.FRONTPAD.syncTopic())).isEmpty();

            TestInputTopic<String, JsonNode> orders = input(driver, Topics.CDC_ORDERS);
            orders.pipeInput("10", rows.insert("modx_ms2_orders", Map.of("id", 10, "user_id", 2, "status", 0)));
            orders.pipeInput("10", rows.insert("modx_ms2_order_products", Map.of("id", 31, "order_id", 10, "product_id", 1)));
            orders.pipeInput("10", rows.update("modx_ms2_orders", 10, Map.of("status", 1)));
            assertThat(requests(driver, Topics.FRONTPAD.syncTopic())).extracting(TestRecord::key).containsExactly("order:10");
        }
    }

    /** The snapshot reads reference data and customers first and an order's own row after its address and items. */
    private void snapshotOfAnOldOrder(TopologyTestDriver driver) {
        input(driver, Topics.CDC_CATALOG).pipeInput("ms2_products:1", rows.read("modx_ms2_products", Map.of("id", 1, "article", "TEA-01")));
        TestInputTopic<String, JsonNode> customers = input(driver, Topics.CDC_CUSTOMERS);
        customers.pipeInput("2", rows.read("modx_users", Map.of("id", 2)));
        customers.pipeInput("2", rows.read("modx_user_attributes", Map.of("id", 2, "internalKey", 2)));
        TestInputTopic<String, JsonNode> orders = input(driver, Topics.CDC_ORDERS);
        orders.pipeInput("9", rows.read("modx_ms2_order_addresses", Map.of("id", 9, "order_id", 9)));
        orders.pipeInput("9", rows.read("modx_ms2_order_products", Map.of("id", 30, "order_id", 9, "product_id", 1)));
        orders.pipeInput("9", rows.read("modx_ms2_orders", Map.of("id", 9, "user_id", 2, "status", 1)));
    }

    private static TopologyTestDriver driver(TargetTranslator target) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(ShopTopology.build(new StreamsBuilder(), new TopologySettings("modx_", Set.of(5), List.of(target))), p);
    }

    private static List<TestRecord<String, SyncRequest>> requests(TopologyTestDriver driver, Topic<String, SyncRequest> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).readRecordsToList();
    }

    private static TestInputTopic<String, JsonNode> input(TopologyTestDriver driver, Topic<String, JsonNode> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
