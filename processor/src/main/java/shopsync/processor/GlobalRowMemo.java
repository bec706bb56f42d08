package shopsync.processor;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import shopsync.events.Topic;

/**
 * The serde of a global table that every order reads (its delivery, payment, products and customer): a row is decoded
 * once per thread and handed out again while its bytes stay the same. A global store gives each read a fresh copy of
 * the row's bytes, so they are compared by content; comparing a row's bytes costs a small part of parsing them again.
 * The decoded values are shared between reads: only a value nobody changes (a record, or a JSON row that is only read)
 * may be memoised.
 */
public final class GlobalRowMemo {
    /**
     * Slots per thread, a few MiB of decoded rows at most: enough for a shop's deliveries, payments and best-selling
     * products, and the customers of the orders in flight.
     */
    static final int SLOTS = 256;

    private GlobalRowMemo() {}

    public static <V> Serde<V> of(Topic<String, V> topic) {
        Deserializer<V> decode = topic.valueSerde().deserializer();
        DecodedMemo<V> memo = DecodedMemo.byContent(SLOTS);
        Deserializer<V> remembering = (name, bytes) -> {
            if (bytes == null) return null;
            V value = memo.get(bytes);
            if (value == null) {
                value = decode.deserialize(name, bytes);
                memo.put(bytes, value);
            }
            return value;
        };
        return Serdes.serdeFrom(topic.valueSerde().serializer(), remembering);
    }
}
