package shopsync.processor.order;

import java.util.Set;
import shopsync.events.OrderSnapshot;

/**
 * A complete order that the CRMs must learn about, what kind of news it is for them, and which CRMs caused
 * it themselves (a status they asked for, written back into the shop).
 *
 * @param fromSnapshot the shop already had this when shopsync started following it (a snapshot read, also of
 *                     {@code shopsync resnapshot}): a backfill, not news
 */
public record OrderChange(Kind kind, OrderSnapshot snapshot, long sourceTsMs, Set<String> echoOf, boolean fromSnapshot) {

    public OrderChange(Kind kind, OrderSnapshot snapshot, long sourceTsMs) {
        this(kind, snapshot, sourceTsMs, Set.of(), false);
    }

    /** True when this status is what {@code target} itself asked the shop for: it must not go back there. */
    public boolean isEchoFor(String target) {
        return kind == Kind.STATUS_CHANGED && echoOf != null && echoOf.contains(target);
    }

    public enum Kind {
        /** The order left status 0/draft: it is an order now. */
        CREATED,
        /** Only its status changed. */
        STATUS_CHANGED,
        /** Anything else changed (items, address, costs, comments…). */
        UPDATED
    }
}
