package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;

/**
 * Folds two consecutive pending RetailCRM requests for the same entity into one that carries the latest state, so
 * an order that changed ten times during an outage is sent once. A create stays a create (it is an upsert here)
 * and keeps its {@code payments}, which RetailCRM only takes on create; a later status edit is carried into the
 * order it follows. Stock and price changes of one offer fold into one carrying the latest of each. Requests for different entities (a customer upsert queued before its order) are never folded,
 * which keeps customer-before-order.
 */
public final class RetailCrmMerge {
    private RetailCrmMerge() {}

    /** The single request equivalent to {@code earlier} then {@code later}, or null when they must both be sent. */
    public static SyncRequest merge(SyncRequest earlier, SyncRequest later) {
        if (!earlier.target().equals(later.target()) || !earlier.entityId().equals(later.entityId())) return null;
        if (earlier.kind() == Kind.OFFER_STOCK || later.kind() == Kind.OFFER_STOCK) {
            return earlier.kind() == later.kind() ? with(earlier, Kind.OFFER_STOCK, fieldsOf(earlier.payload(), later.payload()), later) : null;
        }
        boolean customerEarlier = earlier.kind() == Kind.CUSTOMER_UPSERT;
        boolean customerLater = later.kind() == Kind.CUSTOMER_UPSERT;
        if (customerEarlier != customerLater) return null;
        if (customerEarlier) return later;
        return switch (earlier.kind()) {
            case ORDER_CREATE -> switch (later.kind()) {
                case ORDER_EDIT -> with(earlier, Kind.ORDER_CREATE, withPayments(later.payload(), earlier.payload()), later);
                case STATUS_EDIT -> with(earlier, Kind.ORDER_CREATE, withStatus(earlier.payload(), later.payload()), later);
                case ORDER_CREATE -> later;
                default -> null;
            };
            case ORDER_EDIT -> switch (later.kind()) {
                case ORDER_EDIT, ORDER_CREATE -> later;
                case STATUS_EDIT -> with(earlier, Kind.ORDER_EDIT, withStatus(earlier.payload(), later.payload()), later);
                default -> null;
            };
            case STATUS_EDIT -> switch (later.kind()) {
                case STATUS_EDIT, ORDER_EDIT, ORDER_CREATE -> later;
                default -> null;
            };
            default -> null;
        };
    }

    private static SyncRequest with(SyncRequest base, Kind kind, JsonNode payload, SyncRequest later) {
        return new SyncRequest(base.target(), kind, base.entityId(), payload, Math.max(base.sourceTsMs(), later.sourceTsMs()));
    }

    /** An offer's stock and price: each part as the later request has it, else as the earlier one had it. */
    private static JsonNode fieldsOf(JsonNode earlier, JsonNode later) {
        ObjectNode copy = earlier.deepCopy();
        later.fields().forEachRemaining(f -> copy.set(f.getKey(), f.getValue()));
        return copy;
    }

    private static JsonNode withStatus(JsonNode order, JsonNode statusEdit) {
        ObjectNode copy = order.deepCopy();
        if (statusEdit.has("status")) copy.set("status", statusEdit.get("status"));
        return copy;
    }

    private static JsonNode withPayments(JsonNode order, JsonNode create) {
        ObjectNode copy = order.deepCopy();
        if (create.has("payments")) copy.set("payments", create.get("payments"));
        return copy;
    }
}
