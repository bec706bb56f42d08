package shopsync.app.ops;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import shopsync.app.config.ShopsyncConfig;
import shopsync.events.CustomerSnapshot;
import shopsync.events.OrderSnapshot;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.processor.TargetTranslator;
import shopsync.processor.Translation;
import shopsync.processor.customer.CustomerChange;
import shopsync.processor.order.OrderChange;

/**
 * Builds a target's requests from an entity's latest snapshot with the current configuration, as if the
 * order were new: for RetailCRM a customer upsert and an order create (an upsert there), for Frontpad a create
 * (its ledger keeps it from being sent twice). Used by the re-drive and replay tools.
 */
final class Rebuilder {
    private final Map<String, TargetTranslator> translators;

    Rebuilder(ShopsyncConfig config) {
        this.translators = config.translators().stream()
                .collect(Collectors.toUnmodifiableMap(t -> t.target().name(), t -> t));
    }

    boolean supports(String target) {
        return translators.containsKey(target);
    }

    /** The enabled target called {@code name}. */
    Target target(String name) {
        return translator(name).target();
    }

    Translation order(String target, OrderSnapshot order) {
        return translator(target).translate(new OrderChange(OrderChange.Kind.CREATED, order, System.currentTimeMillis()));
    }

    /** A customer upsert, for targets that keep customers (RetailCRM); empty otherwise. */
    List<SyncRequest> customer(String target, CustomerSnapshot customer) {
        return translator(target).customer(new CustomerChange(customer, false));
    }

    private TargetTranslator translator(String target) {
        TargetTranslator t = translators.get(target);
        if (t == null) throw new IllegalArgumentException(target + " is not enabled in this configuration");
        return t;
    }
}
