package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;
import static shopsync.sink.retailcrm.RetailCrmClientTest.customer;
import static shopsync.sink.retailcrm.RetailCrmClientTest.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.sink.delivery.Delivery;
import shopsync.testkit.RetailCrmEmulator;

/**
 * The first start at a shop whose orders are partly in RetailCRM already (the plugin put them there, managers moved
 * them on): the backfill creates what is missing and leaves what is there exactly as the CRM has it.
 */
class BackfillTest {
    static final String KEY = "backfill-key-1";
    RetailCrmEmulator crm;
    RetailCrmClient client;
    RetailCrmDelivery delivery;

    @BeforeEach
    void start() {
        crm = RetailCrmEmulator.start(KEY);
        client = new RetailCrmClient(crm.url(), KEY, "shop", Duration.ofSeconds(5));
        delivery = new RetailCrmDelivery(client);
        client.createCustomer(customer("7"));
        client.createOrder(order("7"));
        crm.managerSetsStatus("shop", "7", "send-to-delivery");
    }

    @AfterEach
    void stop() {
        client.close();
        crm.close();
    }

    @Test
    void anOrderTheStoreHasIsLeftAsItIsAndAMissingOneIsCreated() {
        Delivery.Outcome existing = delivery.deliver(request(Kind.ORDER_BACKFILL, "7", order("7")));
        assertThat(existing.delivered()).isTrue();
        assertThat(existing.detail()).contains("left as it is");
        assertThat(crm.order("shop", "7").path("status").asText()).as("the manager's newer status stays").isEqualTo("send-to-delivery");

        Delivery.Outcome missing = delivery.deliver(request(Kind.ORDER_BACKFILL, "8", order("7").put("externalId", "8")));
        assertThat(missing.created()).isTrue();
        assertThat(crm.order("shop", "8")).isNotNull();
        assertThat(crm.calls("POST", "/api/v5/orders/7/edit")).as("the backfill never edits").isEmpty();
        assertThat(delivery.backfill().progress()).containsEntry("backfillCreated", 1L).containsEntry("backfillAlreadyThere", 1L);
    }

    @Test
    void aBatchUploadsWhatIsMissingAndLeavesWhatIsThere() {
        List<SyncRequest> batch = List.of(request(Kind.ORDER_BACKFILL, "7", order("7")),
                request(Kind.ORDER_BACKFILL, "8", order("7").put("externalId", "8")),
                request(Kind.ORDER_BACKFILL, "9", order("7").put("externalId", "9")));

        List<Delivery.Attempt> attempts = delivery.deliverAll(batch);

        assertThat(attempts).allSatisfy(a -> assertThat(a.outcome().delivered()).isTrue());
        assertThat(crm.created("order")).extracting(RetailCrmEmulator.Created::externalId).containsExactly("7", "8", "9");
        assertThat(crm.order("shop", "7").path("status").asText()).isEqualTo("send-to-delivery");
        assertThat(crm.calls("POST", "/api/v5/orders/7/edit")).isEmpty();
    }

    @Test
    void aCustomerTheStoreHasIsLeftAsItIs() {
        ObjectNode renamed = customer("7").put("firstName", "Пётр");
        Delivery.Outcome outcome = delivery.deliver(request(Kind.CUSTOMER_BACKFILL, "7", renamed));

        assertThat(outcome.delivered()).isTrue();
        assertThat(crm.customer("shop", "7").path("firstName").asText()).isEqualTo("Иван");
        assertThat(delivery.deliver(request(Kind.CUSTOMER_BACKFILL, "12", customer("12"))).created()).isTrue();
    }

    private static SyncRequest request(Kind kind, String id, ObjectNode payload) {
        return new SyncRequest("retailcrm", kind, id, payload, 0);
    }
}
