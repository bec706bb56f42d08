package shopsync.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import shopsync.events.Topic;
import shopsync.events.kafka.KafkaClients;

/**
 * Reads a whole topic from the beginning (all partitions, committed data only, no consumer group) until the
 * records read so far satisfy a condition or the time is up. For tests and tools that look at what is
 * in a topic.
 */
public final class TopicProbe<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    public TopicProbe(String bootstrapServers, Topic<String, V> topic) {
        consumer = KafkaClients.topicReader(bootstrapServers, topic);
        List<TopicPartition> partitions = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.partitionsFor(topic.name()).forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code done} holds for everything read so far; returns it, or throws when time runs out. */
    public List<ConsumerRecord<String, V>> readUntil(Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.test(seen)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout + "; read " + seen.size() + " record(s), the last: "
                        + seen.subList(Math.max(0, seen.size() - 3), seen.size()));
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** Everything in the topic now: reads up to the end offsets as of this call. */
    public List<ConsumerRecord<String, V>> readToEnd() {
        var end = consumer.endOffsets(consumer.assignment());
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** Everything that arrives within {@code quiet} after the records so far. */
    public List<ConsumerRecord<String, V>> drain(Duration quiet) {
        Instant until = Instant.now().plus(quiet);
        while (Instant.now().isBefore(until)) consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
