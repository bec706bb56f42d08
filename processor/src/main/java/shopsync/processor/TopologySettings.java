package shopsync.processor;

import java.util.Set;
import shopsync.processor.frontpad.FrontpadMapping;
import shopsync.processor.retailcrm.RetailCrmMapping;

/**
 * What the topology needs from the configuration.
 *
 * @param draftStatuses shop status ids that mean "not an order yet" besides 0 (miniShop2 draft: 5, or 999 on
 *                      shops born on 2.x/3.x)
 * @param retailCrm the RetailCRM mapping, or null when RetailCRM is not a target
 * @param frontpad the Frontpad mapping, or null when Frontpad is not a target
 */
public record TopologySettings(String tablePrefix, Set<Integer> draftStatuses, RetailCrmMapping retailCrm, FrontpadMapping frontpad) {

    public TopologySettings(String tablePrefix, Set<Integer> draftStatuses, RetailCrmMapping retailCrm) {
        this(tablePrefix, draftStatuses, retailCrm, null);
    }
}
