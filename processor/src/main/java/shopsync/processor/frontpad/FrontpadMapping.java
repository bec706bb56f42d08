package shopsync.processor.frontpad;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FrontpadApi's settings, in shopsync's keys ({@code frontpad.*}): shop payment id → pay code, shop delivery
 * id → point of sale and affiliate, shop context → sales channel (each with a default), additional fields in
 * FrontpadApi's {@code crm:shop} form, the status that triggers sending, Frontpad status names → shop ids, and
 * what the shop shows when an order cannot be delivered.
 *
 * @param sendOnStatus send an order only when it reaches this shop status; null: as soon as it is created
 * @param errorStatus shop status id an undeliverable order moves to ({@code frontpad.error-status}); null: none
 * @param commentOnError append the reason to the order's manager comment ({@code frontpad.on-error.comment})
 */
public record FrontpadMapping(Map<String, String> payments, String defaultPay, Map<String, String> points, String defaultPoint,
                              boolean affiliatesEnabled, Map<String, String> affiliates, String defaultAffiliate,
                              Map<String, String> channels, String defaultChannel, List<String> additionalFields,
                              Integer sendOnStatus, Map<String, String> matchedStatuses, Integer errorStatus,
                              boolean commentOnError) {

    /** Without a failure reaction of its own: no error status, the reason in the comment (the settings' defaults). */
    public FrontpadMapping(Map<String, String> payments, String defaultPay, Map<String, String> points, String defaultPoint,
                           boolean affiliatesEnabled, Map<String, String> affiliates, String defaultAffiliate,
                           Map<String, String> channels, String defaultChannel, List<String> additionalFields,
                           Integer sendOnStatus, Map<String, String> matchedStatuses) {
        this(payments, defaultPay, points, defaultPoint, affiliatesEnabled, affiliates, defaultAffiliate, channels, defaultChannel,
                additionalFields, sendOnStatus, matchedStatuses, null, true);
    }

    /** The same mapping with another reaction to an order Frontpad would not take. */
    public FrontpadMapping onFailure(Integer errorStatus, boolean commentOnError) {
        return new FrontpadMapping(payments, defaultPay, points, defaultPoint, affiliatesEnabled, affiliates, defaultAffiliate, channels,
                defaultChannel, additionalFields, sendOnStatus, matchedStatuses, errorStatus, commentOnError);
    }

    /** Frontpad status name → shop status id ({@code Новый:1, В пути:2}). */
    public Map<String, Integer> statusesBack() {
        Map<String, Integer> back = new HashMap<>();
        matchedStatuses.forEach((name, shopId) -> back.put(name, Integer.valueOf(shopId)));
        return Map.copyOf(back);
    }
}
