package shopsync.events;

/**
 * A status change a CRM reports for one shop order (from a webhook or the CRM's history), after the intake
 * resolved which shop order it is about.
 *
 * @param source how it arrived: {@code webhook:modretailcrm}, {@code webhook:intellectdialog},
 *               {@code webhook:comagic}, {@code webhook:json} or {@code history}
 * @param orderId the shop order id (the CRM's {@code externalId})
 * @param status the CRM's status code
 * @param historyId the CRM history record id, 0 for webhooks
 * @param eventTimeMs when the change happened as far as we know: the history record's time, or when the webhook
 *                    was received
 */
public record CrmEvent(String target, String source, String orderId, String crmOrderId, String status, long historyId,
                       long eventTimeMs) {}
