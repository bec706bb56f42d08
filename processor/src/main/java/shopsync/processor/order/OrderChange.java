package shopsync.processor.order;

import java.util.Set;
import shopsync.events.OrderSnapshot;

/**
 * A complete order that the CRMs must learn about, what kind of news it is for them, which CRMs caused it
 * themselves (a status they asked for, written back into the shop), and for which CRMs the order has just reached
 * a paid status for the first time ({@code paidFor}: their payment is to be marked paid, once).
 *
 * @param customerSettled the customer's profile, as the snapshot has it, went out on the customer stream well before
 *                        this change (so the CRMs have it): the order need not send its customer again
 * @param fromSnapshot the shop already had this when shopsync started following it (a snapshot read, also of
 *                     {@code shopsync resnapshot}): a backfill, not news
 */
public record OrderChange(Kind kind, OrderSnapshot snapshot, long sourceTsMs, Set<String> echoOf, Set<String> paidFor,
                          boolean customerSettled, boolean fromSnapshot) {

    public OrderChange(Kind kind, OrderSnapshot snapshot, long sourceTsMs) {
        this(kind, snapshot, sourceTsMs, Set.of(), Set.of(), false, false);
    }

    public OrderChange(Kind kind, OrderSnapshot snapshot, long sourceTsMs, Set<String> echoOf) {
        this(kind, snapshot, sourceTsMs, echoOf, Set.of(), false, false);
    }

    public OrderChange withPaidFor(Set<String> targets) {
        return new OrderChange(kind, snapshot, sourceTsMs, echoOf, Set.copyOf(targets), customerSettled, fromSnapshot);
    }

    public OrderChange withCustomerSettled(boolean settled) {
        return new OrderChange(kind, snapshot, sourceTsMs, echoOf, paidFor, settled, fromSnapshot);
    }

    public OrderChange withFromSnapshot(boolean snapshotRead) {
        return new OrderChange(kind, snapshot, sourceTsMs, echoOf, paidFor, customerSettled, snapshotRead);
    }

    /** True when the order has just reached one of {@code target}'s paid statuses for the first time. */
    public boolean isFirstPaidFor(String target) {
        return paidFor != null && paidFor.contains(target);
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
