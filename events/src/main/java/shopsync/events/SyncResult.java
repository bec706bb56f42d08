package shopsync.events;

/** What happened to one {@link SyncRequest} (or to a result-only check): the CRM's id on success, the CRM's message on failure. */
public record SyncResult(String target, Kind kind, String entityId, Outcome outcome, String crmId,
                         String detail, long sourceTsMs, long completedAtMs) {

    public enum Outcome { CREATED, UPDATED, FAILED, REJECTED }

    /**
     * What the result is about: every request kind under its own name (stored results name them so), plus the
     * outcomes that have no request of their own.
     */
    public enum Kind {
        CUSTOMER_UPSERT, ORDER_CREATE, ORDER_EDIT, STATUS_EDIT, PAYMENT_EDIT, CUSTOMER_BACKFILL, ORDER_BACKFILL, OFFER_STOCK,
        /** The other direction: a CRM's status change for the shop (results of the intake and the write-back). */
        SHOP_STATUS,
        /** A product's article checked against the CRM's catalogue. */
        PRODUCT_ARTICLE;

        public static Kind of(SyncRequest.Kind request) {
            return valueOf(request.name());
        }
    }

    /** Its key in {@code sync.results}: {@code <target>:<entity id>}. */
    public String key() {
        return Target.outcomeKey(target, entityId);
    }
}
