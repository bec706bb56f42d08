package shopsync.app.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import shopsync.connector.ShopDatabase;
import shopsync.sink.frontpad.FrontpadSettings;
import shopsync.sink.inbound.WebhookSettings;
import shopsync.sink.retailcrm.RetailCrmSettings;

/**
 * What {@code shopsync check} compares with the live shop database and CRMs: the parts of the configuration the
 * roles take, plus the mappings and codes as the operator wrote them (by key, so a report can name the key to fix).
 *
 * @param captureServerId the replica server id the capture connects with ({@code shop.server-id})
 * @param draftStatuses shop status ids that are never forwarded (besides 0)
 * @param statusesComeBack whether anything writes into the shop (CRM statuses, Frontpad's error status or comment),
 *                         so the write-back user's rights matter
 * @param retailCrm null when RetailCRM is disabled
 * @param frontpad null when Frontpad is disabled
 */
public record PreflightSettings(ShopDatabase shop, long captureServerId, Set<Integer> draftStatuses, String snapshotMode,
                                boolean statusesComeBack, RetailCrm retailCrm, Frontpad frontpad, Webhooks webhooks) {

    /**
     * @param mappings shop id → RetailCRM code, per shop list
     * @param ignored shop ids left unmapped on purpose, per shop list
     * @param syncStatuses RetailCRM status codes that come back to the shop (empty: every mapped one)
     * @param paymentEdits whether orders' payments are edited ({@code retailcrm.paid-statuses} set)
     */
    public record RetailCrm(RetailCrmSettings account, Map<ShopList, Map<String, String>> mappings, Map<ShopList, Set<String>> ignored,
                            List<String> syncStatuses, boolean paymentEdits) {}

    /**
     * @param codes every Frontpad code the configuration sends (pay, point, affiliate, channel), by the key that sets it
     * @param shopIds every shop id the Frontpad keys name, with the shop list it belongs to
     * @param sendOnStatus the shop status an order must reach before it goes to Frontpad, or null
     */
    public record Frontpad(FrontpadSettings account, List<Code> codes, List<ShopId> shopIds, String sendOnStatus) {}

    /** A Frontpad code as configured, e.g. {@code frontpad.payments 2} = {@code "2"}. */
    public record Code(String key, String code) {}

    /** A shop id as configured, e.g. {@code frontpad.points} names delivery {@code 3}. */
    public record ShopId(String key, ShopList list, String id) {}

    /**
     * @param portConfigured whether {@code webhooks.port} is set in the file or the environment (not only defaulted)
     */
    public record Webhooks(WebhookSettings intake, boolean portConfigured) {}
}
