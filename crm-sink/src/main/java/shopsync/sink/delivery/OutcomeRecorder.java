package shopsync.sink.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.DeadLetter;
import shopsync.events.Masking;
import shopsync.events.SyncRequest;
import shopsync.events.SyncResult;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;

/**
 * Writes each final outcome to {@code sync.results} and, for a request that will not succeed, to {@code sync.dlq},
 * then tells the target's dead-letter listener. Results go out without waiting; {@link #awaitStored()} is the
 * barrier the worker passes before committing the offsets they cover.
 */
final class OutcomeRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final Target target;
    private final AckedProducer producer;
    private final SinkStats stats;
    private final Clock clock;
    private final List<Future<RecordMetadata>> unacked = new ArrayList<>();
    private volatile Consumer<DeadLetter> onDeadLetter = d -> { };

    OutcomeRecorder(Target target, AckedProducer producer, SinkStats stats, Clock clock) {
        this.target = target;
        this.producer = producer;
        this.stats = stats;
        this.clock = clock;
    }

    void onDeadLetter(Consumer<DeadLetter> listener) {
        this.onDeadLetter = listener;
    }

    void record(DeliveryQueues.Finished f, Delivery.Outcome outcome) {
        SyncRequest request = f.pending().request();
        long now = clock.millis();
        SyncResult.Outcome kind = outcome.delivered()
                ? (outcome.created() ? SyncResult.Outcome.CREATED : SyncResult.Outcome.UPDATED)
                : SyncResult.Outcome.REJECTED;
        SyncResult result = new SyncResult(target.name(), SyncResult.Kind.of(request.kind()), request.entityId(), kind, outcome.crmId(),
                outcome.detail(), request.sourceTsMs(), now);
        unacked.add(producer.sendLater(Topics.SYNC_RESULTS, result.key(), result));
        if (outcome.delivered()) {
            stats.delivered(now, request.sourceTsMs());
            if (outcome.crmId() == null) {
                log.debug("{} {} {} unchanged, not sent", target, request.kind(), request.entityId());
            } else {
                log.info("{} {} {} → {} (crm id {}){}", target, request.kind(), request.entityId(), kind, outcome.crmId(),
                        f.pending().offsets().size() > 1 ? " [" + f.pending().offsets().size() + " changes in one request]" : "");
            }
        } else {
            deadLetter(f, outcome, now);
        }
    }

    private void deadLetter(DeliveryQueues.Finished f, Delivery.Outcome outcome, long now) {
        SyncRequest request = f.pending().request();
        log.error("{} {} {} sent to {}: {}", target, request.kind(), request.entityId(), Topics.SYNC_DLQ.name(),
                Masking.mask(outcome.detail()));
        DeadLetter dead = new DeadLetter(target.name(), request.entityId(), request, outcome.detail(),
                outcome.lastResponse(), f.attempts(), f.firstFailureMs() == 0 ? now : f.firstFailureMs(), now, 0);
        producer.send(Topics.SYNC_DLQ, dead.key(), dead);
        stats.deadLettered(now, outcome.detail());
        try {
            onDeadLetter.accept(dead);
        } catch (RuntimeException e) {
            log.warn("{} {}: making the failure visible failed: {}", target, request.entityId(), e.getMessage());
        }
    }

    /** Blocks until every result recorded so far is stored. */
    void awaitStored() {
        AckedProducer.await(unacked);
        unacked.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}
