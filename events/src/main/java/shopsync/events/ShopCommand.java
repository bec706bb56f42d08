package shopsync.events;

/**
 * Set an order's status in the shop, because a CRM says so.
 *
 * @param origin the CRM that asked ({@code retailcrm}); the resulting change is not sent back to it
 * @param reason one line for the order log and results, e.g. {@code retailcrm webhook:modretailcrm status paid}
 */
public record ShopCommand(long orderId, int status, String origin, String reason, long eventTimeMs) {}
