package shopsync.events.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import shopsync.events.Topic;

/** Reads a whole (compacted) topic as it is now, without a consumer group: how state topics are loaded at start. */
public final class TopicSnapshot {
    private TopicSnapshot() {}

    public static <V> List<ConsumerRecord<String, V>> read(String bootstrapServers, Topic<String, V> topic) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = KafkaClients.topicReader(bootstrapServers, topic)) {
            List<TopicPartition> partitions = KafkaClients.assignAll(consumer, topic.name());
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
