package shopsync.events;

/**
 * Set an order's status in the shop, because a CRM says so.
 *
 * @param origin the CRM that asked ({@code retailcrm}); the resulting change is not sent back to it
 * @param status the shop status id to set; 0 keeps the status
 * @param reason one line for the order log and results, e.g. {@code retailcrm webhook:modretailcrm status paid}
 * @param appendComment text to append to the order's manager comment ({@code order_comment}), or null
 */
public record ShopCommand(long orderId, int status, String origin, String reason, long eventTimeMs, String appendComment) {

    public ShopCommand(long orderId, int status, String origin, String reason, long eventTimeMs) {
        this(orderId, status, origin, reason, eventTimeMs, null);
    }

    /** A command that only adds to the manager comment and leaves the status as it is. */
    public boolean keepsStatus() {
        return status <= 0;
    }
}
