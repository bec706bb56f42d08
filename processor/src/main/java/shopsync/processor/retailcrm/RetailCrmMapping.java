package shopsync.processor.retailcrm;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Shop ids → RetailCRM codes ({@code retailcrm.mapping.*}) and the factor that turns the shop's weight
 * unit into grams (1000 for kg, miniShop2's usual unit).
 */
public record RetailCrmMapping(Map<String, String> statuses, Map<String, String> deliveries,
                               Map<String, String> payments, BigDecimal gramsPerWeightUnit) {}
