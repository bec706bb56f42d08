package shopsync.connector.capture;

import com.fasterxml.jackson.databind.JsonNode;
import shopsync.events.Json;
import shopsync.events.Topic;
import shopsync.events.Topics;

/** Where one row event goes: the topic of its entity and the key that keeps an entity's rows together. */
public record CdcRoute(Topic<String, JsonNode> topic, String key) {

    /**
     * The route of a Debezium envelope, or null for a table shopsync does not forward (or a row that
     * belongs to no order, such as a pre-4.0 address without {@code order_id}).
     */
    public static CdcRoute of(JsonNode envelope, String tablePrefix) {
        String table = Json.text(envelope.path("source"), "table");
        if (table == null || !table.startsWith(tablePrefix)) return null;
        JsonNode row = envelope.path("after").isObject() ? envelope.get("after") : envelope.path("before");
        return switch (table.substring(tablePrefix.length())) {
            case "users" -> keyed(Topics.CDC_CUSTOMERS, row, "id");
            case "user_attributes" -> keyed(Topics.CDC_CUSTOMERS, row, "internalKey");
            case "ms2_orders" -> keyed(Topics.CDC_ORDERS, row, "id");
            case "ms2_order_addresses", "ms2_order_products", "ms2_order_logs" -> keyed(Topics.CDC_ORDERS, row, "order_id");
            case "ms2_products", "ms2_deliveries", "ms2_payments", "ms2_order_statuses" -> {
                CdcRoute byId = keyed(Topics.CDC_CATALOG, row, "id");
                yield byId == null ? null : new CdcRoute(Topics.CDC_CATALOG, catalogKey(table.substring(tablePrefix.length()), byId.key));
            }
            default -> null;
        };
    }

    /** The catalog topic holds several tables, so its key names the table: {@code ms2_products:7}. */
    public static String catalogKey(String table, String id) {
        return table + ":" + id;
    }

    private static CdcRoute keyed(Topic<String, JsonNode> topic, JsonNode row, String column) {
        JsonNode id = row.get(column);
        if (id == null || id.isNull() || id.asLong() == 0) return null;
        return new CdcRoute(topic, id.asText());
    }
}
