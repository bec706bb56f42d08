package shopsync.sink.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.DeadLetter;
import shopsync.events.Masking;
import shopsync.events.SyncRequest;
import shopsync.events.SyncResult;
import shopsync.events.Topic;
import shopsync.events.Topics;

/**
 * Consumes one target's sync requests and delivers them in order, per partition. The consumer offset of a
 * request is committed only after its outcome is in {@code sync.results} (and, when it will never succeed,
 * in {@code sync.dlq}): a crash redelivers, the CRM side is idempotent, nothing is skipped. Transient
 * failures are retried with exponential backoff.
 */
public final class SinkWorker implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Delivery delivery;
    private final Topic<String, SyncRequest> input;
    private final KafkaConsumer<String, SyncRequest> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean stopping;

    /** @param instanceId stable name of this process: a restart takes its partitions back without waiting for a rebalance */
    public SinkWorker(String bootstrapServers, String instanceId, Topic<String, SyncRequest> input, Delivery delivery) {
        this.delivery = delivery;
        this.input = input;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "shopsync-sink-" + delivery.target());
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-sink-" + delivery.target());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        // A CRM outage holds a request in the retry loop; the group must not evict the worker meanwhile.
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()));
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), input.valueSerde().deserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), (topic, bytes) -> bytes);
    }

    /** Requests with a final outcome since start. */
    public long delivered() {
        return delivered.get();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(input.name()));
            while (!stopping) {
                for (ConsumerRecord<String, SyncRequest> record : consumer.poll(Duration.ofMillis(200))) {
                    if (stopping) return;
                    if (record.value() != null) handle(record.value());
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            if (!stopping) throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
            producer.close();
        }
    }

    private void handle(SyncRequest request) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        long firstFailure = 0;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                Delivery.Outcome outcome = delivery.deliver(request);
                record(request, outcome, attempts, firstFailure);
                return;
            } catch (Delivery.TransientFailure e) {
                if (firstFailure == 0) firstFailure = System.currentTimeMillis();
                log.warn("{} {} {} → {}: {}; retry in {} ms", delivery.target(), request.kind(), request.entityId(),
                        "not delivered", Masking.mask(e.getMessage()), backoff.toMillis());
                sleep(backoff);
                if (stopping) throw new InterruptedException("stopping");
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void record(SyncRequest request, Delivery.Outcome outcome, int attempts, long firstFailure) {
        long now = System.currentTimeMillis();
        SyncResult.Outcome kind = outcome.delivered()
                ? (outcome.created() ? SyncResult.Outcome.CREATED : SyncResult.Outcome.UPDATED)
                : SyncResult.Outcome.REJECTED;
        String key = delivery.target() + ":" + request.entityId();
        send(Topics.SYNC_RESULTS, key, new SyncResult(delivery.target(), request.kind(), request.entityId(), kind,
                outcome.crmId(), outcome.detail(), request.sourceTsMs(), now));
        if (outcome.delivered()) {
            log.info("{} {} {} → {}{}", delivery.target(), request.kind(), request.entityId(), kind,
                    outcome.crmId() == null ? " (unchanged, not sent)" : " (crm id " + outcome.crmId() + ")");
        } else {
            log.error("{} {} {} rejected, sent to {}: {}", delivery.target(), request.kind(), request.entityId(),
                    Topics.SYNC_DLQ.name(), Masking.mask(outcome.detail()));
            send(Topics.SYNC_DLQ, key, new DeadLetter(delivery.target(), request.entityId(), request, outcome.detail(),
                    outcome.lastResponse(), attempts, firstFailure == 0 ? now : firstFailure, now));
        }
        delivered.incrementAndGet();
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording an outcome", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot record the outcome in " + topic.name(), e.getCause());
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        long until = System.currentTimeMillis() + d.toMillis();
        while (!stopping && System.currentTimeMillis() < until) Thread.sleep(Math.min(50, d.toMillis()));
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }
}
