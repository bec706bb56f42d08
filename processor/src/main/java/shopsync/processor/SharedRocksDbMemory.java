package shopsync.processor;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of this process together. Left alone, each store instance (one per store
 * and partition, plus the global stores) gets its own 50 MiB block cache and up to three 16 MiB memtables, so the
 * processor's off-heap memory grows with {@code kafka.partitions} and no one chose it. Here all of them share one
 * block cache of {@value #BYTES_CONFIG} bytes, their memtables are charged to that same cache (a write buffer manager
 * of a quarter of it), and index and filter blocks live in it too: the cache's capacity is what RocksDB holds.
 *
 * <p>Kafka Streams creates this class by name, so the shared cache is static: one per process, sized by the first
 * store opened. The cache and the manager are never closed; they live as long as the process.
 */
public final class SharedRocksDbMemory implements RocksDBConfigSetter {
    /** Kafka Streams property (passed through to {@link #setConfig}): the bytes all stores share. */
    public static final String BYTES_CONFIG = "shopsync.rocksdb.memory.bytes";
    /** Used when {@link #BYTES_CONFIG} is absent (topology tests). */
    static final long DEFAULT_BYTES = 32L << 20;
    // Memtables are small: with the record cache in front, a store sees one write per order per commit.
    private static final long MEMTABLE_BYTES = 2L << 20;
    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long capacity;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(BYTES_CONFIG);
        long bytes = configured == null ? DEFAULT_BYTES : Long.parseLong(configured.toString());
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache(bytes));
        // Index and filter blocks in the cache (counted), the top-level ones pinned and kept ahead of data blocks.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    private static synchronized Cache cache(long bytes) {
        if (cache == null) {
            capacity = bytes;
            // Not strict: a full cache evicts instead of failing a read; 10% kept for index and filter blocks.
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(bytes / 4, cache);
        }
        return cache;
    }

    /** Bytes in the shared cache now (data, index and filter blocks, memtables); 0 before the first store opened. */
    public static synchronized long usage() {
        return cache == null ? 0 : cache.getUsage();
    }

    /** The shared cache's capacity, 0 before the first store opened. */
    public static synchronized long capacity() {
        return capacity;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: closing one store must not free them.
    }
}
