package shopsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shopsync.events.Json;

/**
 * How RetailCRM stores an order's lines (field-facts.md, "Order lines"): lines with the same offer are merged and
 * only the last one is kept, unless each line carries its own id in {@code externalIds: [{code, value}]}; offers
 * bind by {@code offer.externalId}, {@code offer.id} or {@code offer.xmlId}, never by article. An edit whose lines
 * carry {@code externalIds} updates the stored line with the same ids.
 */
final class RetailCrmLines {
    private static final String[] OFFER_KEYS = {"externalId", "id", "xmlId"};

    private RetailCrmLines() {}

    /**
     * The lines a create stores.
     *
     * @param nameKeysOfferless whether lines without an offer merge by {@code productName}: no source says what
     *                          RetailCRM does with them, so the emulator can do either (default: they stay apart)
     */
    static ArrayNode created(JsonNode sent, boolean nameKeysOfferless) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        distinct(sent, nameKeysOfferless).values().forEach(out::add);
        return out;
    }

    /**
     * The lines after an edit that sends {@code items}: the sent list replaces the stored one (as the emulator has
     * always done: the edit of a field sets it), and a sent line with {@code externalIds} that match a stored line
     * updates that line (fields it does not send are kept).
     */
    static ArrayNode edited(JsonNode stored, JsonNode sent, boolean nameKeysOfferless) {
        Map<String, ObjectNode> before = new LinkedHashMap<>();
        if (stored != null && stored.isArray()) {
            for (JsonNode line : stored) {
                String key = ownIds(line);
                if (key != null && line.isObject()) before.put(key, (ObjectNode) line);
            }
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Map.Entry<String, ObjectNode> e : distinct(sent, nameKeysOfferless).entrySet()) {
            ObjectNode old = before.get(e.getKey());
            if (old == null) {
                out.add(e.getValue());
            } else {
                ObjectNode updated = old.deepCopy();
                updated.setAll(e.getValue());
                out.add(updated);
            }
        }
        return out;
    }

    /** Sent lines by identity; a later line with the same identity replaces an earlier one in its place. */
    private static Map<String, ObjectNode> distinct(JsonNode sent, boolean nameKeysOfferless) {
        Map<String, ObjectNode> lines = new LinkedHashMap<>();
        if (sent == null || !sent.isArray()) return lines;
        for (int i = 0; i < sent.size(); i++) {
            JsonNode line = sent.get(i);
            if (!line.isObject()) continue;
            lines.put(identity(line, i, nameKeysOfferless), (ObjectNode) line.deepCopy());
        }
        return lines;
    }

    private static String identity(JsonNode line, int index, boolean nameKeysOfferless) {
        String own = ownIds(line);
        if (own != null) return own;
        JsonNode offer = line.path("offer");
        for (String key : OFFER_KEYS) {
            String value = Json.text(offer, key);
            if (value != null) return "offer." + key + "=" + value;
        }
        String name = Json.text(line, "productName");
        if (nameKeysOfferless && name != null) return "name=" + name;
        return "line#" + index;
    }

    /** The line's own ids ({@code externalIds}), as one key, or null when it carries none. */
    private static String ownIds(JsonNode line) {
        JsonNode ids = line.get("externalIds");
        if (ids == null || !ids.isArray() || ids.isEmpty()) return null;
        List<String> pairs = new ArrayList<>();
        for (JsonNode id : ids) pairs.add(id.path("code").asText() + "=" + id.path("value").asText());
        pairs.sort(null);
        return "ids:" + String.join(",", pairs);
    }
}
