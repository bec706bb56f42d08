package shopsync.sink.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.DeadLetter;
import shopsync.events.SyncRequest;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;
import shopsync.events.kafka.KafkaClients;

/**
 * Delivers one target's sync requests. Requests of one entity go one at a time, in order; different entities
 * go in parallel ({@code threads}), so a failing order is retried or parked without holding up the others
 * ({@link DeliveryQueues}). Every final outcome is written to {@code sync.results} (and, for a request that
 * will not succeed, to {@code sync.dlq}) before the offset that covers it is committed; a crash redelivers,
 * the CRM side is idempotent. On a rebalance, requests in flight finish and are recorded first.
 *
 * <p>This class is the consumer and its commits; {@link Dispatcher} sends, {@link Completions} applies what the
 * senders report, {@link OutcomeRecorder} stores outcomes and {@link SinkStats} counts.
 */
public final class SinkWorker implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
    private static final int MAX_PENDING = 5_000;
    /** Parked entities the status page names (the count covers them all). */
    private static final int PARKED_SHOWN = 20;
    private static final Duration REVOKE_DRAIN = Duration.ofSeconds(30);

    private final Target target;
    private final KafkaConsumer<String, SyncRequest> consumer;
    private final DeliveryQueues queues;
    private final SinkStats stats = new SinkStats();
    private final OutcomeRecorder recorder;
    private final Completions completions;
    private final Dispatcher dispatcher;
    private Map<TopicPartition, Long> committed = Map.of();
    private volatile boolean stopping;

    /** @param instanceId stable name of this process: a restart takes its partitions back without waiting for a rebalance */
    public SinkWorker(String bootstrapServers, String instanceId, Delivery delivery, SinkSettings settings, Clock clock,
                      RandomGenerator random) {
        this.target = delivery.target();
        this.queues = new DeliveryQueues(clock, settings.retry(), random, delivery::merge);
        // Static members do not leave the group on close: a stopped instance's partitions move after the session timeout.
        this.consumer = KafkaClients.groupConsumer(bootstrapServers, target.sinkGroup(), instanceId + "-sink-" + target.name(),
                target.syncTopic(), Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"));
        AckedProducer producer = new AckedProducer(bootstrapServers);
        this.recorder = new OutcomeRecorder(target, producer, stats, clock);
        DeliveryTrail trail = new DeliveryTrail(target, settings.trail()
                ? entry -> producer.sendBestEffort(Topics.TRAIL, entry.orderId(), entry) : null, clock);
        this.completions = new Completions(target, queues, recorder, trail, stats, clock, consumer::wakeup);
        this.dispatcher = new Dispatcher(delivery, queues, settings.threads(), completions::report, completions::outage);
    }

    /** Called (on the worker's thread) after a dead letter is recorded, e.g. to make the failure visible in the shop. */
    public void onDeadLetter(Consumer<DeadLetter> listener) {
        recorder.onDeadLetter(listener);
    }

    public Target target() {
        return target;
    }

    /** Counters and last success/failure, readable from any thread. */
    public SinkStats stats() {
        return stats;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(target.syncTopic().name()), new DrainOnRevoke());
            while (!stopping) {
                try {
                    for (ConsumerRecord<String, SyncRequest> r : consumer.poll(Duration.ofMillis(100))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (r.value() == null || r.key() == null) queues.skip(tp, r.offset());
                        else queues.add(tp, r.offset(), r.key(), r.value());
                    }
                } catch (WakeupException woken) {
                    if (stopping) break; // otherwise: a delivery finished, go and record it
                }
                completions.drain();
                dispatcher.dispatch();
                commit(false);
                if (queues.pendingRequests() > MAX_PENDING) consumer.pause(consumer.assignment());
                else consumer.resume(consumer.paused());
                int parked = queues.parkedKeys();
                stats.parked(parked, parked == 0 ? Map.of() : queues.parked(PARKED_SHOWN));
            }
        } finally {
            dispatcher.shutdown();
            completions.drain();
            try {
                commit(true);
            } catch (RuntimeException e) {
                log.warn("final offset commit failed: {}", e.getMessage());
            }
            consumer.close();
            recorder.close();
        }
    }

    private void commit(boolean sync) {
        // Outcomes are stored before the offsets that cover them are committed.
        recorder.awaitStored();
        Map<TopicPartition, Long> now = queues.committable();
        if (now.equals(committed)) return;
        Map<TopicPartition, OffsetAndMetadata> offsets = now.entrySet().stream()
                .filter(e -> !e.getValue().equals(committed.get(e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        if (!sync) {
            consumer.commitAsync(offsets, null);
        } else {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException woken) {
                consumer.commitSync(offsets); // a delivery thread's wake-up call, not a stop: commit anyway
            }
        }
        committed = now;
    }

    /** Finish and record what is in flight on partitions being taken away, commit, then forget them. */
    private final class DrainOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            completions.drainInFlight(partitions, REVOKE_DRAIN);
            commit(true);
            queues.drop(partitions);
            committed = queues.committable();
            stats.revoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            stats.assigned(partitions); // the committed offsets are where to start
        }
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }
}
