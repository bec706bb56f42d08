package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;
import shopsync.events.SyncRequest.Kind;
import shopsync.sink.delivery.Delivery.Outcome;
import shopsync.sink.delivery.Delivery.TransientFailure;

/**
 * Creates what the shop had before shopsync followed it, where the store does not have it yet, and never touches
 * what the store has: a switching user's CRM holds newer statuses and managers' edits for those orders. (The
 * uploads that carry most of the backfill are {@link RetailCrmDelivery}'s; an entity an upload did not take comes
 * here alone, which tells "already there" from a real refusal.)
 */
public final class Backfill {
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);

    private final RetailCrmClient client;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong alreadyThere = new AtomicLong();

    Backfill(RetailCrmClient client) {
        this.client = client;
    }

    Outcome order(JsonNode order) {
        CrmResponse create = client.createOrder(order);
        if (create.status() == 400 && RetailCrmDelivery.ORDER_EXISTS.equals(create.errorMsg())) return leftAsItIs();
        return counted(create);
    }

    /** RetailCRM's wording for a duplicate customer is not documented: whether it exists is asked instead. */
    Outcome customer(String externalId, JsonNode customer) {
        CrmResponse create = client.createCustomer(customer);
        if (create.status() == 400) {
            CrmResponse existing = client.getCustomer(externalId, "externalId");
            if (existing.success()) return leftAsItIs();
            if (existing.transientFailure()) throw new TransientFailure("RetailCRM answered " + existing.status());
        }
        return counted(create);
    }

    /** An upload of {@code sent} entities of which RetailCRM created {@code taken}; the others come here one by one. */
    void uploaded(Kind kind, int taken, int sent) {
        created.addAndGet(taken);
        log.info("retailcrm backfill: {} of {} {} created in one upload; backfill so far: {} created, {} already in RetailCRM and left as they are",
                taken, sent, kind == Kind.ORDER_BACKFILL ? "orders" : "customers", created.get(), alreadyThere.get());
    }

    /** Progress for the status page: created, and found already in the store. */
    public Map<String, Long> progress() {
        return Map.of("backfillCreated", created.get(), "backfillAlreadyThere", alreadyThere.get());
    }

    private Outcome leftAsItIs() {
        alreadyThere.incrementAndGet();
        return new Outcome(true, false, null, "already in RetailCRM: left as it is (backfill)", null);
    }

    private Outcome counted(CrmResponse create) {
        if (create.success()) {
            created.incrementAndGet();
            return Outcome.created(create.body().path("id").asText());
        }
        if (create.transientFailure()) throw new TransientFailure("RetailCRM answered " + create.status() + ": " + create.errorMsg());
        return Outcome.rejected("RetailCRM " + create.status() + ": " + create.describe(), Json.write(create.body()));
    }
}
