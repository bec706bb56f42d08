package shopsync.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing to do in one CRM, already shaped for it.
 *
 * @param payload the CRM's own JSON (e.g. a RetailCRM {@code order} object)
 * @param sourceTsMs binlog time of the shop change that caused it, for latency measurement
 */
public record SyncRequest(String target, Kind kind, String entityId, JsonNode payload, long sourceTsMs) {

    public enum Kind {
        CUSTOMER_UPSERT, ORDER_CREATE, ORDER_EDIT, STATUS_EDIT,
        /** Sets the status of the order's payment in the CRM (RetailCRM: {@code orders/payments/{id}/edit}). */
        PAYMENT_EDIT,
        /**
         * What the shop held before shopsync followed it (a snapshot read): created in the CRM only where the CRM
         * does not have it yet, never edited ({@code retailcrm.backfill: missing}).
         */
        CUSTOMER_BACKFILL, ORDER_BACKFILL,
        /**
         * The stock and/or price of one catalog offer changed in the shop (RetailCRM: {@code store/inventories/upload},
         * {@code store/prices/upload}); the payload carries only what changed, a later one wins field by field.
         */
        OFFER_STOCK
    }
}
