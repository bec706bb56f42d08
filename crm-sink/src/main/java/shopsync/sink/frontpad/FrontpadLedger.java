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
 * the request, with the client phone and the time), {@code SENT} (with Frontpad's {@code order_id}/{@code order_number}),
 * {@code UNCERTAIN} (the request may have created the order, and nothing can tell: never sent again until a person
 * resolves it) or {@code NONE} (nothing was created). Kept in the compacted {@code frontpad.ledger} topic, each write
 * acknowledged before the next step, and in memory for lookups; {@link #refresh()} takes in what
 * {@code shopsync dlq resolve} wrote from outside.
 */
public final class FrontpadLedger implements AutoCloseable {
    public enum State { IN_FLIGHT, SENT, UNCERTAIN, NONE }

    public record Entry(State state, long frontpadOrderId, long orderNumber, String phone, long atMs, long maxKnownIdAtMark) {}

    private final Map<String, Entry> entries = new HashMap<>();
    private final String bootstrapServers;
    private final AckedProducer producer;
    private final Clock clock;
    private long maxFrontpadId;

    public FrontpadLedger(String bootstrapServers, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
        for (Map.Entry<String, Entry> e : stored().entrySet()) apply(e.getKey(), e.getValue());
        this.producer = new AckedProducer(bootstrapServers);
    }

    private Map<String, Entry> stored() {
        Map<String, Entry> out = new HashMap<>();
        for (ConsumerRecord<String, JsonNode> r : TopicSnapshot.read(bootstrapServers, Topics.FRONTPAD_LEDGER)) {
            if (r.value() != null) out.put(r.key(), Json.MAPPER.convertValue(r.value(), Entry.class));
        }
        return out;
    }

    /** Takes in entries written by another process (a person's resolution) since this one read the topic. */
    public void refresh() {
        Map<String, Entry> stored = stored();
        synchronized (this) {
            stored.forEach((orderId, e) -> {
                Entry mine = entries.get(orderId);
                if (mine == null || (!mine.equals(e) && e.atMs() >= mine.atMs())) apply(orderId, e);
            });
        }
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

    /**
     * The {@code new_order} may have created the order and nothing can tell (no answer after sending, or the process
     * stopped between the request and the answer): it is never sent again automatically.
     */
    public synchronized Entry markUncertain(String orderId) {
        Entry before = entries.get(orderId);
        Entry uncertain = new Entry(State.UNCERTAIN, 0, 0, before == null ? null : before.phone(),
                before == null ? clock.millis() : before.atMs(), before == null ? 0 : before.maxKnownIdAtMark());
        write(orderId, uncertain);
        return uncertain;
    }

    /** How many orders are uncertain: each waits for {@code shopsync dlq resolve}. */
    public synchronized long uncertain() {
        return entries.values().stream().filter(e -> e.state() == State.UNCERTAIN).count();
    }

    /** Frontpad answered with an error, or a person found the order was not created: nothing was created. */
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
