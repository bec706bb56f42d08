package shopsync.sink.retailcrm;

import static shopsync.sink.retailcrm.RetailCrmDelivery.created;
import static shopsync.sink.retailcrm.RetailCrmDelivery.edited;
import static shopsync.sink.retailcrm.RetailCrmDelivery.failed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import shopsync.sink.delivery.Delivery.Outcome;

/**
 * Customer upserts, one request where one is enough: a customer's upserts never overlap (the customer stream and
 * its first order both send it, on different keys), the same payload is not sent twice, and a customer not sent
 * yet is most often new (the shop created the user at checkout), so it is created first.
 */
final class CustomerUpserts {
    private static final int REMEMBERED_CUSTOMERS = 10_000;
    private static final int CUSTOMER_LOCK_STRIPES = 64;

    private final RetailCrmClient client;
    /**
     * Customers this process upserted, with the payload sent: an order's customer upsert that would send
     * the same payload again is skipped. Memory only; after a restart the first upsert is simply sent again.
     */
    private final Map<String, JsonNode> upsertedCustomers = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > REMEMBERED_CUSTOMERS;
        }
    });

    /** Customer upserts hold the lock of their customer's stripe: one customer's upserts never overlap. */
    private final Object[] customerLocks = Stream.generate(Object::new).limit(CUSTOMER_LOCK_STRIPES).toArray();

    CustomerUpserts(RetailCrmClient client) {
        this.client = client;
    }

    /** Whether exactly this payload was sent for this customer (nothing to send again). */
    boolean alreadySent(String externalId, JsonNode customer) {
        return customer.equals(upsertedCustomers.get(externalId));
    }

    /** An upload created it. */
    void sent(String externalId, JsonNode customer) {
        upsertedCustomers.put(externalId, customer);
    }

    /**
     * One customer's upserts run one at a time (the customer stream's and an order's may be in flight together), and
     * each looks at what the one before it sent: the same payload again is not sent. A customer this process has not
     * sent yet is most often new (it reaches the sink when the shop creates the user at checkout), so it is created
     * first: one request; one that already exists answers 400 and is edited. A customer sent before is edited.
     */
    Outcome upsert(String externalId, JsonNode customer, boolean createFirst) {
        synchronized (customerLocks[Math.floorMod(externalId.hashCode(), CUSTOMER_LOCK_STRIPES)]) {
            JsonNode sent = upsertedCustomers.get(externalId);
            if (customer.equals(sent)) return Outcome.updated(null);
            Outcome outcome = sent == null && createFirst ? createOrEditCustomer(externalId, customer)
                    : editOrCreateCustomer(externalId, customer);
            if (outcome.delivered()) upsertedCustomers.put(externalId, customer);
            return outcome;
        }
    }

    private Outcome createOrEditCustomer(String externalId, JsonNode customer) {
        CrmResponse create = client.createCustomer(customer);
        if (create.status() != 400) return created(create);
        // Already there (the wording of RetailCRM's duplicate error is unverified), or invalid: the edit tells which.
        CrmResponse edit = client.editCustomer(externalId, customer);
        return edit.status() == 404 ? failed(create) : edited(edit);
    }

    private Outcome editOrCreateCustomer(String externalId, JsonNode customer) {
        CrmResponse edit = client.editCustomer(externalId, customer);
        if (edit.status() != 404) return edited(edit);
        CrmResponse create = client.createCustomer(customer);
        // Another request (this customer's next order) may have created it in between: then it is an edit after all.
        return create.status() == 400 && create.errorMsg().contains("already exists")
                ? edited(client.editCustomer(externalId, customer)) : created(create);
    }
}
