package shopsync.sink.inbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import shopsync.events.CrmEvent;
import shopsync.events.ShopCommand;
import shopsync.events.SyncRequest;
import shopsync.events.SyncResult;
import shopsync.events.Topic;
import shopsync.events.Topics;

/**
 * Writes CRM events to {@code crm.inbound} and returns only once the broker has them (acks=all), so a
 * webhook is answered 2xx, or a poller's cursor moves, only after the event is durable.
 */
public class InboundPublisher implements AutoCloseable {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private final KafkaProducer<String, byte[]> producer;

    public InboundPublisher(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(ACK_TIMEOUT.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(ACK_TIMEOUT.toMillis()));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(ACK_TIMEOUT.toMillis() - 500));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** @throws NotDurable when the broker did not acknowledge every event in time */
    public void publish(List<CrmEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (CrmEvent e : events) acks.add(send(Topics.CRM_INBOUND, e.orderId(), e));
        await(acks);
    }

    /** An inbound request that was recorded and skipped (unknown order, unsynced status…), for ops to see. */
    public void recordSkipped(String target, String entityId, String reason) {
        recordResult(new SyncResult(target, SyncRequest.Kind.SHOP_STATUS, entityId, SyncResult.Outcome.REJECTED, null, reason, 0,
                System.currentTimeMillis()));
    }

    public void recordResult(SyncResult result) {
        await(List.of(send(Topics.SYNC_RESULTS, result.target() + ":" + result.entityId(), result)));
    }

    /** A status (and manager comment) to set in the shop on behalf of a CRM. */
    public void command(ShopCommand command) {
        await(List.of(send(Topics.SHOP_COMMANDS, String.valueOf(command.orderId()), command)));
    }

    public void saveCursor(String name, String value) {
        await(List.of(send(Topics.CRM_CURSORS, name, value)));
    }

    private <V> Future<RecordMetadata> send(Topic<String, V> topic, String key, V value) {
        return producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    private static void await(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotDurable("interrupted while waiting for the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotDurable("the broker did not acknowledge: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The event may not be stored: the caller must not confirm it (the CRM will retry, the cursor stays). */
    public static final class NotDurable extends RuntimeException {
        NotDurable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
