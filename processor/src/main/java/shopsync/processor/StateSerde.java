package shopsync.processor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import shopsync.events.Json;

/**
 * The serde of the processor's own state stores: the same records as JSON would carry, written in Smile (Jackson's
 * binary JSON: a row's column names are written once per state and back-referenced, numbers are binary, nothing is
 * escaped). A state is read and rewritten for every row event, and Smile does both in well under half of JSON's time
 * and space. States written as JSON by earlier versions (in the stores and their changelogs) still read: a Smile
 * value starts with the header {@code :)\n}, a JSON one with {@code {}.
 */
public final class StateSerde<T> implements Serde<T> {
    // Json.MAPPER's settings (exact decimals, unknown fields tolerated, nulls left out); field names not canonicalized
    // (order states are keyed by row ids, an unbounded set of names: see Json.ID_KEYED).
    private static final ObjectMapper SMILE = Json.configured(SmileMapper.builder(SmileFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build()));
    private static final byte SMILE_HEADER = ':';

    /** Slots of each stream thread's memo: an order's rows arrive together, so the last few states written suffice. */
    private static final int MEMO_SLOTS = 64;

    private final JavaType type;
    /**
     * The states this thread wrote, by the identity of their bytes. Kafka Streams' record cache hands a store's reader
     * the very array the serializer returned, so the next row event of the same order gets its state back without
     * decoding it again (half of the state's cost per row event). Only an immutable type may be memoised: the reader
     * gets the writer's object.
     */
    private final DecodedMemo<T> memo = DecodedMemo.byIdentity(MEMO_SLOTS);

    /** @param type an immutable record: the value read back may be the very object written */
    public StateSerde(Class<T> type) {
        this.type = SMILE.constructType(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) return null;
            try {
                byte[] bytes = SMILE.writeValueAsBytes(value);
                memo.put(bytes, value);
                return bytes;
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type + " to " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) return null;
            T written = memo.get(bytes);
            if (written != null) return written;
            try {
                return bytes.length > 0 && bytes[0] == SMILE_HEADER ? SMILE.readValue(bytes, type) : Json.ID_KEYED.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type + " from " + topic, e);
            }
        };
    }
}
