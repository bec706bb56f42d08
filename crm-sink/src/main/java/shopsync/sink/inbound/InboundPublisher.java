package shopsync.sink.inbound;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import shopsync.events.CrmEvent;
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;

/**
 * Writes what comes from the CRMs (events, skipped requests, poller cursors) and
 * returns only once the broker has it, so a webhook is answered 2xx, or a poller's cursor moves, only after the
 * event is durable. Failures surface as {@link AckedProducer.NotAcknowledged}.
 */
public class InboundPublisher implements AutoCloseable {
    private final AckedProducer producer;
    private final Clock clock;

    public InboundPublisher(String bootstrapServers, Clock clock) {
        this.producer = new AckedProducer(bootstrapServers);
        this.clock = clock;
    }

    public void publish(List<CrmEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (CrmEvent e : events) acks.add(producer.sendLater(Topics.CRM_INBOUND, e.orderId(), e));
        AckedProducer.await(acks);
    }

    /** An inbound request that was recorded and skipped (unknown order, unsynced status…), for ops to see. */
    public void recordSkipped(String target, String entityId, String reason) {
        recordResult(new SyncResult(target, SyncResult.Kind.SHOP_STATUS, entityId, SyncResult.Outcome.REJECTED, null, reason, 0,
                clock.millis()));
    }

    public void recordResult(SyncResult result) {
        producer.send(Topics.SYNC_RESULTS, result.key(), result);
    }

    public void saveCursor(String name, String value) {
        producer.send(Topics.CRM_CURSORS, name, value);
    }

    @Override
    public void close() {
        producer.close();
    }
}
