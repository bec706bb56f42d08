package shopsync.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import shopsync.events.CrmEvent;
import shopsync.events.DeadLetter;
import shopsync.events.ShopCommand;
import shopsync.events.SyncRequest;
import shopsync.events.Topics;
import shopsync.processor.frontpad.FrontpadMapping;
import shopsync.processor.frontpad.FrontpadRequests;

/** The Frontpad branch of the topology: when an order is sent, and what cannot be. */
class FrontpadTopologyTest {
    final Envelopes rows = new Envelopes();

    @Test
    void withSendOnStatusTheOrderGoesOnlyWhenItReachesThatStatus() {
        try (TopologyTestDriver driver = driver(2)) {
            TestOutputTopic<String, SyncRequest> out = output(driver);
            checkout(driver, 1);
            assertThat(out.isEmpty()).as("status 1 is not the send-on status").isTrue();
            input(driver).pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", 2)));
            SyncRequest sent = out.readValue();
            assertThat(sent.kind()).isEqualTo(SyncRequest.Kind.ORDER_CREATE);
            assertThat(sent.payload().path("product").toString()).as("the msOptionsPrice2 modification's article wins")
                    .isEqualTo("[\"TEA-01\",\"CUP-07-L\"]");
            assertThat(sent.payload().path("product_kol").toString()).isEqualTo("[\"2\",\"1\"]");
            assertThat(sent.payload().path("phone").asText()).isEqualTo("79000000002");
        }
    }

    @Test
    void withoutItTheOrderGoesWhenCreatedAndAnItemWithoutArticleIsADeadLetter() {
        try (TopologyTestDriver driver = driver(null)) {
            checkout(driver, 1);
            assertThat(output(driver).readValuesToList()).hasSize(1);

            input(driver).pipeInput("3", rows.insert("modx_ms2_orders", Map.of("id", 3, "status", 0)));
            input(driver).pipeInput("3", rows.insert("modx_ms2_order_products", Map.of("id", 30, "order_id", 3, "product_id", 99)));
            input(driver).pipeInput("3", rows.update("modx_ms2_orders", 3, Map.of("status", 1)));
            TestOutputTopic<String, DeadLetter> dlq = driver.createOutputTopic(Topics.SYNC_DLQ.name(),
                    Topics.SYNC_DLQ.keySerde().deserializer(), Topics.SYNC_DLQ.valueSerde().deserializer());
            var dead = dlq.readRecord();
            assertThat(dead.key()).isEqualTo("frontpad:3");
            assertThat(dead.value().reason()).isEqualTo("item(s) without an article cannot be sent to Frontpad: product [99]");
        }
    }

    @Test
    void anOrderFrontpadWouldNotTakeMovesToTheErrorStatusWithTheReasonInTheComment() {
        try (TopologyTestDriver driver = driver(null, mapping(null).onFailure(42, true))) {
            TestOutputTopic<String, ShopCommand> commands = driver.createOutputTopic(Topics.SHOP_COMMANDS.name(),
                    Topics.SHOP_COMMANDS.keySerde().deserializer(), Topics.SHOP_COMMANDS.valueSerde().deserializer());
            failures(driver).pipeInput("2", CrmEvent.deliveryFailure("frontpad", "2", "Frontpad invalid_product_keys", 1_000));

            var command = commands.readRecord();
            assertThat(command.key()).isEqualTo("2");
            assertThat(command.value()).isEqualTo(new ShopCommand(2, 42, "frontpad", "frontpad error", 1_000,
                    "Frontpad: Frontpad invalid_product_keys"));
            assertThat(commands.isEmpty()).isTrue();
        }
    }

    @Test
    void anOrderSentWithWarningsKeepsItsStatusAndTheCommentSaysWhatWasDropped() {
        try (TopologyTestDriver driver = driver(null, mapping(null).onFailure(42, true))) {
            String warnings = "sent with warnings (Frontpad order 7001): Frontpad dropped invalid_datetime";
            failures(driver).pipeInput("2", CrmEvent.deliveryFailure("frontpad", "2", warnings, 1_000));
            ShopCommand command = commandsOf(driver).readValue();
            assertThat(command.keepsStatus()).isTrue();
            assertThat(command.appendComment()).isEqualTo("Frontpad: " + warnings);

            String uncertain = "may already be in Frontpad — check by phone 79001112233 at 02.12 17:40 (Frontpad answered HTTP 502), "
                    + "then: shopsync dlq resolve --order 2 --sent <frontpad order id> | --not-sent";
            failures(driver).pipeInput("2", CrmEvent.deliveryFailure("frontpad", "2", uncertain, 2_000));
            ShopCommand attention = commandsOf(driver).readValue();
            assertThat(attention.status()).isEqualTo(42);
            assertThat(attention.appendComment()).isEqualTo("Frontpad: " + uncertain);
        }
    }

    @Test
    void theFailureReactionIsSwitchable() {
        try (TopologyTestDriver commentOnly = driver(null, mapping(null).onFailure(null, true))) {
            failures(commentOnly).pipeInput("2", CrmEvent.deliveryFailure("frontpad", "2", "Frontpad invalid_product_keys", 1_000));
            ShopCommand command = commandsOf(commentOnly).readValue();
            assertThat(command.keepsStatus()).isTrue();
            assertThat(command.appendComment()).isEqualTo("Frontpad: Frontpad invalid_product_keys");
        }
        try (TopologyTestDriver statusOnly = driver(null, mapping(null).onFailure(42, false))) {
            failures(statusOnly).pipeInput("2", CrmEvent.deliveryFailure("frontpad", "2", "Frontpad invalid_product_keys", 1_000));
            ShopCommand command = commandsOf(statusOnly).readValue();
            assertThat(command.status()).isEqualTo(42);
            assertThat(command.appendComment()).isNull();
        }
        try (TopologyTestDriver neither = driver(null, mapping(null).onFailure(null, false))) {
            failures(neither).pipeInput("2", CrmEvent.deliveryFailure("frontpad", "2", "Frontpad invalid_product_keys", 1_000));
            assertThat(commandsOf(neither).isEmpty()).isTrue();
        }
    }

    private static TestInputTopic<String, CrmEvent> failures(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.CRM_INBOUND.name(), Topics.CRM_INBOUND.keySerde().serializer(),
                Topics.CRM_INBOUND.valueSerde().serializer());
    }

    private static TestOutputTopic<String, ShopCommand> commandsOf(TopologyTestDriver driver) {
        return driver.createOutputTopic(Topics.SHOP_COMMANDS.name(), Topics.SHOP_COMMANDS.keySerde().deserializer(),
                Topics.SHOP_COMMANDS.valueSerde().deserializer());
    }

    private static FrontpadMapping mapping(Integer sendOnStatus) {
        return new FrontpadMapping(Map.of("1", "1"), null, Map.of(), null, false, Map.of(), null, Map.of(), null,
                List.of(), sendOnStatus, Map.of());
    }

    private TopologyTestDriver driver(Integer sendOnStatus) {
        return driver(sendOnStatus, mapping(sendOnStatus));
    }

    private TopologyTestDriver driver(Integer sendOnStatus, FrontpadMapping mapping) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        TopologyTestDriver driver = new TopologyTestDriver(ShopTopology.build(new StreamsBuilder(),
                new TopologySettings("modx_", Set.of(5), List.of(new FrontpadRequests(mapping)))), p);
        TestInputTopic<String, JsonNode> catalog = driver.createInputTopic(Topics.CDC_CATALOG.name(),
                Topics.CDC_CATALOG.keySerde().serializer(), Topics.CDC_CATALOG.valueSerde().serializer());
        catalog.pipeInput("ms2_products:1", rows.insert("modx_ms2_products", Map.of("id", 1, "article", "TEA-01")));
        catalog.pipeInput("ms2_products:7", rows.insert("modx_ms2_products", Map.of("id", 7, "article", "CUP-07")));
        return driver;
    }

    private void checkout(TopologyTestDriver driver, int status) {
        TestInputTopic<String, JsonNode> in = input(driver);
        in.pipeInput("2", rows.insert("modx_ms2_orders", Map.of("id", 2, "status", 0)));
        in.pipeInput("2", rows.insert("modx_ms2_order_addresses", Map.of("id", 2, "order_id", 2)));
        in.pipeInput("2", rows.insert("modx_ms2_order_products", Map.of("id", 3, "order_id", 2)));
        in.pipeInput("2", rows.insert("modx_ms2_order_products", Map.of("id", 4, "order_id", 2, "product_id", 7, "count", 1,
                "options", "{\"size\":\"L\",\"article\":\"CUP-07-L\"}")));
        in.pipeInput("2", rows.update("modx_ms2_orders", 2, Map.of("status", status)));
    }

    private static TestInputTopic<String, JsonNode> input(TopologyTestDriver driver) {
        return driver.createInputTopic(Topics.CDC_ORDERS.name(), Topics.CDC_ORDERS.keySerde().serializer(),
                Topics.CDC_ORDERS.valueSerde().serializer());
    }

    private static TestOutputTopic<String, SyncRequest> output(TopologyTestDriver driver) {
        return driver.createOutputTopic(Topics.FRONTPAD.syncTopic().name(), Topics.FRONTPAD.syncTopic().keySerde().deserializer(),
                Topics.FRONTPAD.syncTopic().valueSerde().deserializer());
    }
}
