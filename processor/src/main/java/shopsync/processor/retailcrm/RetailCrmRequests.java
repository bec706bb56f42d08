package shopsync.processor.retailcrm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CatalogEntry;
import shopsync.events.CustomerSnapshot;
import shopsync.events.Json;
import shopsync.events.OrderExternalId;
import shopsync.events.OrderSnapshot;
import shopsync.events.SyncKey;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.processor.TargetTranslator;
import shopsync.processor.Translation;
import shopsync.processor.catalog.CatalogChange;
import shopsync.processor.customer.CustomerChange;
import shopsync.processor.order.OrderChange;

/**
 * Turns shop snapshots into RetailCRM API v5 payloads ({@code shared/reference/retailcrm-api.md} §3).
 * A shop code without a mapping is never replaced by a default: the order goes to {@code sync.dlq} with
 * the missing key named, and nothing is sent for it. Orders are named in RetailCRM by {@link OrderExternalId}
 * ({@code retailcrm.order-external-id}); the request's entity id stays the shop order id.
 */
public final class RetailCrmRequests implements TargetTranslator {
    private static final Target TARGET = Topics.RETAILCRM;
    private static final Logger log = LoggerFactory.getLogger(RetailCrmRequests.class);

    private final RetailCrmMapping mapping;
    private final RetailCrmOptions options;
    private final RetailCrmPayloads payloads;

    public RetailCrmRequests(RetailCrmMapping mapping) {
        this(mapping, RetailCrmOptions.defaults());
    }

    public RetailCrmRequests(RetailCrmMapping mapping, RetailCrmOptions options) {
        this.mapping = mapping;
        this.options = options;
        this.payloads = new RetailCrmPayloads(mapping, options);
    }

    @Override
    public Target target() {
        return TARGET;
    }

    @Override
    public Map<String, Integer> statusesBack() {
        return mapping.statusesBack();
    }

    @Override
    public Set<Integer> paidStatuses() {
        return options.paidStatuses();
    }

    @Override
    public Translation translate(OrderChange change) {
        OrderSnapshot order = change.snapshot();
        String id = String.valueOf(order.id());
        if (change.isEchoFor(TARGET.name())) {
            log.info("order {}: status {} came from RetailCRM, not sent back", id, order.status());
            return new Translation(paymentEdit(change, id), null);
        }
        if (change.fromSnapshot() && options.backfill() == Backfill.NONE) return new Translation(List.of(), null);
        try {
            String status = RetailCrmPayloads.mapped(mapping.statuses(), order.status(), "retailcrm.mapping.statuses", "status");
            String externalId = externalIdOf(order);
            List<SyncRequest> requests = new ArrayList<>();
            if (change.fromSnapshot() && options.backfill() == Backfill.MISSING) {
                CustomerSnapshot customer = customerOf(order);
                if (customer != null) {
                    requests.add(new SyncRequest(TARGET.name(), Kind.CUSTOMER_BACKFILL, String.valueOf(customer.id()),
                            RetailCrmPayloads.customer(customer), change.sourceTsMs()));
                }
                requests.add(new SyncRequest(TARGET.name(), Kind.ORDER_BACKFILL, id, payloads.order(order, externalId, status, true),
                        change.sourceTsMs()));
                return new Translation(requests, null);
            }
            switch (change.kind()) {
                case CREATED -> {
                    CustomerSnapshot customer = change.customerSettled() ? null : customerOf(order);
                    if (customer != null) {
                        requests.add(new SyncRequest(TARGET.name(), Kind.CUSTOMER_UPSERT, String.valueOf(customer.id()),
                                RetailCrmPayloads.customer(customer), change.sourceTsMs()));
                    }
                    requests.add(new SyncRequest(TARGET.name(), Kind.ORDER_CREATE, id, payloads.order(order, externalId, status, true),
                            change.sourceTsMs()));
                }
                case UPDATED -> requests.add(new SyncRequest(TARGET.name(), Kind.ORDER_EDIT, id, payloads.order(order, externalId, status, false),
                        change.sourceTsMs()));
                case STATUS_CHANGED -> requests.add(new SyncRequest(TARGET.name(), Kind.STATUS_EDIT, id,
                        Json.object().put("externalId", externalId).put("status", status), change.sourceTsMs()));
            }
            requests.addAll(paymentEdit(change, id));
            return new Translation(requests, null);
        } catch (RetailCrmPayloads.UnmappedCode e) {
            log.error("order {} not sent to RetailCRM: {}", id, e.getMessage());
            return Translation.deadLetter(TARGET, id, e.getMessage(), change.sourceTsMs());
        }
    }

    @Override
    public List<SyncRequest> customer(CustomerChange change) {
        if (change.fromSnapshot() && options.backfill() == Backfill.NONE) return List.of();
        Kind kind = change.fromSnapshot() && options.backfill() == Backfill.MISSING ? Kind.CUSTOMER_BACKFILL : Kind.CUSTOMER_UPSERT;
        CustomerSnapshot customer = change.customer();
        return List.of(new SyncRequest(TARGET.name(), kind, String.valueOf(customer.id()), RetailCrmPayloads.customer(customer), 0));
    }

    /**
     * Between two loads of the ICML catalog, what changed in an offer the CRM already has: its quantity (to the warehouse
     * {@code retailcrm.inventories.store}) and its price (to {@code retailcrm.inventories.price-type}), only the parts that
     * changed. Offers are those of the feed ({@code retailcrm.offer-id}: modifications are offers of their own with
     * {@code modretailcrm}). A new offer, a snapshot read and a product leaving the catalog send nothing: the next load
     * brings them.
     */
    @Override
    public List<SyncRequest> catalog(CatalogChange change) {
        RetailCrmOptions.Inventories inventories = options.inventories();
        CatalogEntry.Product before = change.productBefore();
        CatalogEntry.Product after = change.productAfter();
        if (!inventories.enabled() || change.fromSnapshot() || before == null || after == null) return List.of();
        boolean modifications = options.offerId() == RetailCrmOptions.OfferId.MODRETAILCRM;
        Map<String, CatalogEntry.Offer> was = new HashMap<>();
        before.offers(modifications).forEach(o -> was.put(o.id(), o));
        List<SyncRequest> requests = new ArrayList<>();
        for (CatalogEntry.Offer offer : after.offers(modifications)) {
            CatalogEntry.Offer old = was.get(offer.id());
            if (old == null) continue;
            ObjectNode payload = Json.object().put("externalId", offer.id());
            if (inventories.store() != null && offer.quantity() != null && !offer.quantity().equals(old.quantity())) {
                payload.putArray("stores").addObject().put("code", inventories.store()).put("available", offer.quantity());
            }
            if (offer.price() != null && (old.price() == null || offer.price().compareTo(old.price()) != 0)) {
                payload.putArray("prices").addObject().put("code", inventories.priceType()).put("price", offer.price());
            }
            if (payload.size() > 1) {
                requests.add(new SyncRequest(TARGET.name(), Kind.OFFER_STOCK, SyncKey.offer(offer.id()), payload, change.sourceTsMs()));
            }
        }
        return requests;
    }

    /**
     * The order has just reached a paid status: its payment in RetailCRM is to take {@code retailcrm.payment-status},
     * once (after the order's own request, on the same key). Also when RetailCRM itself asked for the status: a CRM
     * status does not mark the payment.
     */
    private List<SyncRequest> paymentEdit(OrderChange change, String id) {
        if (!change.isFirstPaidFor(TARGET.name())) return List.of();
        log.info("order {}: status {} is paid, its RetailCRM payment becomes '{}'", id, change.snapshot().status(), options.paymentStatus());
        return List.of(new SyncRequest(TARGET.name(), Kind.PAYMENT_EDIT, id,
                Json.object().put("externalId", id).put("status", options.paymentStatus()), change.sourceTsMs()));
    }

    /**
     * The customer a new order sends before itself (RetailCRM refuses an order whose {@code customer.externalId} it does
     * not know, and the customer stream's request travels on another key): the profile, or, when it has not been seen
     * yet, the contact the order carries, which is what miniShop2 writes into the profile of a user it creates at
     * checkout ({@code fullname} = receiver, {@code email}, {@code mobilephone} = phone): the same payload as the
     * customer stream's, which the sink then sends once. A returning customer ({@link OrderChange#customerSettled})
     * is not sent again.
     */
    private static CustomerSnapshot customerOf(OrderSnapshot order) {
        if (order.customer() != null) return order.customer();
        if (order.userId() == 0) return null;
        OrderSnapshot.Address a = order.address();
        return a == null ? new CustomerSnapshot(order.userId(), null, null, null, null, null)
                : new CustomerSnapshot(order.userId(), null, a.receiver(), a.email(), null, a.phone());
    }

    /** The order's name in RetailCRM; an order without a {@code num} cannot be named by it. */
    private String externalIdOf(OrderSnapshot order) throws RetailCrmPayloads.UnmappedCode {
        String externalId = options.orderNames().of(order.id(), order.num());
        if (externalId == null) {
            throw new RetailCrmPayloads.UnmappedCode("order has no num, and retailcrm.order-external-id=num names RetailCRM orders by it");
        }
        return externalId;
    }

}
