package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.CrmEvent;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.events.Topics;
import shopsync.sink.inbound.CursorStore;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.ShopOrders;
import shopsync.sink.inbound.WebhookIntake;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.TopicProbe;

/**
 * One RetailCRM account with two stores whose orders share an {@code externalId}: what the history, a thin trigger
 * or a modRetailCRM trigger says about the other store's order changes nothing in ours.
 */
class OtherStoresTest {
    static final String SECRET = "hook-secret-0123456789";
    static EmbeddedKafka kafka;
    static RetailCrmEmulator crm;
    static RetailCrmClient client;
    static InboundPublisher publisher;
    static StoreScope stores;
    static WebhookIntake intake;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.startTemporary();
        crm = RetailCrmEmulator.start("k");
        crm.setRequestsPerSecond(1000);
        crm.addSite("outlet");
        client = new RetailCrmClient(crm.url(), "k", "shop", Duration.ofSeconds(5));
        client.createOrder(Json.object().put("externalId", "41").put("status", "new"));
        crm.managerCreatesOrder("outlet", "41", "new");
        publisher = new InboundPublisher(kafka.bootstrapServers(), Clock.systemUTC());
        stores = new StoreScope("shop");
        intake = new WebhookIntake(0, SECRET, List.of(new RetailCrmWebhooks(client, Clock.systemUTC(), OrderExternalId.ID, new ShopOrders(null, Clock.systemUTC()), stores)), publisher);
    }

    @AfterAll
    static void stop() {
        intake.close();
        publisher.close();
        client.close();
        crm.close();
        kafka.close();
    }

    @Test
    void theHistoryOfAnotherStoresOrderWithOurExternalIdChangesNothing() {
        HistoryPoller poller = new HistoryPoller(client, publisher, new CursorStore(kafka.bootstrapServers()), RetailCrmEmulator.ZONE,
                Clock.systemUTC(), OrderExternalId.ID, new ShopOrders(null, Clock.systemUTC()), stores);
        poller.pollOnce(); // the first start: from the newest record on
        long before = stores.otherStore();

        crm.managerSetsStatus("outlet", "41", "cancel-other");
        crm.managerSetsStatus("shop", "41", "assembling");

        assertThat(poller.pollOnce()).isEqualTo(1);
        assertThat(inbound()).filteredOn(e -> e.source().equals("history")).extracting(e -> e.orderId() + " " + e.status())
                .containsExactly("41 assembling");
        assertThat(stores.otherStore() - before).isEqualTo(1);
    }

    @Test
    void aThinTriggerForAnotherStoresOrderIsSkippedAndCounted() throws Exception {
        long before = stores.otherStore();
        String theirs = crm.order("outlet", "41").path("id").asText();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/retailcrm/" + SECRET + "?orderId=" + theirs))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("recorded as skipped, so the CRM stops").isEqualTo(202);
        assertThat(inbound()).noneMatch(e -> e.source().equals("webhook:comagic"));
        assertThat(stores.otherStore() - before).isEqualTo(1);

        HttpResponse<String> ours = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/retailcrm/" + SECRET + "?orderId="
                + crm.order("shop", "41").path("id").asText())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ours.statusCode()).isEqualTo(200);
    }

    @Test
    void aModRetailCrmTriggerNamingAnotherStoreIsRefused() throws Exception {
        long before = stores.otherStore();
        HttpResponse<String> wrong = post("retailCRM_action=change_status&status=complete&order_id=41&site=outlet");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(Json.parse(wrong.body()).path("error").asText()).isEqualTo("the order is in store 'outlet', shopsync serves 'shop'");
        assertThat(stores.otherStore() - before).isEqualTo(1);
        assertThat(inbound()).noneMatch(e -> e.source().equals("webhook:modretailcrm") && e.status().equals("complete"));

        assertThat(post("retailCRM_action=change_status&status=paid&order_id=41&site=shop").statusCode()).isEqualTo(200);
    }

    @Test
    void theCountIsAPrometheusCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        stores.metrics(registry);
        assertThat(registry.find("shopsync.retailcrm.other.store").functionCounter()).isNotNull();
    }

    static HttpResponse<String> post(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/retailcrm/" + SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String base() {
        return "http://127.0.0.1:" + intake.port();
    }

    static List<CrmEvent> inbound() {
        try (TopicProbe<CrmEvent> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.CRM_INBOUND)) {
            return probe.readToEnd().stream().map(ConsumerRecord::value).toList();
        }
    }
}
