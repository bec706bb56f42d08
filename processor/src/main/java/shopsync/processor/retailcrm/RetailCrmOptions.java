package shopsync.processor.retailcrm;

import java.util.Set;
import shopsync.events.OrderExternalId;

/**
 * How orders are shaped for RetailCRM beyond the code mappings.
 *
 * @param offerId which id an order line's offer is bound by ({@code retailcrm.offer-id})
 * @param paidStatuses shop status ids at which the order's payment is marked paid, once ({@code retailcrm.paid-statuses})
 * @param paymentStatus the RetailCRM payment status code set then ({@code retailcrm.payment-status})
 * @param orderNames how orders are named in RetailCRM, their {@code externalId} ({@code retailcrm.order-external-id})
 * @param backfill what becomes of what the shop had before shopsync followed it ({@code retailcrm.backfill})
 */
public record RetailCrmOptions(OfferId offerId, Set<Integer> paidStatuses, String paymentStatus, OrderExternalId orderNames,
                               Backfill backfill) {

    /** Orders named by their shop id, the default backfill. */
    public RetailCrmOptions(OfferId offerId, Set<Integer> paidStatuses, String paymentStatus) {
        this(offerId, paidStatuses, paymentStatus, OrderExternalId.ID, Backfill.MISSING);
    }

    public static RetailCrmOptions defaults() {
        return new RetailCrmOptions(OfferId.PRODUCT, Set.of(), "paid");
    }

    public RetailCrmOptions withOrderNames(OrderExternalId names) {
        return new RetailCrmOptions(offerId, paidStatuses, paymentStatus, names, backfill);
    }

    public RetailCrmOptions withBackfill(Backfill what) {
        return new RetailCrmOptions(offerId, paidStatuses, paymentStatus, orderNames, what);
    }

    /** An order line's {@code offer.externalId}. */
    public enum OfferId {
        /** The miniShop2 product id, for every line. */
        PRODUCT,
        /**
         * As modRetailCRM and its ICML catalog: {@code mod-{productId}-{modificationId}} for a line with an
         * msOptionsPrice2 modification, the product id otherwise.
         */
        MODRETAILCRM
    }
}
