package shopsync.app.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.app.config.KafkaSettings;
import shopsync.app.config.ProcessorSettings;
import shopsync.events.Topics;
import shopsync.events.kafka.KafkaClients;
import shopsync.processor.PromptCommit;
import shopsync.processor.SharedRocksDbMemory;
import shopsync.processor.ShopTopology;

/**
 * The Kafka Streams topology, exactly-once, with its state in {@code processor.state-dir}. Local state that does not
 * match the broker is repaired, never fatal: state that came from another broker (its cluster id is recorded beside
 * it) is reset before the start, and a global store whose checkpoint is ahead of its changelog (a truncated topic) is
 * wiped by Kafka Streams, after which this role starts a new client that restores it. Anything else that stops the
 * client for good makes the role dead, with the reason, for the runtime to report and exit on.
 */
final class ProcessorRole implements RoleService {
    private static final Logger log = LoggerFactory.getLogger(ProcessorRole.class);
    static final String APPLICATION_ID = Topics.PROCESSOR_GROUP;
    private static final int MAX_REPAIRS = 3;
    private static final int MAX_THREAD_FAILURES = 3;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

    private final Topology topology;
    private final Properties properties;
    private final Path stateDir;
    private final String bootstrapServers;
    private final ExecutorService restarter = Executors.newSingleThreadExecutor(r -> new Thread(r, "shopsync-processor-restart"));
    private final AtomicInteger repairs = new AtomicInteger();
    private volatile KafkaStreams streams;
    private volatile Throwable lastFailure;
    private volatile String deadReason;
    private volatile boolean closing;
    private final Deque<Long> failures = new ConcurrentLinkedDeque<>();

    ProcessorRole(ProcessorSettings settings, KafkaSettings kafka, String bootstrapServers, MeterRegistry metrics) {
        this.topology = ShopTopology.build(new StreamsBuilder(), settings.topology());
        Gauge.builder("shopsync.processor.rocksdb", SharedRocksDbMemory::usage).baseUnit(BaseUnits.BYTES)
                .description("off-heap memory of the processor's state stores (the shared RocksDB cache, memtables included)")
                .register(metrics);
        this.properties = properties(settings, kafka, bootstrapServers);
        this.stateDir = settings.stateDir();
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public void start() {
        KafkaStreams client = newClient();
        resetIfFromAnotherBroker(client);
        streams = client;
        client.start();
    }

    /** The state directory remembers the cluster it was built from; from another cluster its offsets mean nothing here. */
    private void resetIfFromAnotherBroker(KafkaStreams client) {
        Path marker = stateDir.resolve("cluster-id");
        String clusterId = clusterId();
        try {
            Files.createDirectories(stateDir);
            String recorded = Files.exists(marker) ? Files.readString(marker).trim() : null;
            if (recorded != null && !recorded.equals(clusterId)) {
                log.warn("processor: the state in {} was built with Kafka cluster {}, the broker now is cluster {}: local state reset, "
                        + "it is restored from this broker's changelogs", stateDir, recorded, clusterId);
                client.cleanUp();
            }
            Files.writeString(marker, clusterId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use processor.state-dir " + stateDir, e);
        }
    }

    private String clusterId() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the Kafka cluster id at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    private KafkaStreams newClient() {
        KafkaStreams client = new KafkaStreams(topology, properties);
        client.setUncaughtExceptionHandler(this::onUncaught);
        client.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR && !closing) restarter.execute(this::repairOrDie);
        });
        return client;
    }

    /** Never throws: an exception here would leave the client half shut down. */
    private StreamThreadExceptionResponse onUncaught(Throwable e) {
        try {
            lastFailure = e;
            if (Thread.currentThread().getName().contains("GlobalStreamThread")) {
                // A global thread cannot be replaced: the client shuts down and repairOrDie decides what comes next.
                log.error("processor: the global store thread failed", e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            long now = System.nanoTime();
            failures.addLast(now);
            while (now - failures.peekFirst() > FAILURE_WINDOW.toNanos()) failures.pollFirst();
            if (failures.size() > MAX_THREAD_FAILURES) {
                // The same record fails every new thread: replacing it again would hide a dead processor behind a loop.
                log.error("processor thread failed {} times within {} s; stopping the processor", failures.size(),
                        FAILURE_WINDOW.toSeconds(), e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            log.error("processor thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        } catch (Throwable unexpected) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
    }

    private void repairOrDie() {
        Throwable failure = lastFailure;
        boolean stateMismatch = failure != null && failure.getCause() instanceof InvalidOffsetException;
        if (stateMismatch && repairs.incrementAndGet() <= MAX_REPAIRS) {
            log.warn("processor: a global store's local state was ahead of its changelog (a new, restored or truncated topic); "
                    + "Kafka Streams reset it, restarting the processor to restore it from the changelog");
            streams.close(Duration.ofSeconds(10));
            KafkaStreams client = newClient();
            streams = client;
            client.start();
            return;
        }
        deadReason = "Kafka Streams stopped (ERROR)" + (failure == null ? "" : ": " + failure);
        log.error("processor: {}", deadReason);
    }

    @Override
    public List<Part> health() {
        KafkaStreams.State s = streams.state();
        if (deadReason != null) return List.of(new Part("processor", false, false, s.name() + ": " + deadReason));
        // Until repairOrDie has decided, an ERROR is a repair under way (it replaces the client within seconds).
        return List.of(new Part("processor", true, s == KafkaStreams.State.RUNNING, s.name()));
    }

    @Override
    public void close() {
        closing = true;
        restarter.shutdownNow();
        KafkaStreams client = streams;
        if (client != null) client.close(Duration.ofSeconds(10));
    }

    private static Properties properties(ProcessorSettings settings, KafkaSettings kafka, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        // Live changes ask for their own commits (PromptCommit); the interval paces a backlog.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.backlogCommitIntervalMs());
        p.put(PromptCommit.LIVE_INTERVAL_CONFIG, settings.commitIntervalMs());
        // A stream thread asks for a commit only between polls, and an idle poll waits up to poll.ms (100 ms by default)
        // for records: an order that arrived just after a poll waited for the next one's end as well as for the
        // commit. A fifth of the live interval bounds that wait; an empty poll only looks at the fetch buffer.
        p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, settings.commitIntervalMs() / 5));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        // The row stores are cached: the rows of one order that arrive within a commit interval are written to the
        // changelog once, at the commit, not once per row (what the processor forwards is not delayed by this).
        // A commit interval holds at most a few hundred orders' states, far below this heap bound.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 4L << 20);
        // Every RocksDB store shares one bounded cache for blocks and memtables (docs/operations.md, Memory).
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SharedRocksDbMemory.class);
        p.put(SharedRocksDbMemory.BYTES_CONFIG, (long) settings.rocksDbMemoryMb() << 20);
        // Heap bounds of the clients Kafka Streams builds: a fetch response (restoring a changelog reads fast
        // enough with 4 MiB) and the records a producer may buffer before send() waits.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), KafkaClients.FETCH_MAX_BYTES);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), KafkaClients.BUFFER_MEMORY);
        // While catching up, 16 KiB batches (Kafka's default) filled long before the linger ended: 64 KiB means fewer
        // produce requests for the broker (10,000 orders end to end 7.4–8.0 s against 8.4–8.8 s, with the capture's
        // 128 KiB), and a batch per output partition (about thirty) still fits the buffer above.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 64 * 1024);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), kafka.instanceId() + "-processor");
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        return p;
    }
}
