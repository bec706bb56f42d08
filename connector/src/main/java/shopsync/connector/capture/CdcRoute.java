package shopsync.connector.capture;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import shopsync.events.CatalogEntry;
import shopsync.events.Json;
import shopsync.events.Topic;
import shopsync.events.Topics;

/** Where one row event goes: the topic of its entity and the key that keeps an entity's rows together. */
public record CdcRoute(Topic<String, JsonNode> topic, String key) {

    /**
     * The routes of a Debezium envelope: none for a table shopsync does not forward (or a row that belongs to no order,
     * such as a pre-4.0 address without {@code order_id}); two for a product row, which is reference data for orders
     * and part of the catalog; two for a modification moved to another product (the old one loses it).
     */
    public static List<CdcRoute> of(JsonNode envelope, String tablePrefix) {
        String table = Json.text(envelope.path("source"), "table");
        if (table == null || !table.startsWith(tablePrefix)) return List.of();
        JsonNode after = envelope.path("after");
        JsonNode row = after.isObject() ? after : envelope.path("before");
        String name = table.substring(tablePrefix.length());
        return switch (name) {
            case "users" -> keyed(Topics.CDC_CUSTOMERS, row, "id");
            case "user_attributes" -> keyed(Topics.CDC_CUSTOMERS, row, "internalKey");
            case "ms2_orders" -> keyed(Topics.CDC_ORDERS, row, "id");
            case "ms2_order_addresses", "ms2_order_products", "ms2_order_logs" -> keyed(Topics.CDC_ORDERS, row, "order_id");
            case "ms2_deliveries", "ms2_payments", "ms2_order_statuses" -> catalog(name, row);
            case "ms2_products" -> join(catalog(name, row), keyed(Topics.CDC_PRODUCTS, row, "id"));
            case "site_content" -> keyed(Topics.CDC_PRODUCTS, row, "id");
            case "ms2_vendors" -> {
                long id = row.path("id").asLong();
                yield id == 0 ? List.of() : List.of(new CdcRoute(Topics.CDC_PRODUCTS, CatalogEntry.vendorKey(id)));
            }
            // msOptionsPrice2: a modification and its options travel with their product (rid)
            case "msop_modifications", "msop_modification_options" -> join(keyed(Topics.CDC_PRODUCTS, envelope.path("before"), "rid"),
                    keyed(Topics.CDC_PRODUCTS, after, "rid"));
            default -> List.of();
        };
    }

    /** The catalog topic holds several tables, so its key names the table: {@code ms2_products:7}. */
    public static String catalogKey(String table, String id) {
        return table + ":" + id;
    }

    private static List<CdcRoute> catalog(String table, JsonNode row) {
        return keyed(Topics.CDC_CATALOG, row, "id").stream().map(r -> new CdcRoute(r.topic, catalogKey(table, r.key))).toList();
    }

    private static List<CdcRoute> join(List<CdcRoute> a, List<CdcRoute> b) {
        List<CdcRoute> out = new ArrayList<>(a);
        for (CdcRoute r : b) {
            if (!out.contains(r)) out.add(r);
        }
        return out;
    }

    private static List<CdcRoute> keyed(Topic<String, JsonNode> topic, JsonNode row, String column) {
        JsonNode id = row == null ? null : row.get(column);
        if (id == null || id.isNull() || id.asLong() == 0) return List.of();
        return List.of(new CdcRoute(topic, id.asText()));
    }
}
