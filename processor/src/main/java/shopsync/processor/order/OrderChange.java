package shopsync.processor.order;

import shopsync.events.OrderSnapshot;

/** A complete order that the CRMs must learn about, and what kind of news it is for them. */
public record OrderChange(Kind kind, OrderSnapshot snapshot, long sourceTsMs) {

    public enum Kind {
        /** The order left status 0/draft: it is an order now. */
        CREATED,
        /** Only its status changed. */
        STATUS_CHANGED,
        /** Anything else changed (items, address, costs, comments…). */
        UPDATED
    }
}
