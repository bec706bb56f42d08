package shopsync.sink.retailcrm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import shopsync.events.Json;
import shopsync.events.SyncKey;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.sink.delivery.Delivery;
import shopsync.testkit.RetailCrmEmulator;

/** Offer stock and prices against the emulator: batches, offers RetailCRM's catalog lacks, a refused batch, folding. */
class RetailCrmStockTest {
    static final String KEY = "stock-key-5";
    RetailCrmEmulator crm;
    RetailCrmClient client;
    RetailCrmDelivery delivery;

    @BeforeEach
    void start() throws Exception {
        crm = RetailCrmEmulator.start(KEY);
        client = new RetailCrmClient(crm.url(), KEY, "shop", Duration.ofSeconds(5));
        delivery = new RetailCrmDelivery(client);
        String icml = "<yml_catalog date=\"2026-12-02 10:00:00\"><shop><offers><offer id=\"7\" productId=\"7\" quantity=\"3\"><price>10</price>"
                + "</offer><offer id=\"mod-7-11\" productId=\"7\" quantity=\"1\"><price>12</price></offer></offers></shop></yml_catalog>";
        crm.loadCatalog("shop", new ByteArrayInputStream(icml.getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() {
        client.close();
        crm.close();
    }

    @Test
    void oneBatchSetsStockAndPricesAndAnOfferNotInTheCatalogYetIsNoFailure() {
        List<Delivery.Attempt> attempts = delivery.deliverAll(List.of(
                stock("7", "{\"externalId\":\"7\",\"stores\":[{\"code\":\"main\",\"available\":5}],\"prices\":[{\"code\":\"base\",\"price\":9.50}]}"),
                stock("mod-7-11", "{\"externalId\":\"mod-7-11\",\"stores\":[{\"code\":\"main\",\"available\":0}]}"),
                stock("9", "{\"externalId\":\"9\",\"prices\":[{\"code\":\"base\",\"price\":100}]}")));

        assertThat(attempts).allMatch(a -> a.outcome() != null && a.outcome().delivered());
        assertThat(attempts.get(2).outcome().detail()).isEqualTo(RetailCrmStock.NOT_IN_CATALOG);
        assertThat(crm.offer("shop", "7").path("stores").path("main").asInt()).isEqualTo(5);
        assertThat(crm.offer("shop", "7").path("prices").path("base").decimalValue()).isEqualByComparingTo("9.50");
        assertThat(crm.offer("shop", "mod-7-11").path("stores").path("main").asInt()).isZero();
        assertThat(crm.calls("POST", "/api/v5/store/inventories/upload")).hasSize(1);
        RetailCrmEmulator.Call prices = crm.calls("POST", "/api/v5/store/prices/upload").get(0);
        assertThat(prices.json("prices").toString()).isEqualTo("[{\"externalId\":\"7\",\"site\":\"shop\",\"prices\":[{\"code\":\"base\","
                + "\"price\":9.50}]},{\"externalId\":\"9\",\"site\":\"shop\",\"prices\":[{\"code\":\"base\",\"price\":100}]}]");
        assertThat(delivery.batchLimit(Kind.OFFER_STOCK)).as("the official clients' limit for both uploads").isEqualTo(250);
    }

    @Test
    void aRefusedBatchIsSentOfferByOfferAndOnlyTheRefusedOneIsRejected() {
        List<Delivery.Attempt> attempts = delivery.deliverAll(List.of(
                stock("7", "{\"externalId\":\"7\",\"stores\":[{\"code\":\"main\",\"available\":5}]}"),
                stock("mod-7-11", "{\"externalId\":\"mod-7-11\",\"stores\":[{\"available\":2}]}")));

        assertThat(attempts.get(0).outcome().delivered()).isTrue();
        assertThat(attempts.get(1).outcome().delivered()).isFalse();
        assertThat(attempts.get(1).outcome().detail()).contains("Errors in the entity format");
        assertThat(crm.offer("shop", "7").path("stores").path("main").asInt()).isEqualTo(5);
    }

    @Test
    void changesOfOneOfferFoldIntoTheLatestOfEachPart() {
        SyncRequest first = stock("7", "{\"externalId\":\"7\",\"stores\":[{\"code\":\"main\",\"available\":5}],\"prices\":[{\"code\":\"base\",\"price\":9}]}");
        SyncRequest second = stock("7", "{\"externalId\":\"7\",\"stores\":[{\"code\":\"main\",\"available\":4}]}");
        assertThat(delivery.merge(first, second).payload().toString()).isEqualTo(
                "{\"externalId\":\"7\",\"stores\":[{\"code\":\"main\",\"available\":4}],\"prices\":[{\"code\":\"base\",\"price\":9}]}");
        assertThat(delivery.merge(first, new SyncRequest("retailcrm", Kind.ORDER_EDIT, SyncKey.offer("7"), Json.object(), 0))).isNull();
    }

    private static SyncRequest stock(String offer, String payload) {
        JsonNode json = Json.parse(payload);
        return new SyncRequest("retailcrm", Kind.OFFER_STOCK, SyncKey.offer(offer), json, 0);
    }
}
