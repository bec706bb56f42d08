package shopsync.events;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Something a CRM side reports about one shop order, after the intake resolved which shop order it is about: a
 * status change (from a webhook, a poller or the CRM's history), or the sink's report that the order could not be
 * delivered to that CRM ({@link #failure()} set, no status), which the processor turns into what the shop shows.
 *
 * @param source how it arrived: {@code webhook:modretailcrm}, {@code webhook:intellectdialog},
 *               {@code webhook:comagic}, {@code webhook:json}, {@code history}, {@code poll} or
 *               {@link #DELIVERY_FAILURE}
 * @param orderId the shop order id (the CRM's {@code externalId})
 * @param status the CRM's status code; null for a failure report
 * @param historyId the CRM history record id, 0 for webhooks
 * @param eventTimeMs when the change happened as far as we know: the history record's time, or when the webhook
 *                    was received
 * @param failure why the order could not be delivered to the CRM; null for a status change (and in every record
 *                stored before failures travelled this way)
 */
public record CrmEvent(String target, String source, String orderId, String crmOrderId, String status, long historyId,
                       long eventTimeMs, String failure) {

    /** The {@code source} of a failure report. */
    public static final String DELIVERY_FAILURE = "delivery-failure";

    // Jackson must keep using the canonical constructor (a missing "failure" reads as null) now that there are two.
    @JsonCreator
    public CrmEvent {}

    /** A status change. */
    public CrmEvent(String target, String source, String orderId, String crmOrderId, String status, long historyId, long eventTimeMs) {
        this(target, source, orderId, crmOrderId, status, historyId, eventTimeMs, null);
    }

    /** The sink could not deliver the order to {@code target}, for {@code reason}. */
    public static CrmEvent deliveryFailure(String target, String orderId, String reason, long atMs) {
        return new CrmEvent(target, DELIVERY_FAILURE, orderId, null, null, 0, atMs, reason);
    }

    public boolean deliveryFailed() {
        return failure != null;
    }
}
