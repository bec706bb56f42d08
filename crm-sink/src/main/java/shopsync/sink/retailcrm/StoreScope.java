package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;

/**
 * The one RetailCRM store (site) shopsync serves, {@code retailcrm.site}. An account often has several stores and an
 * {@code externalId} is unique only within one, while {@code orders/history} has no site filter and a CRM id names an
 * order of any store (field-facts.md): whatever comes back about another store's order is ignored, counted
 * ({@code shopsync_retailcrm_other_store_total}) and logged, so a colliding {@code externalId} never reaches the shop.
 */
public final class StoreScope {
    private static final Logger log = LoggerFactory.getLogger(StoreScope.class);

    private final String site;
    private final AtomicLong otherStore = new AtomicLong();

    public StoreScope(String site) {
        this.site = site;
    }

    public String site() {
        return site;
    }

    /**
     * Whether a CRM order (a history record's {@code order}, or an order read from the CRM) is in our store; if not,
     * it is counted and logged. An order that names no store is taken as ours, as before stores were checked.
     */
    public boolean holds(JsonNode order, String what) {
        return holdsSite(Json.text(order, "site"), what, Json.text(order, "externalId"));
    }

    /** Whether a store code a trigger sent is ours; a missing one is accepted. */
    public boolean holdsSite(String orderSite, String what, String externalId) {
        if (orderSite == null || orderSite.isBlank() || orderSite.equals(site)) return true;
        otherStore.incrementAndGet();
        log.info("retailcrm: ignored {} of order {} in store '{}' (shopsync serves '{}')", what, externalId, orderSite, site);
        return false;
    }

    /** What was ignored for being about another store's order. */
    public long otherStore() {
        return otherStore.get();
    }

    void metrics(MeterRegistry registry) {
        FunctionCounter.builder("shopsync.retailcrm.other.store", otherStore, AtomicLong::get)
                .description("RetailCRM history records and triggers about orders of another store, ignored").register(registry);
    }
}
