package shopsync.events.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import shopsync.events.Topic;

/**
 * The Kafka consumers and producers shopsync builds by hand (Kafka Streams and Debezium configure their own): one
 * place for the settings they share. Keys are strings; values use the registry topic's serde.
 */
public final class KafkaClients {
    /**
     * The most a consumer fetches in one response (Kafka's default is 50 MiB): the bound of what one consumer holds
     * on the heap while it catches up. Every shopsync record is a few KiB.
     */
    public static final int FETCH_MAX_BYTES = 8 << 20;
    /**
     * The most a producer buffers before {@code send} waits (Kafka's default is 32 MiB, kept once used): shopsync's
     * producers send records of a few KiB and wait for them within a commit or a batch.
     */
    public static final long BUFFER_MEMORY = 8L << 20;

    private KafkaClients() {}

    /**
     * A static member ({@code instanceId}) of {@code group} that commits offsets itself, after the effect: auto-commit
     * off, {@code read_committed}, from the earliest offset when the group has none. {@code extra} adds or overrides settings.
     */
    public static <V> KafkaConsumer<String, V> groupConsumer(String bootstrapServers, String group, String instanceId,
                                                             Topic<String, V> topic, Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        c.putAll(extra);
        return new KafkaConsumer<>(c, new StringDeserializer(), topic.valueSerde().deserializer());
    }

    /**
     * A consumer without a group, to read whole topics (see {@link #assignAll}): committed data only, never commits.
     */
    public static <V> KafkaConsumer<String, V> topicReader(String bootstrapServers, Topic<String, V> topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        return new KafkaConsumer<>(c, new StringDeserializer(), topic.valueSerde().deserializer());
    }

    /** Assigns every partition of {@code topic} (as the broker knows them now) to {@code consumer}; returns them. */
    public static List<TopicPartition> assignAll(Consumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        return partitions;
    }

    /** An idempotent producer with {@code acks=all} and string keys; {@code extra} adds or overrides settings. */
    public static <V> KafkaProducer<String, V> producer(String bootstrapServers, Serializer<V> values, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), values);
    }
}
