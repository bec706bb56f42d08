package shopsync.sink.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import shopsync.events.DeadLetter;
import shopsync.events.Masking;
import shopsync.events.SyncKey;
import shopsync.events.RetryPolicy;
import shopsync.events.SyncRequest;
import shopsync.events.SyncResult;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;

/**
 * Delivers one target's sync requests. Requests of one entity go one at a time, in order; different entities
 * go in parallel ({@code threads}), so a failing order is retried or parked without holding up the others
 * ({@link DeliveryQueues}). Every final outcome is written to {@code sync.results} (and, for a request that
 * will not succeed, to {@code sync.dlq}) before the offset that covers it is committed; a crash redelivers,
 * the CRM side is idempotent. On a rebalance, requests in flight finish and are recorded first.
 */
public final class SinkWorker implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
    private static final int MAX_PENDING = 5_000;
    private static final Duration REVOKE_DRAIN = Duration.ofSeconds(30);
    private static final long RECOVERY_GAP_MS = 1_000;

    /** @param logged the failure was already logged once for a whole batch */
    private record Completion(String key, Delivery.Outcome outcome, String error, boolean logged) {
        Completion(String key, Delivery.Outcome outcome, String error) {
            this(key, outcome, error, false);
        }
    }

    private final Delivery delivery;
    private final Topic<String, SyncRequest> input;
    private final KafkaConsumer<String, SyncRequest> consumer;
    private final AckedProducer producer;
    private final DeliveryQueues queues;
    private final ExecutorService pool;
    private final int threads;
    private final AtomicInteger batchesInFlight = new AtomicInteger();
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final List<Future<RecordMetadata>> unacked = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private Map<TopicPartition, Long> committed = Map.of();
    private volatile int parked;
    private final java.util.Set<TopicPartition> assigned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Consumer<DeadLetter> onDeadLetter = d -> { };
    private volatile long lastSuccessMs;
    private volatile long lastErrorMs;
    private volatile String lastError;
    private volatile Timer latency;
    private volatile boolean stopping;

    /** @param instanceId stable name of this process: a restart takes its partitions back without waiting for a rebalance */
    public SinkWorker(String bootstrapServers, String instanceId, Topic<String, SyncRequest> input, Delivery delivery,
                      int threads, RetryPolicy policy, Clock clock) {
        this.delivery = delivery;
        this.input = input;
        this.queues = new DeliveryQueues(clock, policy, new Random());
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "shopsync-deliver-" + delivery.target()));
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "shopsync-sink-" + delivery.target());
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-sink-" + delivery.target());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        // Static members do not leave the group on close: a stopped instance's partitions move after this timeout.
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), input.valueSerde().deserializer());
        this.producer = new AckedProducer(bootstrapServers);
    }

    /** Called (on the worker's thread) after a dead letter is recorded, e.g. to make the failure visible in the shop. */
    public void onDeadLetter(java.util.function.Consumer<DeadLetter> listener) {
        this.onDeadLetter = listener;
    }

    /**
     * Publishes this worker's counters to {@code registry}: requests by outcome, retries, parked orders, and the
     * time from the shop's commit (binlog time) to the CRM's answer.
     */
    public void metrics(MeterRegistry registry) {
        String t = delivery.target();
        FunctionCounter.builder("shopsync.requests", delivered, d -> d.get() - deadLettered.get()).tag("target", t)
                .tag("outcome", "delivered").description("requests the CRM accepted").register(registry);
        FunctionCounter.builder("shopsync.requests", deadLettered, AtomicLong::get).tag("target", t).tag("outcome", "dead-lettered")
                .description("requests sent to sync.dlq").register(registry);
        FunctionCounter.builder("shopsync.retries", retries, AtomicLong::get).tag("target", t).register(registry);
        Gauge.builder("shopsync.parked", this, SinkWorker::parked).tag("target", t).description("orders parked").register(registry);
        latency = Timer.builder("shopsync.commit.to.crm").tag("target", t).publishPercentileHistogram()
                .description("shop commit (binlog time) to the CRM's answer").register(registry);
    }

    /** When the last request was accepted (0: never), the last failure and when. */
    public long lastSuccessMs() {
        return lastSuccessMs;
    }

    public long lastErrorMs() {
        return lastErrorMs;
    }

    public String lastError() {
        return lastError;
    }

    public String target() {
        return delivery.target();
    }

    /** Requests with a final outcome since start (delivered or dead-lettered). */
    public long delivered() {
        return delivered.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Partitions of the input topic this worker owns now. */
    public int assignedPartitions() {
        return assigned.size();
    }

    /** Entities currently parked after failing longer than the retry budget. */
    public int parked() {
        return parked;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(input.name()), new DrainOnRevoke());
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
                drainCompletions();
                dispatch();
                commit(false);
                if (queues.pendingRequests() > MAX_PENDING) consumer.pause(consumer.assignment());
                else consumer.resume(consumer.paused());
                parked = queues.parkedKeys();
            }
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drainCompletions();
            try {
                commit(true);
            } catch (RuntimeException e) {
                log.warn("final offset commit failed: {}", e.getMessage());
            }
            consumer.close();
            producer.close();
        }
    }

    /**
     * Sends what is ready. Kinds the CRM takes in batches go as batches of what is ready when a sender is free, at
     * most one batch per thread: with no backlog that is one request at a time, at once; with a backlog (or a
     * rate limit holding the senders) the batches fill up.
     */
    private void dispatch() {
        Map<SyncRequest.Kind, List<DeliveryQueues.Dispatch>> batchable = new EnumMap<>(SyncRequest.Kind.class);
        for (DeliveryQueues.Dispatch d : queues.ready()) {
            SyncRequest.Kind kind = d.pending().request().kind();
            if (delivery.batchLimit(kind) > 1) batchable.computeIfAbsent(kind, k -> new ArrayList<>()).add(d);
            else pool.execute(() -> send(List.of(d), () -> delivery.deliverAll(List.of(d.pending().request()))));
        }
        batchable.forEach((kind, ready) -> {
            for (List<DeliveryQueues.Dispatch> batch : batches(ready, delivery.batchLimit(kind))) {
                if (batchesInFlight.get() >= threads) {
                    batch.forEach(d -> queues.putBack(d.key()));
                    continue;
                }
                batchesInFlight.incrementAndGet();
                List<SyncRequest> requests = batch.stream().map(d -> d.pending().request()).toList();
                pool.execute(() -> {
                    try {
                        send(batch, () -> delivery.deliverAll(requests));
                    } finally {
                        batchesInFlight.decrementAndGet();
                    }
                });
            }
        });
    }

    /** Splits dispatches into batches of at most {@code limit} distinct entities (orders of one customer share one). */
    private static List<List<DeliveryQueues.Dispatch>> batches(List<DeliveryQueues.Dispatch> ready, int limit) {
        List<List<DeliveryQueues.Dispatch>> out = new ArrayList<>();
        List<DeliveryQueues.Dispatch> current = new ArrayList<>();
        Set<String> entities = new HashSet<>();
        for (DeliveryQueues.Dispatch d : ready) {
            String entity = d.pending().request().entityId();
            if (!entities.contains(entity) && entities.size() == limit) {
                out.add(current);
                current = new ArrayList<>();
                entities = new HashSet<>();
            }
            entities.add(entity);
            current.add(d);
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    /** Runs one call for {@code batch} (on a delivery thread) and reports each request's attempt to the worker. */
    private void send(List<DeliveryQueues.Dispatch> batch, java.util.function.Supplier<List<Delivery.Attempt>> call) {
        List<Completion> done = new ArrayList<>();
        try {
            List<Delivery.Attempt> attempts = call.get();
            for (int i = 0; i < batch.size(); i++) {
                done.add(new Completion(batch.get(i).key(), attempts.get(i).outcome(), attempts.get(i).retryReason()));
            }
        } catch (Delivery.TransientFailure e) {
            if (batch.size() > 1) {
                SyncRequest first = batch.get(0).pending().request();
                log.warn("{} {} {} and {} more not delivered ({}), will retry", delivery.target(), first.kind(), first.entityId(),
                        batch.size() - 1, Masking.mask(e.getMessage()));
            }
            batch.forEach(d -> done.add(new Completion(d.key(), null, e.getMessage(), batch.size() > 1)));
        } catch (RuntimeException e) {
            SyncRequest first = batch.get(0).pending().request();
            log.error("{} {} {}{}: unexpected failure, will retry", delivery.target(), first.kind(), first.entityId(),
                    batch.size() > 1 ? " and " + (batch.size() - 1) + " more" : "", e);
            batch.forEach(d -> done.add(new Completion(d.key(), null, e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
        completions.addAll(done);
        consumer.wakeup();
    }

    private void drainCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) handle(c);
    }

    private void handle(Completion c) {
        if (c.outcome() != null) {
            if (c.outcome().delivered()) retryWaitingIfRecovered();
            DeliveryQueues.Finished f = queues.finished(c.key());
            record(f, c.outcome());
            return;
        }
        retries.incrementAndGet();
        lastErrorMs = System.currentTimeMillis();
        lastError = c.error();
        DeliveryQueues.Finished givenUp = queues.failed(c.key(), c.error(), null);
        if (givenUp != null) {
            record(givenUp, Delivery.Outcome.rejected("gave up after " + Duration.ofMillis(System.currentTimeMillis()
                    - givenUp.firstFailureMs()).toMinutes() + " min of failures: " + c.error(), givenUp.lastResponse()));
        } else if (!c.logged()) {
            log.warn("{} {} {} not delivered ({}), will retry", delivery.target(), SyncKey.parse(c.key()).entity(), c.key(), Masking.mask(c.error()));
        }
    }

    /** The first success after an outage (failures and no success for a while) releases everything waiting. */
    private void retryWaitingIfRecovered() {
        long now = System.currentTimeMillis();
        if (lastErrorMs <= lastSuccessMs || now - lastSuccessMs < RECOVERY_GAP_MS) return;
        int waiting = queues.retryNow();
        if (waiting > 0) log.info("{} answers again: {} waiting entities are retried now", delivery.target(), waiting);
    }

    private void record(DeliveryQueues.Finished f, Delivery.Outcome outcome) {
        SyncRequest request = f.pending().request();
        long now = System.currentTimeMillis();
        SyncResult.Outcome kind = outcome.delivered()
                ? (outcome.created() ? SyncResult.Outcome.CREATED : SyncResult.Outcome.UPDATED)
                : SyncResult.Outcome.REJECTED;
        SyncResult result = new SyncResult(delivery.target(), SyncResult.Kind.of(request.kind()), request.entityId(), kind, outcome.crmId(),
                outcome.detail(), request.sourceTsMs(), now);
        unacked.add(producer.sendLater(Topics.SYNC_RESULTS, result.key(), result));
        if (outcome.delivered()) {
            lastSuccessMs = now;
            Timer timer = latency;
            if (timer != null && request.sourceTsMs() > 0) timer.record(Duration.ofMillis(Math.max(0, now - request.sourceTsMs())));
            if (outcome.crmId() == null) {
                log.debug("{} {} {} unchanged, not sent", delivery.target(), request.kind(), request.entityId());
            } else {
                log.info("{} {} {} → {} (crm id {}){}", delivery.target(), request.kind(), request.entityId(), kind, outcome.crmId(),
                        f.pending().offsets().size() > 1 ? " [" + f.pending().offsets().size() + " changes in one request]" : "");
            }
        } else {
            log.error("{} {} {} sent to {}: {}", delivery.target(), request.kind(), request.entityId(), Topics.SYNC_DLQ.name(),
                    Masking.mask(outcome.detail()));
            lastErrorMs = now;
            lastError = outcome.detail();
            DeadLetter dead = new DeadLetter(delivery.target(), request.entityId(), request, outcome.detail(),
                    outcome.lastResponse(), f.attempts(), f.firstFailureMs() == 0 ? now : f.firstFailureMs(), now, 0);
            producer.send(Topics.SYNC_DLQ, dead.key(), dead);
            deadLettered.incrementAndGet();
            try {
                onDeadLetter.accept(dead);
            } catch (RuntimeException e) {
                log.warn("{} {}: making the failure visible failed: {}", delivery.target(), request.entityId(), e.getMessage());
            }
        }
        delivered.incrementAndGet();
    }


    private void commit(boolean sync) {
        // Outcomes are stored before the offsets that cover them are committed.
        AckedProducer.await(unacked);
        unacked.clear();
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
            long deadline = System.currentTimeMillis() + REVOKE_DRAIN.toMillis();
            while (queues.inFlight(partitions) && System.currentTimeMillis() < deadline) {
                try {
                    Completion c = completions.poll(100, TimeUnit.MILLISECONDS);
                    if (c != null) handle(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            commit(true);
            queues.drop(partitions);
            committed = queues.committable();
            assigned.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions); // the committed offsets are where to start
        }
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }
}
