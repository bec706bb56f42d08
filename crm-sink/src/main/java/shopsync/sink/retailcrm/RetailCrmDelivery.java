package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import shopsync.events.SyncRequest;
import shopsync.sink.delivery.Delivery;

/**
 * Delivers RetailCRM requests idempotently, keyed by {@code externalId} (unique per site): an order create
 * that finds the order already there becomes an edit, so a replay after a crash never makes a second order;
 * a customer upsert edits and creates on 404.
 */
public final class RetailCrmDelivery implements Delivery {
    static final String ORDER_EXISTS = "Order already exists.";

    private static final int REMEMBERED_CUSTOMERS = 10_000;

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

    public RetailCrmDelivery(RetailCrmClient client) {
        this.client = client;
    }

    @Override
    public String target() {
        return "retailcrm";
    }

    @Override
    public Outcome deliver(SyncRequest request) {
        try {
            return switch (request.kind()) {
                case CUSTOMER_UPSERT -> upsertCustomer(request.entityId(), request.payload());
                case ORDER_CREATE -> createOrder(request.entityId(), request.payload());
                case ORDER_EDIT -> editOrCreateOrder(request.entityId(), request.payload());
                case STATUS_EDIT -> edited(client.editOrder(request.entityId(), request.payload()));
                case SHOP_STATUS, PRODUCT_ARTICLE -> Outcome.rejected("not a request for RetailCRM: " + request.kind(), null);
            };
        } catch (RetailCrmClient.CrmUnreachable e) {
            throw new TransientFailure(e.getMessage());
        }
    }

    private Outcome upsertCustomer(String externalId, JsonNode customer) {
        if (customer.equals(upsertedCustomers.get(externalId))) return Outcome.updated(null);
        CrmResponse edit = client.editCustomer(externalId, customer);
        Outcome outcome;
        if (edit.status() == 404) {
            CrmResponse create = client.createCustomer(customer);
            // Another request (this customer's next order) may have created it in between: then it is an edit after all.
            outcome = create.status() == 400 && create.errorMsg().contains("already exists")
                    ? edited(client.editCustomer(externalId, customer)) : created(create);
        } else {
            outcome = edited(edit);
        }
        if (outcome.delivered()) upsertedCustomers.put(externalId, customer);
        return outcome;
    }

    private Outcome createOrder(String externalId, JsonNode order) {
        CrmResponse create = client.createOrder(order);
        if (create.status() == 400 && ORDER_EXISTS.equals(create.errorMsg())) {
            return edited(client.editOrder(externalId, withoutPayments(order)));
        }
        return created(create);
    }

    private Outcome editOrCreateOrder(String externalId, JsonNode order) {
        CrmResponse edit = client.editOrder(externalId, order);
        if (edit.status() == 404) return created(client.createOrder(order));
        return edited(edit);
    }

    /** Payments are only sent on create: RetailCRM manages them through orders/payments/* afterwards. */
    private static JsonNode withoutPayments(JsonNode order) {
        ObjectNode copy = order.deepCopy();
        copy.remove("payments");
        return copy;
    }

    private static Outcome created(CrmResponse response) {
        return response.success() ? Outcome.created(response.body().path("id").asText()) : failed(response);
    }

    private static Outcome edited(CrmResponse response) {
        return response.success() ? Outcome.updated(response.body().path("id").asText()) : failed(response);
    }

    private static Outcome failed(CrmResponse response) {
        if (response.transientFailure()) throw new TransientFailure("RetailCRM answered " + response.status() + ": " + response.errorMsg());
        return Outcome.rejected("RetailCRM " + response.status() + ": " + response.describe(), response.body().toString());
    }
}
