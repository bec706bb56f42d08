package shopsync.events;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for any Jackson-mappable type; null stays null (tombstones). */
public final class JsonSerde<T> implements Serde<T> {
    private final ObjectMapper mapper;
    private final JavaType type;

    public JsonSerde(Class<T> type) {
        this(type, Json.MAPPER);
    }

    /** @param mapper {@link Json#MAPPER}, or {@link Json#ID_KEYED} for a type whose field names are row ids */
    public JsonSerde(Class<T> type, ObjectMapper mapper) {
        this.mapper = mapper;
        this.type = mapper.constructType(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) return null;
            try {
                return mapper.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type + " to " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) return null;
            try {
                return mapper.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type + " from " + topic, e);
            }
        };
    }
}
