package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import shopsync.events.Json;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;
import shopsync.events.kafka.TopicSnapshot;

/**
 * What was sent to Frontpad, which has no idempotency key: per shop order, {@code IN_FLIGHT} (written before
 * the request, with the client phone and the highest Frontpad id known then) or {@code SENT} (with Frontpad's
 * {@code order_id}/{@code order_number}). Kept in the compacted {@code frontpad.ledger} topic, each write
 * acknowledged before the next step, and in memory for lookups.
 */
public final class FrontpadLedger implements AutoCloseable {
    public enum State { IN_FLIGHT, SENT, NONE }

    public record Entry(State state, long frontpadOrderId, long orderNumber, String phone, long atMs, long maxKnownIdAtMark) {}

    private final Map<String, Entry> entries = new HashMap<>();
    private final AckedProducer producer;
    private final Clock clock;
    private long maxFrontpadId;

    public FrontpadLedger(String bootstrapServers, Clock clock) {
        this.clock = clock;
        for (ConsumerRecord<String, JsonNode> r : TopicSnapshot.read(bootstrapServers, Topics.FRONTPAD_LEDGER)) {
            if (r.value() != null) apply(r.key(), Json.MAPPER.convertValue(r.value(), Entry.class));
        }
        this.producer = new AckedProducer(bootstrapServers);
    }

    public synchronized Entry get(String orderId) {
        return entries.get(orderId);
    }

    public synchronized void markInFlight(String orderId, String phone) {
        write(orderId, new Entry(State.IN_FLIGHT, 0, 0, phone, clock.millis(), maxFrontpadId));
    }

    public synchronized void markSent(String orderId, long frontpadOrderId, long orderNumber) {
        Entry before = entries.get(orderId);
        write(orderId, new Entry(State.SENT, frontpadOrderId, orderNumber, before == null ? null : before.phone(),
                clock.millis(), before == null ? 0 : before.maxKnownIdAtMark()));
    }

    /** Frontpad answered with an error: nothing was created. */
    public synchronized void clear(String orderId) {
        write(orderId, new Entry(State.NONE, 0, 0, null, clock.millis(), maxFrontpadId));
    }

    /** The shop order a Frontpad order id belongs to, or null. */
    public synchronized String orderOf(long frontpadOrderId) {
        return entries.entrySet().stream().filter(e -> e.getValue().state() == State.SENT
                && e.getValue().frontpadOrderId() == frontpadOrderId).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Orders sent within {@code age}: the ones worth asking Frontpad about. */
    public synchronized Map<String, Entry> sentWithin(Duration age) {
        long since = clock.millis() - age.toMillis();
        Map<String, Entry> out = new HashMap<>();
        entries.forEach((k, v) -> {
            if (v.state() == State.SENT && v.atMs() >= since) out.put(k, v);
        });
        return out;
    }

    private void write(String orderId, Entry entry) {
        ObjectNode json = Json.MAPPER.valueToTree(entry);
        producer.send(Topics.FRONTPAD_LEDGER, orderId, json);
        apply(orderId, entry);
    }

    private void apply(String orderId, Entry entry) {
        entries.put(orderId, entry);
        maxFrontpadId = Math.max(maxFrontpadId, entry.frontpadOrderId());
    }

    @Override
    public void close() {
        producer.close();
    }
}
