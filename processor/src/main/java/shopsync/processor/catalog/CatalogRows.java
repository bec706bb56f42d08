package shopsync.processor.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import shopsync.events.CatalogEntry;
import shopsync.events.Json;
import shopsync.events.JsonSerde;
import shopsync.processor.BinlogPosition;
import shopsync.processor.Rows;

/**
 * What the shop last said about one resource id (its {@code site_content} row, its {@code ms2_products} row, its
 * msOptionsPrice2 modifications and their options) or one vendor, only the columns the catalog shows; what was last
 * emitted for it; and the last binlog position applied (replays are recognised by it).
 *
 * @param modifications by modification id
 * @param options by modification id, then option key
 */
public record CatalogRows(Resource resource, ProductData data, Map<String, ModificationRow> modifications,
                          Map<String, Map<String, String>> options, CatalogEntry.Vendor vendor, Emitted emitted, BinlogPosition applied) {
    public static final String STORE = "catalog-rows";

    public static StoreBuilder<KeyValueStore<String, CatalogRows>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), new JsonSerde<>(CatalogRows.class, Json.ID_KEYED))
                .withCachingEnabled();
    }

    static CatalogRows empty() {
        return new CatalogRows(null, null, Map.of(), Map.of(), null, new Emitted(null, null, null), null);
    }

    /** What {@code shopsync.catalog} holds for this id now (null: nothing, or a tombstone). */
    public record Emitted(CatalogEntry.Product product, CatalogEntry.Category category, CatalogEntry.Vendor vendor) {}

    /** The {@code site_content} columns the catalog uses. */
    public record Resource(String classKey, String pagetitle, long parent, boolean published, boolean deleted, String uri) {
        static Resource of(JsonNode row) {
            return row == null ? null : new Resource(Rows.text(row, "class_key"), Rows.text(row, "pagetitle"), Rows.number(row, "parent"),
                    Rows.number(row, "published") == 1, Rows.number(row, "deleted") == 1, Rows.text(row, "uri"));
        }
    }

    /** The {@code ms2_products} columns the catalog uses; {@code remains} is null where the shop has no such column (before 4.x). */
    public record ProductData(String article, BigDecimal price, BigDecimal weight, Integer remains, String image, long vendor) {
        static ProductData of(JsonNode row) {
            return row == null ? null : new ProductData(Rows.text(row, "article"), Rows.decimal(row, "price"), Rows.decimal(row, "weight"),
                    row.hasNonNull("remains") ? (int) Rows.number(row, "remains") : null, Rows.text(row, "image"), Rows.number(row, "vendor"));
        }
    }

    /** The {@code msop_modifications} columns the catalog uses; {@code price} as stored: a number or a percentage. */
    public record ModificationRow(long id, String name, int type, String price, String article, BigDecimal weight, int count,
                                  boolean active, long rank) {
        static ModificationRow of(JsonNode row) {
            return new ModificationRow(Rows.number(row, "id"), Rows.text(row, "name"), (int) Rows.number(row, "type"), Rows.text(row, "price"),
                    Rows.text(row, "article"), Rows.decimal(row, "weight"), (int) Rows.number(row, "count"), Rows.number(row, "active") == 1,
                    Rows.number(row, "rank"));
        }
    }
}
