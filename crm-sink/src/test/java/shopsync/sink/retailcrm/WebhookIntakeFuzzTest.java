package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.CrmEvent;
import shopsync.events.Topics;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.WebhookIntake;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.TopicProbe;

/**
 * 1,200 generated unauthenticated or malformed requests: none gets a 5xx, none reaches {@code crm.inbound},
 * and the intake still accepts a valid request afterwards.
 */
class WebhookIntakeFuzzTest {
    static final String SECRET = "fuzz-secret-0123456789";
    static EmbeddedKafka kafka;
    static RetailCrmEmulator crm;
    static RetailCrmClient client;
    static InboundPublisher publisher;
    static WebhookIntake intake;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicInteger tries = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        kafka = EmbeddedKafka.startTemporary();
        crm = RetailCrmEmulator.start("k");
        crm.setRequestsPerSecond(100_000);
        client = new RetailCrmClient(crm.url(), "k", "shop", Duration.ofSeconds(5));
        publisher = new InboundPublisher(kafka.bootstrapServers(), Clock.systemUTC());
        intake = new WebhookIntake(0, SECRET, List.of(new RetailCrmWebhooks(client, Clock.systemUTC())), publisher);
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            assertThat(tries.get()).isGreaterThanOrEqualTo(1000);
            assertThat(inboundCount()).as("no generated request reached crm.inbound").isZero();
            HttpResponse<String> valid = send(new Req("POST", "/webhooks/retailcrm/" + SECRET, null,
                    "application/x-www-form-urlencoded", "retailCRM_action=change_status&status=paid&order_id=12"));
            assertThat(valid.statusCode()).as("still serving valid requests").isEqualTo(200);
            assertThat(inboundCount()).isEqualTo(1);
            System.out.println("fuzz: " + tries.get() + " requests, outcomes " + intake.counts());
        } finally {
            intake.close();
            publisher.close();
            client.close();
            crm.close();
            kafka.close();
        }
    }

    record Req(String method, String path, String token, String contentType, String body) {}

    @Property(tries = 600)
    void unauthenticatedRequestsAre401Or404AndWriteNothing(@ForAll("unauthenticated") Req req) throws Exception {
        tries.incrementAndGet();
        int status = send(req).statusCode();
        assertThat(status).isIn(401, 404);
    }

    @Property(tries = 600)
    void malformedAuthenticatedRequestsAre4xxWithAReason(@ForAll("malformed") Req req) throws Exception {
        tries.incrementAndGet();
        HttpResponse<String> r = send(req);
        assertThat(r.statusCode()).isBetween(202, 499).isNotEqualTo(200);
    }

    @Provide
    Arbitrary<Req> unauthenticated() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH");
        Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.just("/webhooks/retailcrm"),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40).map(s -> "/webhooks/retailcrm/" + s),
                Arbitraries.strings().alpha().ofMaxLength(20).map(s -> "/" + s),
                Arbitraries.just("/webhooks/retailcrm/" + SECRET + "/extra"));
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40).filter(s -> !s.equals(SECRET)));
        return Combinators.combine(method, path, token, contentTypes(), bodies()).as(Req::new);
    }

    @Provide
    Arbitrary<Req> malformed() {
        Arbitrary<String> path = Arbitraries.of("/webhooks/retailcrm/" + SECRET, "/webhooks/retailcrm");
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "POST", "POST", "PUT");
        return Combinators.combine(method, path, contentTypes(), malformedBodies())
                .as((m, p, ct, body) -> new Req(m, p, p.endsWith(SECRET) ? null : SECRET, ct, body));
    }

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/x-www-form-urlencoded", "application/json", "text/plain",
                "multipart/form-data; boundary=xyz", "multipart/form-data", "");
    }

    private static Arbitrary<String> bodies() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300),
                Arbitraries.just("retailCRM_action=change_status&status=paid&order_id=12"),
                Arbitraries.just("{\"type\":\"order\",\"status\":\"paid\",\"id\":5}"));
    }

    /** Field sets that are never a valid trigger: a wrong action or type, a bad status or id, or junk. */
    private static Arbitrary<String> malformedBodies() {
        Arbitrary<String> badStatus = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().withChars(" <>'\"%;/\\{}").ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().alpha().ofMinLength(65).ofMaxLength(200));
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(500);
        return Arbitraries.oneOf(
                junk,
                junk.map(j -> "{" + j),
                Arbitraries.strings().alpha().ofMaxLength(20).map(a -> "retailCRM_action=" + a + "x&status=paid&order_id=1"),
                badStatus.map(s -> "retailCRM_action=change_status&order_id=12&status=" + URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(t -> "type=" + t + "z&status=paid&id=5"),
                badStatus.map(s -> "type=order&id=5&event=status&status=" + URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(19).map(i -> "orderId=" + i),
                Arbitraries.just("retailCRM_action=change_status&status=paid"),
                Arbitraries.just("[1,2,3]"),
                Arbitraries.strings().numeric().ofMinLength(19).ofMaxLength(40).map(n -> "orderId=" + n),
                Arbitraries.just("x".repeat(70_000)));
    }

    static HttpResponse<String> send(Req req) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + intake.port() + req.path()))
                .timeout(Duration.ofSeconds(10));
        if (req.token() != null) b.header("X-Shopsync-Token", req.token());
        if (!req.contentType().isEmpty()) b.header("Content-Type", req.contentType());
        if (req.method().equals("GET") || req.method().equals("DELETE")) b.method(req.method(), HttpRequest.BodyPublishers.noBody());
        else b.method(req.method(), HttpRequest.BodyPublishers.ofString(req.body()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int inboundCount() {
        try (TopicProbe<CrmEvent> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.CRM_INBOUND)) {
            return probe.readToEnd().size();
        }
    }

}
