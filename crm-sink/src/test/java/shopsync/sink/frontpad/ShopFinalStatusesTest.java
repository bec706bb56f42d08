package shopsync.sink.frontpad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.Json;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;

/** The shop's final statuses, as the capture writes ms2_order_statuses to shop.cdc.catalog. */
class ShopFinalStatusesTest {
    @Test
    void statusesMarkedFinalAreKnownAndTheLatestRowWins() {
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary(); AckedProducer producer = new AckedProducer(kafka.bootstrapServers())) {
            producer.send(Topics.CDC_CATALOG, "ms2_order_statuses:1", row("final", 0));
            producer.send(Topics.CDC_CATALOG, "ms2_order_statuses:3", row("final", true));
            producer.send(Topics.CDC_CATALOG, "ms2_order_statuses:4", row("final", 1));
            producer.send(Topics.CDC_CATALOG, "ms2_order_statuses:4", row("final", 0));
            producer.send(Topics.CDC_CATALOG, "ms2_products:3", row("article", "A-1"));
            ShopFinalStatuses finals = new ShopFinalStatuses(kafka.bootstrapServers(), Duration.ofMinutes(10), Clock.systemUTC());
            assertThat(finals.isFinal(3)).isTrue();
            assertThat(finals.isFinal(1)).isFalse();
            assertThat(finals.isFinal(4)).as("unmarked since").isFalse();
        }
    }

    private static JsonNode row(String column, Object value) {
        var after = Json.object();
        after.putPOJO(column, value);
        return Json.object().put("op", "u").set("after", after);
    }
}
