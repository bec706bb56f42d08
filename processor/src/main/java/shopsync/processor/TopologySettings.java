package shopsync.processor;

import java.util.List;
import java.util.Set;

/**
 * What the topology needs from the configuration.
 *
 * @param draftStatuses shop status ids that mean "not an order yet" besides 0 (miniShop2 draft: 5, or 999 on
 *                      shops born on 2.x/3.x)
 * @param targets one translator per enabled CRM target
 * @param trail whether to write each order's trail ({@code shopsync.trail}) in the same transactions
 */
public record TopologySettings(String tablePrefix, Set<Integer> draftStatuses, List<TargetTranslator> targets, boolean trail) {

    /** With the trail on. */
    public TopologySettings(String tablePrefix, Set<Integer> draftStatuses, List<TargetTranslator> targets) {
        this(tablePrefix, draftStatuses, targets, true);
    }
}
