package shopsync.app.ops;

import java.util.List;
import shopsync.app.config.ShopsyncConfig;
import shopsync.events.CustomerSnapshot;
import shopsync.events.OrderSnapshot;
import shopsync.events.SyncRequest;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.processor.frontpad.FrontpadRequests;
import shopsync.processor.order.OrderChange;
import shopsync.processor.retailcrm.RetailCrmRequests;
import shopsync.processor.Translation;

/**
 * Builds a target's requests from an entity's latest snapshot with the current configuration, as if the
 * order were new: for RetailCRM a customer upsert and an order create (an upsert there), for Frontpad a create
 * (its ledger keeps it from being sent twice). Used by the re-drive and replay tools.
 */
final class Rebuilder {
    private final RetailCrmRequests retailCrm;
    private final FrontpadRequests frontpad;

    Rebuilder(ShopsyncConfig config) {
        this.retailCrm = config.bool("retailcrm.enabled") ? new RetailCrmRequests(config.retailCrmMapping()) : null;
        this.frontpad = config.bool("frontpad.enabled") ? new FrontpadRequests(config.frontpadMapping()) : null;
    }

    boolean supports(String target) {
        return RetailCrmRequests.TARGET.equals(target) ? retailCrm != null : FrontpadRequests.TARGET.equals(target) && frontpad != null;
    }

    Topic<String, SyncRequest> topic(String target) {
        return RetailCrmRequests.TARGET.equals(target) ? Topics.SYNC_RETAILCRM : Topics.SYNC_FRONTPAD;
    }

    Translation order(String target, OrderSnapshot order) {
        OrderChange created = new OrderChange(OrderChange.Kind.CREATED, order, System.currentTimeMillis());
        return RetailCrmRequests.TARGET.equals(target) ? retailCrm.translate(created) : frontpad.translate(created);
    }

    /** A customer upsert, for targets that keep customers (RetailCRM); empty otherwise. */
    List<SyncRequest> customer(String target, CustomerSnapshot customer) {
        return RetailCrmRequests.TARGET.equals(target) ? List.of(retailCrm.customerUpsert(customer)) : List.of();
    }
}
