package shopsync.processor.frontpad;

import java.util.List;
import java.util.Map;

/**
 * FrontpadApi's settings, in shopsync's keys ({@code frontpad.*}): shop payment id → pay code, shop delivery
 * id → point of sale and affiliate, shop context → sales channel (each with a default), additional fields in
 * FrontpadApi's {@code crm:shop} form, the status that triggers sending, and Frontpad status names → shop ids.
 *
 * @param sendOnStatus send an order only when it reaches this shop status; null: as soon as it is created
 */
public record FrontpadMapping(Map<String, String> payments, String defaultPay, Map<String, String> points, String defaultPoint,
                              boolean affiliatesEnabled, Map<String, String> affiliates, String defaultAffiliate,
                              Map<String, String> channels, String defaultChannel, List<String> additionalFields,
                              Integer sendOnStatus, Map<String, String> matchedStatuses) {

    /** Frontpad status name → shop status id ({@code Новый:1, В пути:2}). */
    public Map<String, Integer> statusesBack() {
        Map<String, Integer> back = new java.util.HashMap<>();
        matchedStatuses.forEach((name, shopId) -> back.put(name, Integer.valueOf(shopId)));
        return Map.copyOf(back);
    }
}
