package shopsync.sink.frontpad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.Json;
import shopsync.events.SyncRequest;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.frontpad.FrontpadFaults.Mode;
import shopsync.sink.frontpad.FrontpadLedger.State;
import shopsync.sink.inbound.Verdict;
import shopsync.testkit.FrontpadEmulator;

/**
 * Frontpad has no idempotency key and no look-up by our reference: an order whose outcome is unknown is UNCERTAIN,
 * never sent again, until a person or Frontpad's webhook settles it; only an error answer means "not created".
 */
class FrontpadDeliveryTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static EmbeddedKafka kafka;
    static FrontpadEmulator frontpad;
    static FrontpadFaults faults;
    static FrontpadClient client;
    static FrontpadClient viaFaults;

    @BeforeAll
    static void start() throws IOException {
        kafka = EmbeddedKafka.startTemporary();
        frontpad = FrontpadEmulator.start("s");
        frontpad.setLimits(1000, 1000, Duration.ofMinutes(1)); // these tests are about answers; the limits have FrontpadPollingBudgetTest
        frontpad.addProduct("A-1", "Пицца", "500");
        faults = new FrontpadFaults(frontpad.url());
        client = new FrontpadClient(frontpad.url(), "s", Duration.ofSeconds(5), new RateGate(50));
        viaFaults = new FrontpadClient(faults.url(), "s", Duration.ofSeconds(5), new RateGate(50));
    }

    @AfterAll
    static void stop() {
        viaFaults.close();
        client.close();
        faults.close();
        frontpad.close();
        kafka.close();
    }

    @BeforeEach
    void passThrough() {
        faults.mode(Mode.PASS);
    }

    @Test
    void anOrderAcceptedThenAnswered502IsUncertainAndNeverSentTwiceAcrossARetryAndARestart() {
        int before = frontpad.orders().size();
        SyncRequest create = create("601", order("79001110601"));
        try (FrontpadLedger ledger = ledger()) {
            FrontpadDelivery delivery = delivery(viaFaults, ledger, null);
            faults.mode(Mode.ANSWER_502);
            Delivery.Outcome first = delivery.deliver(create);
            assertThat(frontpad.orders()).as("Frontpad created it before the 502").hasSize(before + 1);
            assertThat(first.delivered()).isFalse();
            assertThat(first.uncertain()).as("the order's trail says uncertain, not refused").isTrue();
            assertThat(first.detail()).startsWith("may already be in Frontpad — check by phone 79001110601 at ")
                    .contains("HTTP 502").contains("shopsync dlq resolve --order 601 --sent <frontpad order id> | --not-sent");
            assertThat(ledger.get("601").state()).isEqualTo(State.UNCERTAIN);
            assertThat(ledger.uncertain()).isEqualTo(1);

            faults.mode(Mode.PASS);
            Delivery.Outcome retried = delivery.deliver(create);
            assertThat(retried.delivered()).isFalse();
            assertThat(retried.detail()).startsWith("may already be in Frontpad");
        }
        try (FrontpadLedger afterRestart = ledger()) {
            assertThat(afterRestart.get("601").state()).isEqualTo(State.UNCERTAIN);
            assertThat(delivery(client, afterRestart, null).deliver(create).detail()).startsWith("may already be in Frontpad");
        }
        assertThat(frontpad.orders()).as("never sent a second time").hasSize(before + 1);
    }

    @Test
    void aProcessThatDiesBetweenTheRequestAndTheLedgerWriteLeavesTheOrderUncertainNotSentAgain() {
        ObjectNode fields = order("79001110602");
        int before = frontpad.orders().size();
        try (FrontpadLedger dying = ledger()) {
            dying.markInFlight("602", "79001110602");
            assertThat(client.call("new_order", fields).success()).isTrue();
            // …and the process is killed here: the answer is never recorded.
        }
        try (FrontpadLedger after = ledger()) {
            Delivery.Outcome outcome = delivery(client, after, null).deliver(create("602", fields));
            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.detail()).contains("phone 79001110602").contains("shopsync stopped while it was being sent");
            assertThat(after.get("602").state()).isEqualTo(State.UNCERTAIN);
        }
        assertThat(frontpad.orders()).hasSize(before + 1);
        assertThat(frontpad.calls("get_status_phone")).as("an undocumented method").isEmpty();
    }

    @Test
    void aRequestThatNeverLeftIsRetriedAndThenSentOnce() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        int before = frontpad.orders().size();
        try (FrontpadLedger ledger = ledger();
             FrontpadClient refused = new FrontpadClient("http://127.0.0.1:" + closedPort + "/api/index.php", "s", Duration.ofSeconds(2),
                     new RateGate(50))) {
            SyncRequest create = create("603", order("79001110603"));
            assertThatThrownBy(() -> delivery(refused, ledger, null).deliver(create)).isInstanceOf(Delivery.TransientFailure.class)
                    .hasMessageContaining("could not connect");
            assertThat(ledger.get("603").state()).isEqualTo(State.NONE);
            assertThat(delivery(client, ledger, null).deliver(create).created()).isTrue();
        }
        assertThat(frontpad.orders()).hasSize(before + 1);
    }

    @Test
    void aPersonResolvesAnUncertainOrderAsSentOrAsNotSent() {
        try (FrontpadLedger sink = ledger()) {
            FrontpadDelivery delivery = delivery(viaFaults, sink, null);
            faults.mode(Mode.ANSWER_502);
            delivery.deliver(create("604", order("79001110604")));
            delivery.deliver(create("605", order("79001110605")));
            faults.mode(Mode.PASS);
            int before = frontpad.orders().size();

            try (FrontpadLedger cli = ledger()) { // what shopsync dlq resolve does, from another process
                cli.markSent("604", 777, 0); // --sent 777
                cli.clear("605"); // --not-sent, then a re-drive
            }
            Delivery.Outcome sent = delivery.deliver(create("604", order("79001110604")));
            assertThat(sent.delivered()).isTrue();
            assertThat(sent.crmId()).isEqualTo("777");
            assertThat(delivery.deliver(create("605", order("79001110605"))).created()).isTrue();
            assertThat(frontpad.orders()).as("only the order that was not there").hasSize(before + 1);
            assertThat(delivery.deliver(create("605", order("79001110605"))).created()).isFalse();
            assertThat(sink.get("604").state()).isEqualTo(State.SENT);
            assertThat(sink.uncertain()).isZero();
        }
    }

    @Test
    void frontpadsWebhookResolvesAnUncertainOrderItReportsOn() {
        List<String> resolved = new ArrayList<>();
        try (FrontpadLedger ledger = ledger()) {
            FrontpadDelivery delivery = delivery(viaFaults, ledger, "http://shop.example/webhooks/frontpad/secret");
            faults.mode(Mode.ANSWER_502);
            delivery.deliver(create("606", order("79001110606")));
            FrontpadEmulator.Order created = frontpad.orders().get(frontpad.orders().size() - 1);
            assertThat(created.fields()).containsEntry("hook_url", "http://shop.example/webhooks/frontpad/secret?shop_order=606");
            assertThat(ledger.get("606").state()).isEqualTo(State.UNCERTAIN);

            FrontpadWebhooks hooks = new FrontpadWebhooks(ledger, Map.of("2", "В пути"), Clock.systemUTC(),
                    (order, id) -> resolved.add(order + "=" + id));
            Verdict verdict = hooks.read("POST", Map.of("action", "change_status", "order_id", String.valueOf(created.orderId()), "status", "2",
                    "shop_order", "606"));
            assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
            assertThat(((Verdict.Accepted) verdict).event().orderId()).isEqualTo("606");
            assertThat(ledger.get("606").state()).isEqualTo(State.SENT);
            assertThat(ledger.get("606").frontpadOrderId()).isEqualTo(created.orderId());
            assertThat(resolved).containsExactly("606=" + created.orderId());
            assertThat(hooks.read("POST", Map.of("action", "change_status", "order_id", "999999", "status", "2", "shop_order", "1")))
                    .as("a shop order that is not uncertain is not taken from the call").isInstanceOf(Verdict.UnknownOrder.class);
        }
    }

    @Test
    void warningsOnASuccessAreRecordedAndTheOrderIsSent() {
        List<String> told = new ArrayList<>();
        try (FrontpadLedger ledger = ledger()) {
            FrontpadDelivery delivery = delivery(viaFaults, ledger, null);
            delivery.onWarnings((order, detail) -> told.add(order + ": " + detail));
            faults.mode(Mode.WARN_DATETIME);
            Delivery.Outcome outcome = delivery.deliver(create("607", order("79001110607")));
            assertThat(outcome.delivered()).isTrue();
            assertThat(outcome.created()).isTrue();
            assertThat(outcome.detail()).startsWith("sent with warnings (Frontpad order " + outcome.crmId() + ")").contains("invalid_datetime");
            assertThat(told).containsExactly("607: " + outcome.detail());
            assertThat(ledger.get("607").state()).isEqualTo(State.SENT);
        }
    }

    @Test
    void fieldsAreCutToFrontpadsLengths() {
        ObjectNode long_ = order("79001110608");
        long_.put("name", "Я".repeat(60)).put("street", "у".repeat(70)).put("pod", "123").put("et", "12").put("descr", "д".repeat(150));
        try (FrontpadLedger ledger = ledger()) {
            assertThat(delivery(client, ledger, null).deliver(create("608", long_)).created()).isTrue();
        }
        Map<String, String> sent = frontpad.orders().get(frontpad.orders().size() - 1).fields();
        assertThat(sent.get("name")).hasSize(50);
        assertThat(sent.get("street")).hasSize(50);
        assertThat(sent.get("pod")).isEqualTo("12");
        assertThat(sent.get("et")).isEqualTo("12");
        assertThat(sent.get("descr")).hasSize(100);
    }

    @Test
    void aWrongSecretIsAnAccountOutageNotARejection() {
        try (FrontpadLedger ledger = ledger();
             FrontpadClient wrong = new FrontpadClient(frontpad.url(), "not-the-secret", Duration.ofSeconds(5), new RateGate(50))) {
            FrontpadDelivery delivery = delivery(wrong, ledger, null);
            assertThatThrownBy(() -> delivery.deliver(create("609", order("79001110609")))).isInstanceOf(Delivery.TransientFailure.class)
                    .hasMessageContaining("invalid_secret");
            assertThat(delivery.accountError()).isEqualTo("invalid_secret");
            assertThat(ledger.get("609").state()).isEqualTo(State.NONE);
        }
    }

    @Test
    void aClosedShiftIsAWaitAndAnUnknownArticleIsARejection() {
        try (FrontpadLedger ledger = ledger()) {
            FrontpadDelivery delivery = delivery(client, ledger, null);
            frontpad.setShiftOpen(false);
            try {
                assertThatThrownBy(() -> delivery.deliver(create("610", order("79001110610"))))
                        .isInstanceOf(Delivery.TransientFailure.class).hasMessageContaining("cash_close");
            } finally {
                frontpad.setShiftOpen(true);
            }
            ObjectNode unknown = order("79001110611");
            unknown.putArray("product").add("NOPE");
            Delivery.Outcome rejected = delivery.deliver(create("611", unknown));
            assertThat(rejected.delivered()).isFalse();
            assertThat(rejected.detail()).isEqualTo("Frontpad invalid_product_keys");
        }
    }

    private static FrontpadLedger ledger() {
        return new FrontpadLedger(kafka.bootstrapServers(), Clock.systemUTC());
    }

    private static FrontpadDelivery delivery(FrontpadClient via, FrontpadLedger ledger, String hookUrl) {
        return new FrontpadDelivery(via, ledger, hookUrl, hookUrl == null ? List.of() : List.of("2"), MOSCOW);
    }

    private static SyncRequest create(String orderId, ObjectNode fields) {
        return new SyncRequest("frontpad", SyncRequest.Kind.ORDER_CREATE, orderId, fields, 0);
    }

    private static ObjectNode order(String phone) {
        ObjectNode f = Json.object();
        f.putArray("product").add("A-1");
        f.putArray("product_kol").add("1");
        f.put("phone", phone).put("name", "Тест");
        return f;
    }
}
