package shopsync.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import shopsync.app.check.CheckReport;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.ops.DeadLetters;
import shopsync.app.ops.OrderTrail;
import shopsync.app.ops.Trail;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.DeadLetter;
import shopsync.events.Json;
import shopsync.events.Masking;
import shopsync.events.SyncRequest;
import shopsync.events.Topics;
import shopsync.events.TrailEntry;
import shopsync.events.kafka.AckedProducer;
import shopsync.http.JsonHttpServer;
import shopsync.sink.frontpad.FrontpadDelivery;

/**
 * The console's pages and actions over HTTP, on a real broker's {@code sync.dlq}: text from a CRM or the shop is shown
 * as text (never as markup), phones and e-mails masked; actions need the configured token and a POST, and without
 * a configured token the console only shows.
 */
class OpsConsoleTest {
    static final String TOKEN = "the-ops-token-0123456789";
    static final String HOSTILE = "RetailCRM 400: <script>alert('x')</script> \"><img src=x onerror=alert(1)> for +79001234567 anna@example.com";
    static EmbeddedKafka kafka;
    static ShopsyncConfig config;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startTemporary();
        config = ShopsyncConfig.of(Map.of("shop.database", "shop", "shop.user", "cdc", "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "retailcrm.url", "http://127.0.0.1:1", "retailcrm.api-key", "k", "retailcrm.site", "shop",
                "retailcrm.mapping.statuses", Map.of("1", "new")));
        try (AckedProducer producer = new AckedProducer(kafka.bootstrapServers())) {
            SyncRequest request = new SyncRequest("retailcrm", SyncRequest.Kind.ORDER_CREATE, "41", Json.object(), 0);
            producer.send(Topics.SYNC_DLQ, "retailcrm:41", new DeadLetter("retailcrm", "41", request, HOSTILE, "{\"errors\":\"<b>bold</b>\"}",
                    1, 1_700_000_000_000L, 1_700_000_000_000L, 0));
            SyncRequest toKitchen = new SyncRequest("frontpad", SyncRequest.Kind.ORDER_CREATE, "42", Json.object(), 0);
            producer.send(Topics.SYNC_DLQ, "frontpad:42", new DeadLetter("frontpad", "42", toKitchen,
                    FrontpadDelivery.UNCERTAIN_PREFIX + " — check by phone 79001234567 at 02.12 17:40", null, 1, 1_700_000_000_000L,
                    1_700_000_000_000L, 0));
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void textFromACrmIsShownAsTextWithPersonalDataMasked() throws Exception {
        try (Served console = serve(TOKEN)) {
            for (String page : new String[] {"/console", "/console/dead-letters"}) {
                HttpResponse<String> r = get(console, page);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
                assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
                assertThat(r.body()).as(page)
                        .doesNotContain("<script>", "<img src=x", "<b>bold</b>", "+79001234567", "anna@example.com")
                        .contains("&lt;script&gt;alert(")
                        .contains(Masking.mask("+79001234567")).contains("a***@example.com");
            }
            assertThat(get(console, "/console").body()).as("the status report's own texts too")
                    .doesNotContain("<i>shop</i>").contains("&lt;i&gt;shop&lt;/i&gt;")
                    .contains("order:7").contains("RetailCRM 503: Service Unavailable for " + Masking.mask("+79001234599"));
        }
    }

    @Test
    void anOrderIsFoundByNumberWithItsTrailAndItsDeadLetter() throws Exception {
        try (Served console = serve(TOKEN)) {
            HttpResponse<String> found = get(console, "/console/orders?q=" + URLEncoder.encode(" 2611/41 ", StandardCharsets.UTF_8));
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains("Order 41").contains("number 2611/41").contains("ORDER_CREATE queued")
                    .contains("2023-11-14 22:13:21 UTC").contains("&lt;script&gt;").doesNotContain("<script>", "+79001234567")
                    .contains("id=\"order-dead-letters\"").contains("<button type=\"submit\" class=\"redrive\">Re-drive</button>");
            HttpResponse<String> unknown = get(console, "/console/orders?q=%3Cb%3E9%2F9");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("no order with number &lt;b&gt;9/9 in the shop or in the trail");
            assertThat(get(console, "/console/orders").body()).as("the search form alone").contains("Find an order");
        }
    }

    @Test
    void theCheckPageShowsThePreflightsFindingsAndWhatToDo() throws Exception {
        try (Served console = serve(TOKEN)) {
            String page = get(console, "/console/check").body();
            assertThat(page).contains("the start would not work").contains("2 checks, 1 problem(s), 0 warning(s), 1.2 s")
                    .contains("shop database").contains("binlog_format").contains("PROBLEM")
                    .contains("the key sees no store &lt;b&gt;shop&lt;/b&gt;").contains("access to &lt;i&gt;it&lt;/i&gt;");
        }
    }

    @Test
    void aReDriveNeedsTheTokenAndAPost() throws Exception {
        try (Served console = serve(TOKEN)) {
            assertThat(get(console, "/console/dead-letters").body()).doesNotContain("id=\"read-only\"")
                    .contains("<button type=\"submit\" class=\"redrive\">Re-drive</button>");
            HttpResponse<String> wrong = post(console, "/console/redrive", "target=retailcrm&entity=41&customer=false&token=guess-0123456789");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).contains("Wrong or missing ops token. Nothing was done.").doesNotContain("guess-0123456789");
            assertThat(post(console, "/console/redrive", "target=retailcrm&entity=41&customer=false").statusCode()).isEqualTo(403);
            assertThat(get(console, "/console/redrive").statusCode()).as("an action is never a GET").isEqualTo(405);
            assertThat(post(console, "/console/redrive", "target=retailcrm&entity=41%3Cx%3E&token=" + TOKEN).statusCode())
                    .as("an entity id is digits").isEqualTo(400);
            assertThat(openDeadLetters()).as("nothing was re-driven").isEqualTo(2);
        }
    }

    @Test
    void anOrderThatMayAlreadyBeInFrontpadIsResolvedNotReDriven() throws Exception {
        try (Served console = serve(TOKEN)) {
            String page = get(console, "/console/dead-letters").body();
            String row = page.substring(page.indexOf("data-target=\"frontpad\""), page.indexOf("</tr>", page.indexOf("data-target=\"frontpad\"")));
            assertThat(row).contains("uncertain").contains("It is in Frontpad").contains("Not in Frontpad: send once")
                    .doesNotContain("Re-drive").doesNotContain("79001234567");
            HttpResponse<String> withoutNumber = post(console, "/console/resolve", "order=42&outcome=sent&frontpad-order=&token=" + TOKEN);
            assertThat(withoutNumber.statusCode()).isEqualTo(400);
            assertThat(withoutNumber.body()).contains("Give the order's number in Frontpad");
            HttpResponse<String> notInLedger = post(console, "/console/resolve", "order=42&outcome=sent&frontpad-order=73311&token=" + TOKEN);
            assertThat(notInLedger.body()).as("the tool's own answer: the ledger has no uncertain order 42")
                    .contains("order 42 is not uncertain in Frontpad's ledger (NONE): nothing to resolve").contains("not done");
            assertThat(openDeadLetters()).isEqualTo(2);
        }
    }

    @Test
    void withoutAConfiguredTokenTheConsoleOnlyShows() throws Exception {
        try (Served console = serve(null)) {
            String page = get(console, "/console/dead-letters").body();
            assertThat(page).contains("id=\"read-only\"").contains("<button type=\"submit\" class=\"redrive\" disabled>Re-drive</button>");
            HttpResponse<String> r = post(console, "/console/redrive", "target=retailcrm&entity=41&customer=false&token=");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("The console is read-only: no ops.token is configured. Nothing was done.");
            assertThat(openDeadLetters()).isEqualTo(2);
        }
    }

    @Test
    void unknownPagesAreNotFoundAndTheRootLeadsToTheConsole() throws Exception {
        try (Served console = serve(TOKEN)) {
            assertThat(get(console, "/console/nothing-here").statusCode()).isEqualTo(404);
            HttpResponse<String> root = get(console, "/");
            assertThat(root.statusCode()).isEqualTo(303);
            assertThat(root.headers().firstValue("Location")).hasValue("/console");
        }
    }

    private static int openDeadLetters() {
        return new DeadLetters(config, kafka.bootstrapServers(), System.out).open(null, null).size();
    }

    /** Order 41 (number 2611/41), whose trail carries a CRM's markup; nothing is known of any other. */
    private static OrderTrail trail(String order) {
        if (!order.equals("41") && !order.equals("2611/41")) throw new Trail.UnknownOrder("no order with number " + order + " in the shop or in the trail");
        return new OrderTrail("41", "2611/41", List.of(
                TrailEntry.of(1_700_000_000_000L, "41", TrailEntry.PROCESSOR, TrailEntry.QUEUED, "retailcrm", "ORDER_CREATE queued"),
                TrailEntry.of(1_700_000_001_000L, "41", TrailEntry.SINK, TrailEntry.DEAD_LETTERED, "retailcrm", HOSTILE)), 0, false);
    }

    /** A preflight that found a problem, in words that carry markup. */
    private static CheckReport check() {
        return new CheckReport(List.of(
                new CheckReport.Entry("shop database", "binlog_format", CheckReport.Outcome.OK, "ROW", null),
                new CheckReport.Entry("retailcrm", "site", CheckReport.Outcome.PROBLEM, "the key sees no store <b>shop</b>",
                        "ask for a key with access to <i>it</i>")), Duration.ofMillis(1234));
    }

    /** A status report with markup and a phone in its texts, and a parked order. */
    private static JsonNode status() {
        return Json.parse("""
                {"roles": {"sink-retailcrm": {"live": true, "ready": false, "state": "<i>shop</i>"}},
                 "lag": {"shopsync-sink-retailcrm": 3},
                 "targets": [{"target": "retailcrm", "delivered": 5, "parked": 1, "deadLettered": 1, "retries": 4,
                              "lastSuccess": "2026-11-23T02:43:51.590Z", "lastErrorAt": "2026-11-23T02:43:51.715Z",
                              "lastError": "RetailCRM 503", "rateLimitWaitMs": 10,
                              "parkedEntities": {"order:7": "RetailCRM 503: Service Unavailable for +79001234599"}}],
                 "attention": ["retailcrm: 1 order(s) parked (CRM failing)"]}
                """);
    }

    private record Served(JsonHttpServer server, OpsConsole console) implements AutoCloseable {
        String url(String path) {
            return "http://127.0.0.1:" + server.port() + path;
        }

        @Override
        public void close() {
            server.close();
            console.close();
        }
    }

    private static Served serve(String token) throws IOException {
        OpsConsole console = new OpsConsole(new OpsConsole.Sources(OpsConsoleTest::status, new SimpleMeterRegistry(),
                out -> new DeadLetters(config, kafka.bootstrapServers(), out), OpsConsoleTest::trail, OpsConsoleTest::check), token,
                Clock.systemUTC());
        JsonHttpServer.Builder builder = JsonHttpServer.on(new InetSocketAddress("127.0.0.1", 0));
        console.routes().forEach(builder::route);
        return new Served(builder.start(), console);
    }

    private HttpResponse<String> get(Served console, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Served console, String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(console.url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
