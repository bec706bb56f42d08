package shopsync.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import shopsync.events.Json;

/**
 * Debezium envelopes for topology tests, made from real ones captured from MariaDB
 * ({@code src/test/resources/envelopes/<table>.json}): a change keeps the captured shape and replaces the
 * row images; updates carry the previous row as {@code before}, as {@code binlog_row_image=FULL} does.
 */
final class Envelopes {
    private final Map<String, ObjectNode> lastRow = new HashMap<>();
    private long gtid = 100;

    ObjectNode insert(String table, Map<String, Object> columns) {
        ObjectNode row = (ObjectNode) template(table).get("after").deepCopy();
        columns.forEach((k, v) -> row.set(k, Json.MAPPER.valueToTree(v)));
        return envelope(table, "c", null, row);
    }

    /** A row as the snapshot reads it (op {@code r}): what the shop had before the capture started. */
    ObjectNode read(String table, Map<String, Object> columns) {
        ObjectNode e = insert(table, columns);
        e.put("op", "r");
        return e;
    }

    /** A delete: the row as it was, {@code after} null. */
    ObjectNode delete(String table, long id) {
        ObjectNode before = lastRow.get(table + ":" + id);
        if (before == null) throw new IllegalStateException("no row " + table + ":" + id + " inserted in this test");
        ObjectNode e = template(table).deepCopy();
        e.set("before", before);
        e.putNull("after");
        e.put("op", "d");
        gtid++;
        ((ObjectNode) e.get("source")).put("gtid", "0-1-" + gtid).put("pos", 1000 + 250 * gtid);
        return e;
    }

    /** A row's id; an option row of msOptionsPrice2 has none, its modification id stands in. */
    private static String rowId(JsonNode row) {
        return row.has("id") ? row.get("id").asText() : row.get("mid").asText();
    }

    ObjectNode update(String table, long id, Map<String, Object> columns) {
        ObjectNode before = lastRow.get(table + ":" + id);
        if (before == null) throw new IllegalStateException("no row " + table + ":" + id + " inserted in this test");
        ObjectNode after = before.deepCopy();
        columns.forEach((k, v) -> after.set(k, Json.MAPPER.valueToTree(v)));
        return envelope(table, "u", before, after);
    }

    private ObjectNode envelope(String table, String op, ObjectNode before, ObjectNode after) {
        ObjectNode e = template(table).deepCopy();
        e.set("before", before);
        e.set("after", after);
        e.put("op", op);
        gtid++;
        ((ObjectNode) e.get("source")).put("gtid", "0-1-" + gtid).put("pos", 1000 + 250 * gtid);
        lastRow.put(table + ":" + rowId(after), after);
        return e;
    }

    private static JsonNode template(String table) {
        try (InputStream in = Envelopes.class.getResourceAsStream("/envelopes/" + table + ".json")) {
            if (in == null) throw new IllegalArgumentException("no captured envelope for " + table);
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
