package shopsync.demo.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import shopsync.events.Topic;
import shopsync.events.kafka.KafkaClients;

/** When each key first shows up in a topic for a read_committed consumer (what the next stage can see). */
final class Arrivals<V> implements AutoCloseable {
    final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean stop;

    /** @param keyOf the key to note a record under, or null to ignore it */
    Arrivals(String bootstrapServers, Topic<String, V> topic, BiFunction<String, V, String> keyOf) {
        KafkaConsumer<String, V> consumer = KafkaClients.topicReader(bootstrapServers, topic);
        List<TopicPartition> partitions = KafkaClients.assignAll(consumer, topic.name());
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        reader = new Thread(() -> {
            try (consumer) {
                while (!stop) {
                    for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        String key = r.value() == null ? null : keyOf.apply(r.key(), r.value());
                        if (key != null) firstSeen.putIfAbsent(key, now);
                    }
                }
            }
        }, "bench-arrivals-" + topic.name());
        reader.start();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        reader.join();
    }
}
