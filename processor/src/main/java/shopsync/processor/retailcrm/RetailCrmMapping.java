package shopsync.processor.retailcrm;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Shop ids → RetailCRM codes ({@code retailcrm.mapping.*}), the factor that turns the shop's weight unit into
 * grams (1000 for kg, miniShop2's usual unit) and the CRM statuses that sync back to the shop.
 */
public record RetailCrmMapping(Map<String, String> statuses, Map<String, String> deliveries,
                               Map<String, String> payments, BigDecimal gramsPerWeightUnit, Set<String> syncStatuses) {

    /**
     * CRM status code → shop status id, for the statuses that sync back ({@code retailcrm.sync-statuses};
     * empty means every mapped status). A code mapped from two shop statuses is ambiguous and left out
     * (configuration validation reports it).
     */
    public Map<String, Integer> statusesBack() {
        Map<String, Integer> back = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        statuses.forEach((shopId, code) -> {
            if (!syncStatuses.isEmpty() && !syncStatuses.contains(code)) return;
            if (back.put(code, Integer.valueOf(shopId)) != null) ambiguous.add(code);
        });
        ambiguous.forEach(back::remove);
        return Map.copyOf(back);
    }
}
