package shopsync.app.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.app.config.KafkaSettings;
import shopsync.app.config.ProcessorSettings;
import shopsync.processor.ShopTopology;

/** The Kafka Streams topology, exactly-once, with its state in {@code processor.state-dir}. */
final class ProcessorRole implements RoleService {
    private static final Logger log = LoggerFactory.getLogger(ProcessorRole.class);
    static final String APPLICATION_ID = "shopsync-processor";

    private final KafkaStreams streams;

    ProcessorRole(ProcessorSettings settings, KafkaSettings kafka, String bootstrapServers) {
        this.streams = new KafkaStreams(ShopTopology.build(new StreamsBuilder(), settings.topology()),
                properties(settings, kafka, bootstrapServers));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("processor thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    @Override
    public void start() {
        streams.start();
    }

    @Override
    public List<Part> health() {
        KafkaStreams.State s = streams.state();
        boolean live = s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING && s != KafkaStreams.State.PENDING_ERROR;
        return List.of(new Part("processor", live, s == KafkaStreams.State.RUNNING, s.name()));
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(10));
    }

    private static Properties properties(ProcessorSettings settings, KafkaSettings kafka, String bootstrapServers) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitIntervalMs());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        // The row stores are cached: the rows of one order that arrive within a commit interval are written to the
        // changelog once, at the commit, not once per row (what the processor forwards is not delayed by this).
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L << 20);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), kafka.instanceId() + "-processor");
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        return p;
    }
}
