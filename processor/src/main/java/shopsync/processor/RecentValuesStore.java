package shopsync.processor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A key-value store that keeps the values of its most recently used keys as objects, in front of the usual
 * Streams layers. The rows of one order arrive together, so the state of an order is read and written several
 * times in a row; without this every read parses its JSON again. Every processor of the task gets this same
 * store object, so none of them can see a stale value. Values must be immutable. The objects are dropped whenever
 * the store is (re)initialised or closed, e.g. when a task is restored after a failed transaction.
 */
public final class RecentValuesStore<V> implements KeyValueStore<String, V> {
    private final KeyValueStore<String, V> inner;
    private final Map<String, V> recent;

    private RecentValuesStore(KeyValueStore<String, V> inner, int capacity) {
        this.inner = inner;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Wraps what {@code builder} builds; {@code capacity} values per store instance (one per task). */
    public static <V> StoreBuilder<KeyValueStore<String, V>> keeping(int capacity, StoreBuilder<KeyValueStore<String, V>> builder) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
                builder.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
                builder.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
                builder.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
                builder.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<String, V> build() {
                return new RecentValuesStore<>(builder.build(), capacity);
            }

            @Override
            public Map<String, String> logConfig() {
                return builder.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return builder.loggingEnabled();
            }

            @Override
            public String name() {
                return builder.name();
            }
        };
    }

    @Override
    public V get(String key) {
        if (recent.containsKey(key)) return recent.get(key);
        V value = inner.get(key);
        recent.put(key, value);
        return value;
    }

    @Override
    public void put(String key, V value) {
        inner.put(key, value);
        recent.put(key, value);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V previous = inner.putIfAbsent(key, value);
        recent.remove(key);
        return previous;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        inner.putAll(entries);
        entries.forEach(e -> recent.remove(e.key));
    }

    @Override
    public V delete(String key) {
        recent.remove(key);
        return inner.delete(key);
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        return inner.all();
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        recent.clear();
        inner.init(context, root);
    }

    @Override
    public void flush() {
        inner.flush();
    }

    @Override
    public void close() {
        recent.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
        return inner.query(query, bound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }
}
