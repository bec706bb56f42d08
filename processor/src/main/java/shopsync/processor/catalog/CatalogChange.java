package shopsync.processor.catalog;

import shopsync.events.CatalogEntry;

/**
 * One record of {@code shopsync.catalog} changed: what it was and what it is now (null: not in the catalog).
 *
 * @param key its key there ({@code product:7}, {@code category:3}, {@code vendor:2})
 * @param fromSnapshot the change came from a snapshot read (what the shop had before the capture followed it), not a
 *                     change streamed from the binlog
 * @param sourceTsMs binlog time of the shop change
 */
public record CatalogChange(String key, CatalogEntry before, CatalogEntry after, boolean fromSnapshot, long sourceTsMs) {

    /** The product before, or null. */
    public CatalogEntry.Product productBefore() {
        return before == null ? null : before.product();
    }

    /** The product now, or null. */
    public CatalogEntry.Product productAfter() {
        return after == null ? null : after.product();
    }
}
