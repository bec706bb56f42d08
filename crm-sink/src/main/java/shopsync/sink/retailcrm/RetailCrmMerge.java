package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import shopsync.events.SyncRequest;
import shopsync.events.SyncRequest.Kind;

/**
 * Folds two consecutive pending RetailCRM requests for the same entity into one that carries the latest state, so
 * an order that changed ten times during an outage is sent once. A create stays a create (it is an upsert here)
 * and keeps its {@code payments}, which RetailCRM only takes on create; a later status edit is carried into the
 * order it follows. Requests for different entities (a customer upsert queued before its order) are never folded,
 * which keeps customer-before-order.
 */
public final class RetailCrmMerge {
    private RetailCrmMerge() {}

    /** The single request equivalent to {@code earlier} then {@code later}, or null when they must both be sent. */
    public static SyncRequest merge(SyncRequest earlier, SyncRequest later) {
        if (!earlier.target().equals(later.target()) || !earlier.entityId().equals(later.entityId())) return null;
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
