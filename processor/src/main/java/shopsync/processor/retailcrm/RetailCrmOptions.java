package shopsync.processor.retailcrm;

import java.util.Set;

/**
 * How orders are shaped for RetailCRM beyond the code mappings.
 *
 * @param offerId which id an order line's offer is bound by ({@code retailcrm.offer-id})
 * @param paidStatuses shop status ids at which the order's payment is marked paid, once ({@code retailcrm.paid-statuses})
 * @param paymentStatus the RetailCRM payment status code set then ({@code retailcrm.payment-status})
 */
public record RetailCrmOptions(OfferId offerId, Set<Integer> paidStatuses, String paymentStatus) {

    public static RetailCrmOptions defaults() {
        return new RetailCrmOptions(OfferId.PRODUCT, Set.of(), "paid");
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
