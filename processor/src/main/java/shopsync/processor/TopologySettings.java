package shopsync.processor;

import java.util.Set;
import shopsync.processor.retailcrm.RetailCrmMapping;

/**
 * What the topology needs from the configuration.
 *
 * @param draftStatuses shop status ids that mean "not an order yet" besides 0 (miniShop2 draft: 5, or 999 on
 *                      shops born on 2.x/3.x)
 * @param retailCrm the RetailCRM mapping, or null when RetailCRM is not a target
 */
public record TopologySettings(String tablePrefix, Set<Integer> draftStatuses, RetailCrmMapping retailCrm) {}
