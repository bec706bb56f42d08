package shopsync.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper of shopsync: money stays BigDecimal, unknown fields are tolerated. */
public final class Json {
    // Field names are looked up in Jackson's symbol table, which is what lets it parse UTF-8 bytes directly: without it
    // Jackson reads bytes through a Reader, and that was 18% of the processor's stream threads (row events are bytes).
    // Not interned into the JVM's string pool: a shop's property names are the shop's to choose.
    public static final ObjectMapper MAPPER = configured(JsonMapper.builder(JsonFactory.builder()
                    .disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build()));
    /**
     * For documents whose field names are row ids (a product's modifications by id, the order states of earlier
     * versions): an unbounded set of names that made the symbol table copy and refill itself on every read (13% of
     * the processor thread's profile samples, when order states were JSON).
     */
    public static final ObjectMapper ID_KEYED = configured(JsonMapper.builder(JsonFactory.builder()
                    .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build()));

    private Json() {}

    /** shopsync's mapper settings on a mapper of any of Jackson's formats (the processor's state is Smile). */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configured(B builder) {
        return builder.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                // Money keeps its scale: 450.00 stays 450.00, never 4.5E+2.
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of a field, or null when it is missing, JSON null or blank. */
    public static String text(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    public static long longValue(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? 0L : v.asLong();
    }
}
