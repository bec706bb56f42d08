package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.inbound.ShopOrders;

/**
 * Delivers RetailCRM requests idempotently, keyed by {@code externalId} (unique per site): an order create
 * that finds the order already there becomes an edit, so a replay after a crash never makes a second order;
 * a customer upsert edits and creates on 404. Several new orders (or customers) go in one {@code upload} of
 * up to 50; an entity the upload did not take is then sent on its own, which says exactly why, or finds it
 * already there and edits it. Only {@code uploadedOrders}/{@code uploadedCustomers} are read from an upload's answer:
 * a 460's {@code errors} are not indexed by entity (and {@code failedOrders} need not list everything not taken), so,
 * like the official modules, the rest is checked by sending it alone rather than trusted.
 *
 * <p>An order is named in RetailCRM by its payload's {@code externalId} ({@code retailcrm.order-external-id}); the
 * request's entity id, which keys results and dead letters, stays the shop order id. A create that meets an order
 * that is not this shop order's (see {@link #sameShopOrder}) never edits it: it is dead-lettered.
 */
public final class RetailCrmDelivery implements Delivery {
    static final String ORDER_EXISTS = "Order already exists.";

    private static final int UPLOAD_LIMIT = 50;

    private final RetailCrmClient client;
    private final Backfill backfill;
    private final CustomerUpserts customers;
    private final RetailCrmStock stock;
    private final OrderNames names;
    private final OrderNamingCheck namingCheck;
    /** Delivery for orders named by their shop id. */
    public RetailCrmDelivery(RetailCrmClient client) {
        this(client, OrderExternalId.ID, new ShopOrders(null, Clock.systemUTC()));
    }

    public RetailCrmDelivery(RetailCrmClient client, OrderExternalId orderNames, ShopOrders shop) {
        this(client, new OrderNames(orderNames, shop), null);
    }

    /** @param namingCheck run before the first order write (null: none) */
    RetailCrmDelivery(RetailCrmClient client, OrderNames names, OrderNamingCheck namingCheck) {
        this.client = client;
        this.names = names;
        this.namingCheck = namingCheck;
        this.backfill = new Backfill(client);
        this.customers = new CustomerUpserts(client);
        this.stock = new RetailCrmStock(client);
    }

    /** How far the backfill of what the shop had before the first start has come. */
    public Backfill backfill() {
        return backfill;
    }

    @Override
    public Target target() {
        return Topics.RETAILCRM;
    }

    @Override
    public SyncRequest merge(SyncRequest earlier, SyncRequest later) {
        return RetailCrmMerge.merge(earlier, later);
    }

    @Override
    public Outcome deliver(SyncRequest request) {
        if (request.kind() == Kind.OFFER_STOCK) {
            Attempt only = stock.upload(List.of(request)).get(0);
            if (only.outcome() == null) throw new TransientFailure(only.retryReason());
            return only.outcome();
        }
        if (isOrder(request.kind())) {
            if (namingCheck != null) namingCheck.beforeWrite(List.of(request));
            String shared = names.sharedNum(request.entityId(), crmName(request));
            if (shared != null) return Outcome.rejected(shared, null);
        }
        try {
            return switch (request.kind()) {
                case CUSTOMER_UPSERT -> customers.upsert(request.entityId(), request.payload(), true);
                case ORDER_CREATE -> createOrder(request.entityId(), crmName(request), request.payload());
                case ORDER_EDIT -> editOrCreateOrder(crmName(request), request.payload());
                case STATUS_EDIT -> edited(client.editOrder(crmName(request), request.payload()));
                case PAYMENT_EDIT -> RetailCrmPayments.markPayments(client, crmName(request), request.payload());
                case ORDER_BACKFILL -> backfill.order(request.payload());
                case CUSTOMER_BACKFILL -> backfill.customer(request.entityId(), request.payload());
                case OFFER_STOCK -> throw new IllegalStateException("offer stock goes through RetailCrmStock");
            };
        } catch (CrmUnreachable e) {
            throw new TransientFailure(e.getMessage());
        }
    }

    private static boolean isOrder(Kind kind) {
        return kind != Kind.CUSTOMER_UPSERT && kind != Kind.CUSTOMER_BACKFILL && kind != Kind.OFFER_STOCK;
    }

    /** How RetailCRM knows the request's entity: the payload's externalId (the entity id for older records without one). */
    private static String crmName(SyncRequest request) {
        String externalId = Json.text(request.payload(), "externalId");
        return externalId != null ? externalId : request.entityId();
    }

    @Override
    public int batchLimit(Kind kind) {
        if (kind == Kind.OFFER_STOCK) return RetailCrmStock.BATCH_LIMIT;
        return kind == Kind.ORDER_CREATE || kind == Kind.CUSTOMER_UPSERT || kind == Kind.ORDER_BACKFILL || kind == Kind.CUSTOMER_BACKFILL
                ? UPLOAD_LIMIT : 1;
    }

    @Override
    public List<Attempt> deliverAll(List<SyncRequest> requests) {
        if (requests.get(0).kind() == Kind.OFFER_STOCK) return stock.upload(requests);
        if (namingCheck != null) namingCheck.beforeWrite(requests);
        // Orders of one customer share its upsert: the customer is sent once, with the newest payload.
        Map<String, SyncRequest> latest = new LinkedHashMap<>();
        for (SyncRequest r : requests) latest.merge(r.entityId(), r, (a, b) -> b.sourceTsMs() >= a.sourceTsMs() ? b : a);
        Map<String, Attempt> byEntity = new HashMap<>();
        latest.values().removeIf(r -> {
            boolean customer = r.kind() == Kind.CUSTOMER_UPSERT || r.kind() == Kind.CUSTOMER_BACKFILL;
            boolean known = customer && customers.alreadySent(r.entityId(), r.payload());
            if (known) byEntity.put(r.entityId(), new Attempt(Outcome.updated(null), null));
            String shared = isOrder(r.kind()) ? names.sharedNum(r.entityId(), crmName(r)) : null;
            if (shared != null) byEntity.put(r.entityId(), new Attempt(Outcome.rejected(shared, null), null));
            return known || shared != null;
        });
        if (latest.size() == 1) {
            SyncRequest only = latest.values().iterator().next();
            byEntity.put(only.entityId(), Attempt.of(() -> deliver(only)));
        } else if (!latest.isEmpty()) {
            byEntity.putAll(upload(latest.values()));
        }
        return requests.stream().map(r -> byEntity.get(r.entityId())).toList();
    }

    private Map<String, Attempt> upload(Collection<SyncRequest> requests) {
        Kind kind = requests.iterator().next().kind();
        boolean orders = kind == Kind.ORDER_CREATE || kind == Kind.ORDER_BACKFILL;
        ArrayNode payloads = Json.MAPPER.createArrayNode();
        requests.forEach(r -> payloads.add(r.payload()));
        CrmResponse response;
        try {
            response = orders ? client.uploadOrders(payloads) : client.uploadCustomers(payloads);
        } catch (CrmUnreachable e) {
            throw new TransientFailure(e.getMessage());
        }
        if (response.transientFailure()) throw transientFailure(response);
        Map<String, String> crmIds = new HashMap<>();
        for (JsonNode u : response.body().path(orders ? "uploadedOrders" : "uploadedCustomers")) {
            crmIds.put(u.path("externalId").asText(), u.path("id").asText());
        }
        Map<String, Attempt> out = new HashMap<>();
        for (SyncRequest r : requests) {
            String crmId = crmIds.get(orders ? crmName(r) : r.entityId());
            if (crmId != null && !orders) customers.sent(r.entityId(), r.payload());
            out.put(r.entityId(), crmId != null ? new Attempt(Outcome.created(crmId), null) : Attempt.of(() -> afterUpload(r, orders)));
        }
        if (kind == Kind.ORDER_BACKFILL || kind == Kind.CUSTOMER_BACKFILL) backfill.uploaded(kind, crmIds.size(), requests.size());
        return out;
    }

    /** An entity the upload did not take, on its own; a customer the upload could not create is edited first. */
    private Outcome afterUpload(SyncRequest request, boolean orders) {
        if (orders) return deliver(request);
        try {
            return customers.upsert(request.entityId(), request.payload(), false);
        } catch (CrmUnreachable e) {
            throw new TransientFailure(e.getMessage());
        }
    }

    /** Creates the order; when RetailCRM already has one by that name and it is this shop order (a replay), edits it. */
    private Outcome createOrder(String orderId, String externalId, JsonNode order) {
        CrmResponse create = client.createOrder(order);
        if (create.status() == 400 && ORDER_EXISTS.equals(create.errorMsg())) {
            CrmResponse existing = client.getOrder(externalId, "externalId");
            if (!existing.success()) return failed(existing);
            String notOurs = sameShopOrder(existing.body().path("order"), order);
            if (notOurs != null) {
                return Outcome.rejected("RetailCRM already has an order " + externalId + " (CRM id "
                        + existing.body().path("order").path("id").asText() + ") that is not shop order " + orderId + ": " + notOurs
                        + "; it was not edited", existing.body().toString());
            }
            return edited(client.editOrder(externalId, withoutPayments(order)));
        }
        return created(create);
    }

    /**
     * Null when the CRM order {@code crm} can be the shop order {@code sent} describes, else how they differ: it must
     * name the same customer ({@code customer.externalId}; for an order without one, the same phone or e-mail). An
     * order that shopsync or the modRetailCRM plugin created for this shop order passes (both send the customer);
     * an order another integration or a manager created under this externalId for someone else does not. Two shop
     * orders of one customer that share a num cannot be told apart this way: {@link OrderNames#sharedNum} stops
     * those before anything is sent. {@code number} and {@code createdAt} are not compared: modRetailCRM sends no
     * {@code createdAt} and a {@code number} only when configured to.
     */
    static String sameShopOrder(JsonNode crm, JsonNode sent) {
        String sentCustomer = Json.text(sent.path("customer"), "externalId");
        String crmCustomer = Json.text(crm.path("customer"), "externalId");
        if (sentCustomer != null && !sentCustomer.equals(crmCustomer)) {
            return "its customer is " + (crmCustomer == null ? "not a shop customer" : crmCustomer) + ", not " + sentCustomer;
        }
        if (sentCustomer == null && !sameText(crm, sent, "phone") && !sameText(crm, sent, "email")) {
            return "neither its phone nor its e-mail is the shop order's";
        }
        return null;
    }

    private static boolean sameText(JsonNode a, JsonNode b, String field) {
        String x = Json.text(a, field);
        return x != null && x.equals(Json.text(b, field));
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

    /** RetailCRM refused an order only for its {@code customer.externalId}: {@code Customer with externalId=N not found.} */
    static boolean customerMissing(CrmResponse response) {
        Map<String, String> errors = response.errors();
        return response.status() == 400 && !errors.isEmpty() && errors.entrySet().stream()
                .allMatch(e -> e.getKey().startsWith("customer") && e.getValue().startsWith("Customer with externalId="));
    }

    static Outcome created(CrmResponse response) {
        return response.success() ? Outcome.created(response.body().path("id").asText()) : failed(response);
    }

    static Outcome edited(CrmResponse response) {
        return response.success() ? Outcome.updated(response.body().path("id").asText()) : failed(response);
    }

    static Outcome failed(CrmResponse response) {
        if (response.transientFailure()) throw transientFailure(response);
        if (customerMissing(response)) {
            // A returning customer's order does not carry the customer (the customer stream sent it, on another key):
            // when that request has not landed yet (an outage), the order waits for it and is tried again.
            throw new TransientFailure("RetailCRM does not know the order's customer yet: " + response.describe());
        }
        return Outcome.rejected("RetailCRM " + response.status() + ": " + response.describe(), response.body().toString());
    }

    /** RetailCRM's rate limit answers 503 (retailcrm-api.md, "Rate limit"); Go's client also treats 429 so. */
    private static TransientFailure transientFailure(CrmResponse response) {
        String message = "RetailCRM answered " + response.status() + ": " + response.errorMsg();
        return response.status() == 503 || response.status() == 429 ? TransientFailure.rateLimited(message) : new TransientFailure(message);
    }
}
