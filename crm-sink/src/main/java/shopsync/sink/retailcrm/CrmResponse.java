package shopsync.sink.retailcrm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import shopsync.events.Json;

/**
 * One RetailCRM answer: HTTP status and JSON body. {@code errors} comes as an object keyed by field (a refused create:
 * 400 {@code Order is not loaded}, {@code {"customer.externalId": "…"}}) or as an array of strings (a 460 upload,
 * whose errors are not indexed by entity); {@link #errors()} normalises both to a map (array entries keyed "0", "1",
 * …, positions in the list that say nothing about which entity failed).
 */
public record CrmResponse(int status, JsonNode body) {

    public boolean success() {
        return status < 400 && body.path("success").asBoolean(false);
    }

    public String errorMsg() {
        String msg = Json.text(body, "errorMsg");
        return msg != null ? msg : "HTTP " + status;
    }

    public Map<String, String> errors() {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode errors = body.get("errors");
        if (errors == null) return out;
        if (errors.isArray()) {
            for (int i = 0; i < errors.size(); i++) out.put(String.valueOf(i), errors.get(i).asText());
        } else if (errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        return out;
    }

    /** The CRM's own words, for results, dead letters and logs: message plus field errors (or the list of errors). */
    public String describe() {
        Map<String, String> errors = errors();
        if (errors.isEmpty()) return errorMsg();
        return errorMsg() + " " + (body.get("errors").isArray() ? errors.values().toString() : errors.toString());
    }

    /** Rate limit (503/429) and server errors: the same request may succeed later. */
    public boolean transientFailure() {
        return status == 503 || status == 429 || status >= 500;
    }
}
