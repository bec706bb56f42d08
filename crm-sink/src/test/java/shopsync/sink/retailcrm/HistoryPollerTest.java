package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.CrmEvent;
import shopsync.events.Json;
import shopsync.events.Topics;
import shopsync.sink.inbound.CursorStore;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.TopicProbe;

/** The history poller against the emulator's orders/history and a real broker. */
class HistoryPollerTest {
    static EmbeddedKafka kafka;
    static RetailCrmEmulator crm;
    static RetailCrmClient client;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startTemporary();
        crm = RetailCrmEmulator.start("k");
        crm.setRequestsPerSecond(1000);
        client = new RetailCrmClient(crm.url(), "k", "shop", Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        client.close();
        crm.close();
        kafka.close();
    }

    @Test
    void followsManagersChangesFromNowOnSkipsOurOwnAndLosesNothingInACrash() {
        for (int i = 1; i <= 3; i++) client.createOrder(Json.object().put("externalId", String.valueOf(i)).put("status", "new"));
        crm.managerSetsStatus("shop", "1", "paid");   // before the first start: not replayed

        try (InboundPublisher publisher = new InboundPublisher(kafka.bootstrapServers(), Clock.systemUTC())) {
            HistoryPoller first = poller(publisher);
            assertThat(first.pollOnce()).as("the first start begins at the newest record").isZero();

            crm.managerSetsStatus("shop", "2", "assembling");
            client.editOrder("3", Json.object().put("externalId", "3").put("status", "complete")); // our own change
            assertThat(first.pollOnce()).isEqualTo(1);
            assertThat(inbound()).extracting(e -> e.orderId() + " " + e.status() + " " + e.source())
                    .containsExactly("2 assembling history");

            crm.managerSetsStatus("shop", "1", "send-to-delivery");
            AtomicBoolean crashed = new AtomicBoolean();
            InboundPublisher crashing = new InboundPublisher(kafka.bootstrapServers(), Clock.systemUTC()) {
                @Override
                public void publish(List<CrmEvent> events) {
                    crashed.set(true);
                    throw new IllegalStateException("killed after fetching the page, before publishing it");
                }
            };
            assertThatThrownBy(() -> poller(crashing).pollOnce()).isInstanceOf(IllegalStateException.class);
            crashing.close();
            assertThat(crashed).isTrue();

            assertThat(poller(publisher).pollOnce()).as("after the restart the page is fetched again").isEqualTo(1);
            List<CrmEvent> events = inbound();
            assertThat(events).extracting(e -> e.orderId() + " " + e.status()).containsExactly("2 assembling", "1 send-to-delivery");
            assertThat(events.get(1).historyId()).isGreaterThan(events.get(0).historyId());
        }
    }

    private static HistoryPoller poller(InboundPublisher publisher) {
        return new HistoryPoller(client, publisher, new CursorStore(kafka.bootstrapServers()), RetailCrmEmulator.ZONE, Clock.systemUTC());
    }

    private static List<CrmEvent> inbound() {
        try (TopicProbe<CrmEvent> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.CRM_INBOUND)) {
            return probe.readToEnd().stream().map(ConsumerRecord::value).toList();
        }
    }
}
