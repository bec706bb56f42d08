package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;
import shopsync.events.SyncRequest;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.Delivery.Attempt;
import shopsync.sink.delivery.Delivery.Outcome;
import shopsync.sink.delivery.Delivery.TransientFailure;

/**
 * Stock and prices of catalog offers between two ICML loads: up to 250 offers go in one {@code store/inventories/upload}
 * (their {@code stores}) and one {@code store/prices/upload} (their {@code prices}), the limit the official .NET client
 * enforces for both. An offer RetailCRM's catalog does not have yet ({@code notFoundOffers}) is not an error: the next
 * catalog load brings it with its stock. A 400 for several offers is not pinned on any one of them: each is then tried
 * alone, and only one refused alone is dead-lettered.
 */
final class RetailCrmStock {
    static final int BATCH_LIMIT = 250;
    private static final Logger log = LoggerFactory.getLogger(RetailCrmStock.class);
    static final String NOT_IN_CATALOG = "not in RetailCRM's catalog yet: the next ICML load brings it";

    private final RetailCrmClient client;

    RetailCrmStock(RetailCrmClient client) {
        this.client = client;
    }

    /** One attempt per request, in order. */
    List<Attempt> upload(List<SyncRequest> requests) {
        ArrayNode inventories = Json.MAPPER.createArrayNode();
        ArrayNode prices = Json.MAPPER.createArrayNode();
        for (SyncRequest r : requests) {
            JsonNode p = r.payload();
            if (p.has("stores")) inventories.addObject().put("externalId", p.path("externalId").asText()).set("stores", p.get("stores"));
            if (p.has("prices")) {
                ObjectNode price = prices.addObject().put("externalId", p.path("externalId").asText()).put("site", client.site());
                price.set("prices", p.get("prices"));
            }
        }
        Set<String> notFound = new HashSet<>();
        String refused = null;
        CrmResponse refusal = null;
        for (CrmResponse response : new CrmResponse[] {send(inventories, true), send(prices, false)}) {
            if (response == null) continue;
            if (response.transientFailure()) throw new TransientFailure("RetailCRM answered " + response.status() + ": " + response.errorMsg());
            if (!response.success()) {
                refused = "RetailCRM " + response.status() + ": " + response.describe();
                refusal = response;
                continue;
            }
            response.body().path("notFoundOffers").forEach(o -> notFound.add(o.path("externalId").asText()));
        }
        if (refused != null && requests.size() > 1) {
            log.warn("retailcrm stock of {} offers refused ({}); each is sent alone", requests.size(), refused);
            return requests.stream().map(r -> Attempt.of(() -> upload(List.of(r)).get(0).outcome())).toList();
        }
        if (refused != null) return List.of(new Attempt(Outcome.rejected(refused, refusal.body().toString()), null));
        log.info("retailcrm stock: {} offer(s) ({} quantities, {} prices){}", requests.size(), inventories.size(), prices.size(),
                notFound.isEmpty() ? "" : ", " + notFound.size() + " not in RetailCRM's catalog yet");
        // No CRM id: an offer's id is its own name, and a line per offer would drown the log.
        return requests.stream().map(r -> new Attempt(new Outcome(true, false, null,
                notFound.contains(r.payload().path("externalId").asText()) ? NOT_IN_CATALOG : null, null), null)).toList();
    }

    private CrmResponse send(ArrayNode offers, boolean inventories) {
        if (offers.isEmpty()) return null;
        try {
            return inventories ? client.uploadInventories(offers) : client.uploadPrices(offers);
        } catch (CrmUnreachable e) {
            throw new TransientFailure(e.getMessage());
        }
    }
}
