package shopsync.events.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Topic;

/**
 * Writes to registry topics and waits for the broker's acknowledgement (acks=all, idempotent): shopsync records
 * an outcome, a ledger entry or a cursor before the step that depends on it.
 */
public final class AckedProducer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AckedProducer.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private final KafkaProducer<String, byte[]> producer;

    public AckedProducer(String bootstrapServers) {
        this.producer = KafkaClients.producer(bootstrapServers, new ByteArraySerializer(), Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(ACK_TIMEOUT.toMillis()),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(ACK_TIMEOUT.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(ACK_TIMEOUT.toMillis() - 500)));
    }

    /** Sends without waiting; pass the futures to {@link #await}. */
    public <V> Future<RecordMetadata> sendLater(Topic<String, V> topic, String key, V value) {
        return producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    /**
     * Sends a record that nothing waits for (an order's trail): the caller neither waits nor fails; a record the
     * broker did not take is logged and lost.
     */
    public <V> void sendBestEffort(Topic<String, V> topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)),
                    (metadata, e) -> {
                        if (e != null) log.warn("{} record for {} not stored: {}", topic.name(), key, e.getMessage());
                    });
        } catch (KafkaException e) {
            log.warn("{} record for {} not stored: {}", topic.name(), key, e.getMessage());
        }
    }

    /** Sends and returns once the broker has the record. */
    public <V> void send(Topic<String, V> topic, String key, V value) {
        await(List.of(sendLater(topic, key, value)));
    }

    /** @throws NotAcknowledged when the broker did not acknowledge every record in time */
    public static void await(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledged("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotAcknowledged("the broker did not acknowledge: " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The record may not be stored: the caller must not go on as if it were. */
    public static final class NotAcknowledged extends RuntimeException {
        NotAcknowledged(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
