package shopsync.sink.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.CatalogEntry;
import shopsync.events.Topics;
import shopsync.events.kafka.KafkaClients;

/**
 * A local, disk-backed copy of {@code shopsync.catalog} (RocksDB in a directory of its own), kept current by a
 * consumer without a group: what the ICML feed is rendered from, with bounded memory whatever the catalog's size. Each
 * poll is written in one batch together with the offsets it reaches, so a restart resumes exactly there, and a
 * {@link Reading} sees one point in time: no half-written batch, and (one record per product) no half-written product.
 * The sum of the offsets reached is the content's version, which only grows. Stored offsets that do not fit the topic
 * (another broker, a recreated topic) make it start over from the beginning.
 */
public final class CatalogView implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CatalogView.class);
    private static final String META = "#";
    private static final byte[] VERSION = bytes(META + "version");
    private static final byte[] MODIFIED = bytes(META + "modified");

    static {
        RocksDB.loadLibrary();
    }

    private final String bootstrapServers;
    private final Path dir;
    private final LRUCache cache = new LRUCache(8L << 20);
    private final Options options;
    private final KafkaConsumer<String, byte[]> consumer;
    private final UpstreamLag upstream;
    private volatile RocksDB db;
    private volatile boolean ready;
    private volatile boolean stopping;

    /** Opens (or creates) the copy in {@code dir}; {@link #run()} brings it up to date and keeps it so. */
    public CatalogView(String bootstrapServers, Path dir) {
        this.bootstrapServers = bootstrapServers;
        this.dir = dir;
        // Small and fixed: 4 MiB write buffers (two at most) and an 8 MiB block cache that also holds index blocks.
        this.options = new Options().setCreateIfMissing(true).setWriteBufferSize(4L << 20).setMaxWriteBufferNumber(2).setMaxOpenFiles(64)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setCacheIndexAndFilterBlocks(true));
        this.db = open();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The processor writes the catalog in exactly-once transactions: only what it committed.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "shopsync-catalog-view");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.upstream = new UpstreamLag(bootstrapServers);
    }

    private boolean hasProducts() {
        try (RocksIterator it = db.newIterator()) {
            it.seek(bytes("product:"));
            return it.isValid() && startsWith(it.key(), bytes("product:"));
        }
    }

    /**
     * True once the copy is complete: the processor had read every product row there was ({@code shop.cdc.products}), the
     * copy has everything it made of them, and it holds at least one product. Before that a feed would be incomplete (on
     * the first start, empty), and RetailCRM would take the missing offers for gone.
     */
    public boolean ready() {
        return ready;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = KafkaClients.assignAll(consumer, Topics.CATALOG.name());
            resume(partitions, consumer.beginningOffsets(partitions), consumer.endOffsets(partitions));
            Map<TopicPartition, Long> complete = null;
            long nextCheck = 0;
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) apply(records);
                if (ready) continue;
                if (complete == null && System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    // What the processor has made of every product row so far is in the catalog topic up to its end now.
                    if (upstream.caughtUp()) complete = consumer.endOffsets(partitions);
                }
                Map<TopicPartition, Long> target = complete;
                if (target != null && partitions.stream().allMatch(tp -> consumer.position(tp) >= target.get(tp))) {
                    if (hasProducts()) {
                        ready = true;
                        log.info("catalog view ({}) is current: version {}", dir, longAt(db, null, VERSION));
                    } else {
                        complete = null;
                    }
                }
            }
        } catch (WakeupException stop) {
            // close() was called
        } catch (RocksDBException e) {
            log.error("catalog view ({}) cannot be written: {}; the ICML feed answers 503 until shopsync restarts", dir, e.getMessage());
            ready = false;
        } finally {
            consumer.close(Duration.ofSeconds(5));
            upstream.close();
        }
    }

    /** Seeks to the stored offsets, or starts over when they do not fit the topic. */
    private void resume(List<TopicPartition> partitions, Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end)
            throws RocksDBException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        boolean fits = true;
        for (TopicPartition tp : partitions) {
            byte[] v = db.get(offsetKey(tp));
            if (v == null) continue;
            long offset = ByteBuffer.wrap(v).getLong();
            stored.put(tp, offset);
            fits &= offset >= beginning.get(tp) && offset <= end.get(tp);
        }
        if (!fits) {
            log.warn("catalog view ({}): its offsets do not fit {} (another broker, or a recreated topic); reading it again from the start",
                    dir, Topics.CATALOG.name());
            db.close();
            RocksDB.destroyDB(dir.toString(), options);
            db = open();
            stored.clear();
        }
        for (TopicPartition tp : partitions) {
            if (stored.containsKey(tp)) consumer.seek(tp, stored.get(tp));
            else consumer.seekToBeginning(List.of(tp));
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records) throws RocksDBException {
        try (WriteBatch batch = new WriteBatch(); WriteOptions write = new WriteOptions()) {
            long version = longAt(db, null, VERSION);
            long modified = longAt(db, null, MODIFIED);
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> list = records.records(tp);
                for (ConsumerRecord<String, byte[]> r : list) {
                    if (r.key() == null || r.key().startsWith(META)) continue;
                    if (r.value() == null) batch.delete(bytes(r.key()));
                    else batch.put(bytes(r.key()), r.value());
                    modified = Math.max(modified, r.timestamp());
                }
                long next = list.get(list.size() - 1).offset() + 1;
                byte[] was = db.get(offsetKey(tp));
                version += next - (was == null ? 0 : ByteBuffer.wrap(was).getLong());
                batch.put(offsetKey(tp), longBytes(next));
            }
            batch.put(VERSION, longBytes(version));
            batch.put(MODIFIED, longBytes(modified));
            db.write(write, batch);
        }
    }

    /** A consistent, read-only view of the copy as it is now; close it when done. */
    public Reading read() {
        return new Reading(db);
    }

    /** The copy at one point in time. */
    public static final class Reading implements AutoCloseable {
        private final RocksDB db;
        private final Snapshot snapshot;
        private final ReadOptions read;

        private Reading(RocksDB db) {
            this.db = db;
            this.snapshot = db.getSnapshot();
            this.read = new ReadOptions().setSnapshot(snapshot);
        }

        /** Grows whenever the content may have changed; the same number means the same content. */
        public long version() {
            return longAt(db, read, VERSION);
        }

        /** When the newest record of the copy was written to the topic (0: empty). */
        public long lastModifiedMs() {
            return longAt(db, read, MODIFIED);
        }

        /** Every entry whose key starts with {@code prefix} ({@code product:}, {@code category:}, {@code vendor:}), one at a time. */
        public void forEach(String prefix, Consumer<CatalogEntry> action) {
            byte[] start = bytes(prefix);
            try (RocksIterator it = db.newIterator(read)) {
                for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
                    action.accept(Topics.CATALOG.valueSerde().deserializer().deserialize(Topics.CATALOG.name(), it.value()));
                }
            }
        }

        @Override
        public void close() {
            read.close();
            db.releaseSnapshot(snapshot);
        }
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }

    /** Frees the copy's native memory; after the loop has ended. */
    public void release() {
        db.close();
        options.close();
        cache.close();
    }

    private RocksDB open() {
        try {
            Files.createDirectories(dir);
            return RocksDB.open(options, dir.toString());
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the catalog view in " + dir + " (another shopsync using it?): " + e.getMessage(), e);
        }
    }

    private static byte[] offsetKey(TopicPartition tp) {
        return bytes(META + "offset/" + tp.partition());
    }

    private static long longAt(RocksDB db, ReadOptions read, byte[] key) {
        try {
            byte[] v = read == null ? db.get(key) : db.get(read, key);
            return v == null ? 0 : ByteBuffer.wrap(v).getLong();
        } catch (RocksDBException e) {
            throw new IllegalStateException("catalog view unreadable: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (key[i] != prefix[i]) return false;
        }
        return true;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "CatalogView[" + dir + " from " + bootstrapServers + "]";
    }
}
