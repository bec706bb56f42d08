package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.WebhookIntake;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.TopicProbe;

/** Every trigger format the seeds use, the secret, and what happens to bad input. */
class WebhookIntakeTest {
    static final String SECRET = "hook-secret-0123456789";
    static EmbeddedKafka kafka;
    static RetailCrmEmulator crm;
    static RetailCrmClient client;
    static InboundPublisher publisher;
    static WebhookIntake intake;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.startTemporary();
        crm = RetailCrmEmulator.start("k");
        crm.setRequestsPerSecond(1000);
        client = new RetailCrmClient(crm.url(), "k", "shop", Duration.ofSeconds(5));
        client.createOrder(Json.object().put("externalId", "41").put("status", "new"));
        publisher = new InboundPublisher(kafka.bootstrapServers(), Clock.systemUTC());
        intake = new WebhookIntake(0, SECRET, List.of(new RetailCrmWebhooks(client, Clock.systemUTC())), publisher);
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
    void modRetailCrmTriggerWithTheSecretInThePath() throws Exception {
        HttpResponse<String> r = post("/webhooks/retailcrm/" + SECRET, "application/x-www-form-urlencoded",
                "retailCRM_action=change_status&status=paid&order_id=41", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastEvent("webhook:modretailcrm")).satisfies(e -> {
            assertThat(e.orderId()).isEqualTo("41");
            assertThat(e.status()).isEqualTo("paid");
        });
    }

    @Test
    void intellectDialogTriggerLearnsTheShopOrderFromTheCrm() throws Exception {
        String crmId = crm.order("shop", "41").path("id").asText();
        HttpResponse<String> r = post("/webhooks/retailcrm", "application/x-www-form-urlencoded",
                "type=order&status=complete&id=" + crmId + "&event=status", SECRET);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastEvent("webhook:intellectdialog")).satisfies(e -> {
            assertThat(e.orderId()).isEqualTo("41");
            assertThat(e.crmOrderId()).isEqualTo(crmId);
            assertThat(e.status()).isEqualTo("complete");
        });
    }

    @Test
    void coMagicThinTriggerTakesTheStatusFromTheCrm() throws Exception {
        crm.managerSetsStatus("shop", "41", "assembling");
        String crmId = crm.order("shop", "41").path("id").asText();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/retailcrm?orderId=" + crmId))
                .header("X-Shopsync-Token", SECRET).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastEvent("webhook:comagic").status()).isEqualTo("assembling");
    }

    @Test
    void jsonBodiesWithTheSameFields() throws Exception {
        HttpResponse<String> r = post("/webhooks/retailcrm/" + SECRET, "application/json",
                "{\"retailCRM_action\":\"change_status\",\"status\":\"send-to-delivery\",\"order_id\":41}", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastEvent("webhook:modretailcrm").status()).isEqualTo("send-to-delivery");
    }

    @Test
    void withoutTheSecretNothingIsWritten() throws Exception {
        int before = inbound().size();
        assertThat(post("/webhooks/retailcrm", "application/x-www-form-urlencoded",
                "retailCRM_action=change_status&status=paid&order_id=41", null).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/retailcrm/not-the-secret", "application/x-www-form-urlencoded",
                "retailCRM_action=change_status&status=paid&order_id=41", null).statusCode()).isEqualTo(401);
        assertThat(inbound()).hasSize(before);
    }

    @Test
    void badInputGetsAReasonAndUnknownOrdersAreRecorded() throws Exception {
        HttpResponse<String> bad = post("/webhooks/retailcrm/" + SECRET, "application/x-www-form-urlencoded", "foo=bar", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.parse(bad.body()).path("error").asText()).isEqualTo("unrecognised webhook: expected retailCRM_action, type=order or orderId");

        HttpResponse<String> unknown = post("/webhooks/retailcrm/" + SECRET, "application/x-www-form-urlencoded",
                "type=order&status=paid&id=999999&event=status", null);
        assertThat(unknown.statusCode()).isEqualTo(202);
        try (TopicProbe<SyncResult> results = new TopicProbe<>(kafka.bootstrapServers(), Topics.SYNC_RESULTS)) {
            results.readUntil(rs -> rs.stream().anyMatch(x -> x.value().entityId().equals("999999")
                    && x.value().detail().equals("webhook skipped: no such order in RetailCRM")), Duration.ofSeconds(20));
        }
        assertThat(intake.counts()).containsKeys("bad-request", "unknown-order");
    }

    @Test
    void aCrmThatCannotBeAskedIsA503SoTheTriggerIsRetried() throws Exception {
        try (RetailCrmClient gone = new RetailCrmClient("http://127.0.0.1:1", "k", "shop", Duration.ofSeconds(1));
             WebhookIntake lonely = new WebhookIntake(0, SECRET, List.of(new RetailCrmWebhooks(gone, Clock.systemUTC())), publisher)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lonely.port()
                    + "/webhooks/retailcrm/" + SECRET + "?orderId=5")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aRefusedRequestWithAnUnreadBodyLeavesTheConnectionUsable() throws Exception {
        String body = "x".repeat(100 * 1024); // more than the JDK server drains by itself
        try (Socket socket = new Socket("127.0.0.1", intake.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 2; i++) {
                out.write(("POST /webhooks/retailcrm/not-the-secret HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(in.readLine()).startsWith("HTTP/1.1 401");
                int length = 0;
                for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
                    assertThat(header).doesNotStartWithIgnoringCase("connection: close");
                    if (header.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(header.substring(15).trim());
                }
                assertThat(in.skip(length)).isEqualTo(length);
            }
        }
    }

    static HttpResponse<String> post(String path, String contentType, String body, String tokenHeader) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (tokenHeader != null) b.header("X-Shopsync-Token", tokenHeader);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String base() {
        return "http://127.0.0.1:" + intake.port();
    }

    static List<CrmEvent> inbound() {
        try (TopicProbe<CrmEvent> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.CRM_INBOUND)) {
            return probe.readToEnd().stream().map(ConsumerRecord::value).toList();
        }
    }

    /** The event just acknowledged: 2xx means it is already in the topic. */
    static CrmEvent lastEvent(String source) {
        List<CrmEvent> events = inbound().stream().filter(e -> e.source().equals(source)).toList();
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }

    static String form(String key, String value) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
