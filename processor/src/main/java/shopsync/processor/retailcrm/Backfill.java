package shopsync.processor.retailcrm;

/**
 * What happens in RetailCRM to the orders and customers the shop already had when shopsync started following it
 * (the first start's snapshot, and {@code shopsync resnapshot}): {@code retailcrm.backfill}.
 */
public enum Backfill {
    /** Created only where the store does not have them; what the store has is never edited (its statuses are newer). */
    MISSING,
    /** Not sent at all: only what happens after the start reaches RetailCRM. */
    NONE,
    /** Sent like new ones: created, or edited to the shop's state where the store has them. */
    ALL
}
