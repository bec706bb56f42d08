package shopsync.processor;

import java.util.List;
import java.util.Map;
import java.util.Set;
import shopsync.events.ShopCommand;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.processor.catalog.CatalogChange;
import shopsync.processor.customer.CustomerChange;
import shopsync.processor.order.OrderChange;

/**
 * What one CRM target makes of the shop's changes. The topology runs every enabled translator over the same
 * assembled orders and customers, and sends what each returns to its target's sync topic; a new target is a new
 * implementation, not a new branch in the topology.
 */
public interface TargetTranslator {

    Target target();

    /** The requests one order change means for this CRM, or the dead letter that says why there are none. */
    Translation translate(OrderChange change);

    /** Requests for a changed customer profile; none for a CRM that keeps no customers. */
    default List<SyncRequest> customer(CustomerChange change) {
        return List.of();
    }

    /**
     * Requests for a change of the shop's catalog (e.g. an offer's stock or price between two catalog loads); none for a
     * CRM that keeps no catalog.
     */
    default List<SyncRequest> catalog(CatalogChange change) {
        return List.of();
    }

    /**
     * What the shop is to show when the sink could not deliver order {@code orderId} to this CRM (it reports that on
     * {@code crm.inbound}, and only the processor writes {@code shop.commands}); null: nothing.
     */
    default ShopCommand failureCommand(long orderId, String reason, long atMs) {
        return null;
    }

    /**
     * Shop status ids at which this CRM marks the order's payment paid, once per order (the processor remembers it in
     * the order's state and says so in {@link OrderChange#isFirstPaidFor}); empty: never.
     */
    default Set<Integer> paidStatuses() {
        return Set.of();
    }

    /** CRM status (code or name, as its events carry it) → shop status id, for the statuses that come back to the shop. */
    Map<String, Integer> statusesBack();
}
