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
 * @param inventories whether and where offer stock and price changes are sent ({@code retailcrm.inventories.*})
 */
public record RetailCrmOptions(OfferId offerId, Set<Integer> paidStatuses, String paymentStatus, OrderExternalId orderNames,
                               Backfill backfill, Inventories inventories) {

    /** Orders named by their shop id, the default backfill. */
    public RetailCrmOptions(OfferId offerId, Set<Integer> paidStatuses, String paymentStatus) {
        this(offerId, paidStatuses, paymentStatus, OrderExternalId.ID, Backfill.MISSING, Inventories.DEFAULT);
    }

    public RetailCrmOptions(OfferId offerId, Set<Integer> paidStatuses, String paymentStatus, OrderExternalId orderNames, Backfill backfill) {
        this(offerId, paidStatuses, paymentStatus, orderNames, backfill, Inventories.DEFAULT);
    }

    public RetailCrmOptions withInventories(Inventories what) {
        return new RetailCrmOptions(offerId, paidStatuses, paymentStatus, orderNames, backfill, what);
    }

    /**
     * Stock and prices of offers between catalog loads: sent when {@code enabled}; quantities to the warehouse
     * {@code store} (null: quantities are not sent), prices to the price type {@code priceType}.
     */
    public record Inventories(boolean enabled, String store, String priceType) {
        public static final Inventories DEFAULT = new Inventories(true, null, "base");
    }

    public static RetailCrmOptions defaults() {
        return new RetailCrmOptions(OfferId.PRODUCT, Set.of(), "paid");
    }

    public RetailCrmOptions withOrderNames(OrderExternalId names) {
        return new RetailCrmOptions(offerId, paidStatuses, paymentStatus, names, backfill, inventories);
    }

    public RetailCrmOptions withBackfill(Backfill what) {
        return new RetailCrmOptions(offerId, paidStatuses, paymentStatus, orderNames, what, inventories);
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
