package shopsync.processor;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import shopsync.events.Json;

/** Reading column values out of Debezium row images (JSON, schemas off, decimals as strings). */
public final class Rows {
    private static final DateTimeFormatter SHOP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Rows() {}

    /** The table a row event came from, without the shop's table prefix; null for another prefix. */
    public static String table(JsonNode envelope, String tablePrefix) {
        String table = Json.text(envelope.path("source"), "table");
        return table != null && table.startsWith(tablePrefix) ? table.substring(tablePrefix.length()) : null;
    }

    /** The row after the change, or null for a delete. */
    public static JsonNode after(JsonNode envelope) {
        JsonNode after = envelope.get("after");
        return after == null || after.isNull() ? null : after;
    }

    public static JsonNode before(JsonNode envelope) {
        JsonNode before = envelope.get("before");
        return before == null || before.isNull() ? null : before;
    }

    public static String text(JsonNode row, String column) {
        return Json.text(row, column);
    }

    public static long number(JsonNode row, String column) {
        return Json.longValue(row, column);
    }

    public static BigDecimal decimal(JsonNode row, String column) {
        String v = Json.text(row, column);
        return v == null ? BigDecimal.ZERO : new BigDecimal(v);
    }

    /**
     * A miniShop2 DATETIME as the shop wrote it. Debezium sends DATETIME as epoch milliseconds of the wall-clock
     * value read as UTC, so reading it back in UTC gives the shop's local time unchanged.
     */
    public static String dateTime(JsonNode row, String column) {
        JsonNode v = row == null ? null : row.get(column);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) {
            long ms = v.asLong();
            return LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000), 0, ZoneOffset.UTC).format(SHOP_TIME);
        }
        return v.asText().replace('T', ' ').replaceAll("Z$", "");
    }

    /** A row read by a snapshot (the initial one or {@code shopsync resnapshot}), not a change streamed from the binlog. */
    public static boolean snapshotRead(JsonNode envelope) {
        return "r".equals(envelope.path("op").asText());
    }

    public static long sourceTimeMs(JsonNode envelope) {
        return envelope.path("source").path("ts_ms").asLong();
    }
}
