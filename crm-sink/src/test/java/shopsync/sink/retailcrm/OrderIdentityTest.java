package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.CrmEvent;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.Topics;
import shopsync.sink.delivery.Delivery.Outcome;
import shopsync.sink.delivery.Delivery.TransientFailure;
import shopsync.sink.inbound.CursorStore;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.ShopOrders;
import shopsync.sink.inbound.Verdict;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.TopicProbe;

/**
 * A shop switching from the modRetailCRM plugin: its orders are in RetailCRM as {@code 2103-308}
 * ({@code retailcrm.order-external-id=num}). Writes name them so, what comes back is turned into the shop order id,
 * an order that is not ours is never edited, and a wrong setting stops shopsync before it writes.
 */
class OrderIdentityTest {
    static EmbeddedKafka kafka;
    static RetailCrmEmulator crm;
    static RetailCrmClient client;
    static final ShopOrders shop = new ShopOrders(null, Clock.systemUTC());

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startTemporary();
        crm = RetailCrmEmulator.start("k");
        crm.setRequestsPerSecond(1000);
        client = new RetailCrmClient(crm.url(), "k", "shop", Duration.ofSeconds(5));
        client.createCustomer(Json.object().put("externalId", "2"));
        client.createCustomer(Json.object().put("externalId", "3"));
        // What modRetailCRM sent before the switch: the num with - for /, the customer, no number, no createdAt.
        pluginOrder("2103-308", "2");
        pluginOrder("2103-309", "3");
        shop.put("41", "2103/308", 1);
        shop.put("43", "2103/309", 1);
    }

    @AfterAll
    static void stop() {
        client.close();
        crm.close();
        kafka.close();
    }

    @Test
    void statusEditAndEditNameTheCrmOrderByNumDashWhileResultsStayOnTheShopId() {
        RetailCrmDelivery delivery = new RetailCrmDelivery(client, OrderExternalId.NUM, shop);
        Outcome status = delivery.deliver(new SyncRequest("retailcrm", Kind.STATUS_EDIT, "41",
                Json.object().put("externalId", "2103-308").put("status", "assembling"), 0));
        assertThat(status.delivered()).isTrue();
        assertThat(crm.calls()).extracting(RetailCrmEmulator.Call::path).contains("/api/v5/orders/2103-308/edit");
        assertThat(crm.order("shop", "2103-308").path("status").asText()).isEqualTo("assembling");
        assertThat(crm.calls()).extracting(RetailCrmEmulator.Call::path).doesNotContain("/api/v5/orders/41/edit");
    }

    @Test
    void theFirstStartsCreateOfAnOrderThePluginSentEditsItInsteadOfADuplicate() {
        RetailCrmDelivery delivery = new RetailCrmDelivery(client, OrderExternalId.NUM, shop);
        int ordersBefore = crm.created("order").size();
        Outcome outcome = delivery.deliver(create("41", "2103-308", "2103/308", "2"));
        assertThat(outcome.delivered()).isTrue();
        assertThat(outcome.created()).isFalse();
        assertThat(crm.created("order")).hasSize(ordersBefore);
        assertThat(crm.order("shop", "2103-308").path("number").asText()).isEqualTo("2103/308");
    }

    @Test
    void aCreateThatMeetsSomeoneElsesOrderIsDeadLetteredAndNeverEditsIt() {
        RetailCrmDelivery delivery = new RetailCrmDelivery(client, OrderExternalId.NUM, shop);
        ObjectNode before = crm.order("shop", "2103-309");
        // Shop order 44 got num 2103/309 as well, but the index has not seen it: RetailCRM's order is customer 3's.
        Outcome outcome = delivery.deliver(create("44", "2103-309", "2103/309", "2"));
        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.detail()).contains("already has an order 2103-309").contains("not shop order 44")
                .contains("customer is 3, not 2").contains("not edited");
        assertThat(crm.order("shop", "2103-309")).isEqualTo(before);
    }

    @Test
    void aNumTwoShopOrdersShareWritesNothingForEither() {
        ShopOrders twins = new ShopOrders(null, Clock.systemUTC());
        twins.put("50", "2103/400", 1);
        twins.put("51", "2103/400", 1);
        RetailCrmDelivery delivery = new RetailCrmDelivery(client, OrderExternalId.NUM, twins);
        int calls = crm.calls().size();
        List<Outcome> outcomes = delivery.deliverAll(List.of(create("50", "2103-400", "2103/400", "2"),
                create("51", "2103-400", "2103/400", "3"))).stream().map(a -> a.outcome()).toList();
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.delivered()).isFalse();
            assertThat(o.detail()).contains("num 2103/400 is shared by shop orders 50, 51");
        });
        assertThat(crm.calls()).hasSize(calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"41", "2103/308", "2103-308"})
    void theModRetailCrmTriggerNamesTheOrderByIdNumOrNumDash(String orderId) {
        RetailCrmWebhooks webhooks = new RetailCrmWebhooks(client, Clock.systemUTC(), OrderExternalId.NUM, shop, new StoreScope("shop"));
        Verdict verdict = webhooks.read("POST", Map.of("retailCRM_action", "change_status", "status", "paid", "order_id", orderId));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Accepted.class, a -> assertThat(a.event().orderId()).isEqualTo("41"));
    }

    @Test
    void aTriggerForANumTheShopDoesNotHaveIsAnUnknownOrder() {
        RetailCrmWebhooks webhooks = new RetailCrmWebhooks(client, Clock.systemUTC(), OrderExternalId.NUM, shop, new StoreScope("shop"));
        Verdict verdict = webhooks.read("POST", Map.of("retailCRM_action", "change_status", "status", "paid", "order_id", "2103-999"));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.UnknownOrder.class, u -> assertThat(u.why()).contains("2103/999"));
    }

    @Test
    void aThinTriggerLearnsTheShopOrderFromTheNumDashExternalId() {
        RetailCrmWebhooks webhooks = new RetailCrmWebhooks(client, Clock.systemUTC(), OrderExternalId.NUM, shop, new StoreScope("shop"));
        String crmId = crm.order("shop", "2103-308").path("id").asText();
        Verdict verdict = webhooks.read("GET", Map.of("orderId", crmId));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Accepted.class, a -> {
            assertThat(a.event().orderId()).isEqualTo("41");
            assertThat(a.event().crmOrderId()).isEqualTo(crmId);
        });
    }

    @Test
    void theHistoryPollerPublishesANumDashOrderUnderTheShopOrderId() {
        try (InboundPublisher publisher = new InboundPublisher(kafka.bootstrapServers(), Clock.systemUTC())) {
            HistoryPoller poller = new HistoryPoller(client, publisher, new CursorStore(kafka.bootstrapServers()), RetailCrmEmulator.ZONE,
                    Clock.systemUTC(), OrderExternalId.NUM, shop, new StoreScope("shop"));
            poller.pollOnce(); // the first start follows changes from now on
            crm.managerSetsStatus("shop", "2103-308", "complete");
            assertThat(poller.pollOnce()).isEqualTo(1);
            try (TopicProbe<CrmEvent> probe = new TopicProbe<>(kafka.bootstrapServers(), Topics.CRM_INBOUND)) {
                List<ConsumerRecord<String, CrmEvent>> records = probe.readToEnd();
                assertThat(records).extracting(r -> r.key() + " " + r.value().orderId() + " " + r.value().status())
                        .containsExactly("41 41 complete");
            }
        }
    }

    @Test
    void aStartNamingOrdersByIdStopsWhenTheStoreHasThemByNumAndNamesTheKey() {
        AtomicReference<String> saved = new AtomicReference<>();
        OrderNamingCheck wrong = new OrderNamingCheck(client, new OrderNames(OrderExternalId.ID, shop), "shop", saved::get, saved::set);
        assertThatThrownBy(wrong::atOpen).isInstanceOf(OrderNamingCheck.WrongScheme.class)
                .hasMessageContaining("retailcrm.order-external-id=num").hasMessageContaining("modRetailCRM")
                .hasMessageContaining("for shop order 4");
        assertThat(saved.get()).isNull();

        OrderNamingCheck right = new OrderNamingCheck(client, new OrderNames(OrderExternalId.NUM, shop), "shop", saved::get, saved::set);
        right.atOpen();
        assertThat(saved.get()).isEqualTo("num");
        int calls = crm.calls().size();
        new OrderNamingCheck(client, new OrderNames(OrderExternalId.NUM, shop), "shop", saved::get, saved::set).atOpen();
        assertThat(crm.calls()).as("once passed, later starts ask nothing").hasSize(calls);
    }

    @Test
    void withNothingReadYetTheCheckHoldsTheFirstWriteBack() {
        ShopOrders empty = new ShopOrders(null, Clock.systemUTC());
        AtomicReference<String> saved = new AtomicReference<>();
        OrderNames names = new OrderNames(OrderExternalId.ID, empty);
        OrderNamingCheck check = new OrderNamingCheck(client, names, "shop", saved::get, saved::set);
        check.atOpen();
        RetailCrmDelivery delivery = new RetailCrmDelivery(client, names, check);
        int orders = crm.created("order").size();
        assertThatThrownBy(() -> delivery.deliverAll(List.of(create("41", "41", "2103/308", "2"))))
                .isInstanceOf(TransientFailure.class).hasMessageContaining("retailcrm.order-external-id=num");
        assertThat(crm.created("order")).hasSize(orders);
        assertThat(saved.get()).isNull();
    }

    private static SyncRequest create(String orderId, String externalId, String num, String customer) {
        ObjectNode order = Json.object().put("externalId", externalId).put("number", num).put("status", "new");
        order.putObject("customer").put("externalId", customer);
        return new SyncRequest("retailcrm", Kind.ORDER_CREATE, orderId, order, 0);
    }

    private static void pluginOrder(String externalId, String customer) {
        ObjectNode order = Json.object().put("externalId", externalId).put("status", "new");
        order.putObject("customer").put("externalId", customer);
        assertThat(client.createOrder(order).success()).isTrue();
    }
}
