package shopsync.processor.customer;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import shopsync.events.CustomerSnapshot;
import shopsync.processor.BinlogPosition;
import shopsync.processor.StateSerde;

/** The two rows of a MODX customer as last seen, the snapshot last emitted and the last binlog position applied. */
public record CustomerRows(JsonNode user, JsonNode attributes, CustomerSnapshot emitted, BinlogPosition applied) {
    public static final String STORE = "customer-rows";

    public static StoreBuilder<KeyValueStore<String, CustomerRows>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), new StateSerde<>(CustomerRows.class))
                .withCachingEnabled();
    }
}
