package shopsync.app.ops;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import shopsync.app.config.ShopsyncConfig;
import shopsync.events.CustomerSnapshot;
import shopsync.events.DeadLetter;
import shopsync.events.Json;
import shopsync.events.OrderSnapshot;
import shopsync.events.SyncKey;
import shopsync.events.SyncRequest;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.events.TrailEntry;
import shopsync.events.kafka.AckedProducer;
import shopsync.events.kafka.TopicSnapshot;
import shopsync.processor.Translation;
import shopsync.sink.frontpad.FrontpadLedger;

/**
 * {@code shopsync dlq}: what is in {@code sync.dlq}, and re-driving it. A re-drive does not resend the old
 * payload: it rebuilds the entity's requests from its latest snapshot ({@code shop.orders}/{@code shop.customers})
 * with the current configuration, so a fixed mapping takes effect. Creates are upserts in the CRM, so a
 * re-drive can run twice; a re-driven dead letter is marked closed and is not re-driven again.
 */
public final class DeadLetters {
    private final String bootstrapServers;
    private final Rebuilder rebuilder;
    private final PrintStream out;
    private final boolean trail;

    public DeadLetters(ShopsyncConfig config, PrintStream out) {
        this(config, config.kafka().bootstrapForTools(), out);
    }

    /** For a running process, which knows its broker's address (the embedded one's port may be any). */
    public DeadLetters(ShopsyncConfig config, String bootstrapServers, PrintStream out) {
        this.bootstrapServers = bootstrapServers;
        this.rebuilder = new Rebuilder(config);
        this.out = out;
        this.trail = config.trail().enabled();
    }

    /** Open dead letters (latest per entity, not yet re-driven), optionally filtered. */
    public List<DeadLetter> open(String orderId, String reasonContains) {
        Map<String, DeadLetter> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, DeadLetter> r : readAll(Topics.SYNC_DLQ)) {
            if (r.value() != null) latest.put(r.key(), r.value());
        }
        return latest.values().stream().filter(d -> d.redrivenAtMs() == 0)
                .filter(d -> orderId == null || (d.entityId().equals(orderId) && !isCustomer(d) && !isOffer(d)))
                .filter(d -> reasonContains == null || (d.reason() != null && d.reason().contains(reasonContains)))
                .toList();
    }

    public void list(String orderId, String reason) {
        List<DeadLetter> open = open(orderId, reason);
        out.printf("%d open dead letter(s)%n", open.size());
        for (DeadLetter d : open) {
            out.printf("%-9s %-8s %-6s %-14s attempts %-3d last %s  %s%n", d.target(), isCustomer(d) ? "customer" : isOffer(d) ? "offer" : "order",
                    d.entityId(), d.request() == null ? "(not built)" : d.request().kind(), d.attempts(),
                    Instant.ofEpochMilli(d.lastFailureMs()), d.reason());
        }
    }

    public void show(String orderId, String reason) {
        for (DeadLetter d : open(orderId, reason)) out.println(Json.MAPPER.valueToTree(d).toPrettyString());
    }

    /** Re-drives the selected dead letters; returns how many were re-driven. */
    public int redrive(String orderId, String reason, boolean dryRun) {
        return redrive(open(orderId, reason), dryRun);
    }

    /** Re-drives one entity's open dead letter in one target (what a button in the console names); returns 1, or 0. */
    public int redriveOne(String target, String entityId, boolean customer) {
        return redrive(open(null, null).stream().filter(d -> d.target().equals(target) && d.entityId().equals(entityId)
                && isCustomer(d) == customer).toList(), false);
    }

    /**
     * Settles a Frontpad order that may already be in Frontpad (UNCERTAIN in {@code frontpad.ledger}), after a person
     * checked Frontpad: {@code sentAs} records it as sent with that Frontpad order id and closes its dead letter;
     * null ({@code --not-sent}) clears the marker and sends it once (a re-drive). Returns 0, or 1 when there was
     * nothing to settle.
     */
    public int resolve(String orderId, Long sentAs) {
        List<DeadLetter> frontpad = open(orderId, null).stream().filter(d -> d.target().equals(Topics.FRONTPAD.name())).toList();
        try (FrontpadLedger ledger = new FrontpadLedger(bootstrapServers, Clock.systemUTC())) {
            FrontpadLedger.Entry entry = ledger.get(orderId);
            FrontpadLedger.State state = entry == null ? FrontpadLedger.State.NONE : entry.state();
            if (state != FrontpadLedger.State.UNCERTAIN && state != FrontpadLedger.State.IN_FLIGHT) {
                out.printf("order %s is not uncertain in Frontpad's ledger (%s): nothing to resolve%n", orderId, state);
                return 1;
            }
            if (sentAs != null) {
                ledger.markSent(orderId, sentAs, 0);
                try (AckedProducer producer = new AckedProducer(bootstrapServers)) {
                    for (DeadLetter d : frontpad) producer.send(Topics.SYNC_DLQ, d.key(), d.redriven(System.currentTimeMillis()));
                    note(producer, System.currentTimeMillis(), orderId, Topics.FRONTPAD.name(), "resolved by a person: in Frontpad as order " + sentAs + ", never sent again");
                }
                out.printf("order %s recorded as sent to Frontpad as order %d; it will not be sent again%n", orderId, sentAs);
                return 0;
            }
            ledger.clear(orderId);
        }
        out.printf("order %s recorded as not in Frontpad; sending it once%n", orderId);
        return redrive(frontpad, false) > 0 ? 0 : 1;
    }

    private int redrive(List<DeadLetter> selected, boolean dryRun) {
        if (selected.isEmpty()) {
            out.println("nothing to re-drive");
            return 0;
        }
        Map<String, OrderSnapshot> orders = latest(Topics.ORDERS);
        Map<String, CustomerSnapshot> customers = latest(Topics.CUSTOMERS);
        int done = 0;
        try (AckedProducer producer = new AckedProducer(bootstrapServers)) {
            for (DeadLetter d : selected) {
                List<SyncRequest> requests = rebuild(d, orders, customers);
                if (requests == null) continue;
                String key = isCustomer(d) ? SyncKey.customer(d.entityId()) : isOffer(d) ? d.entityId() : SyncKey.order(d.entityId());
                out.printf("%s %s %s: %s%n", dryRun ? "would re-drive" : "re-driving", d.target(), key,
                        requests.stream().map(r -> r.kind().toString()).toList());
                if (dryRun) continue;
                // Taken before the requests go: the sink may deliver them before the note below is written, and the
                // trail is ordered by time, so the re-drive must not show up after its own delivery.
                long at = System.currentTimeMillis();
                for (SyncRequest r : requests) producer.send(rebuilder.target(d.target()).syncTopic(), key, r);
                producer.send(Topics.SYNC_DLQ, d.key(), d.redriven(at));
                if (!isCustomer(d)) {
                    note(producer, at, d.entityId(), d.target(), "dead letter re-driven by a person: "
                            + requests.stream().map(r -> r.kind().toString()).toList() + " sent again, rebuilt with the current configuration");
                }
                done++;
            }
        }
        out.printf("%s %d of %d%n", dryRun ? "would re-drive" : "re-drove", dryRun ? selected.size() : done, selected.size());
        return done;
    }

    private List<SyncRequest> rebuild(DeadLetter d, Map<String, OrderSnapshot> orders, Map<String, CustomerSnapshot> customers) {
        if (!rebuilder.supports(d.target())) {
            out.printf("skipping %s %s: %s is not enabled in this configuration%n", d.target(), d.entityId(), d.target());
            return null;
        }
        if (isOffer(d)) return List.of(d.request()); // an offer's stock and price as they were: the next change or load corrects them
        if (isCustomer(d)) {
            CustomerSnapshot c = customers.get(d.entityId());
            return c != null ? rebuilder.customer(d.target(), c) : d.request() != null ? List.of(d.request()) : null;
        }
        OrderSnapshot o = orders.get(d.entityId());
        if (o == null) return d.request() != null ? List.of(d.request()) : null;
        Translation t = rebuilder.order(d.target(), o);
        if (t.deadLetter() != null) {
            out.printf("order %s still cannot be sent: %s%n", d.entityId(), t.deadLetter().reason());
            return null;
        }
        return t.requests();
    }

    /** A person's step in the order's trail. */
    private void note(AckedProducer producer, long atMs, String orderId, String target, String text) {
        if (!trail) return;
        TrailEntry entry = TrailEntry.of(atMs, orderId, TrailEntry.OPERATOR, TrailEntry.REDRIVEN, target, text);
        producer.sendBestEffort(Topics.TRAIL, orderId, entry);
    }

    /** Whether it concerns a customer (its entity id is then a user id, not an order id). */
    public static boolean isCustomer(DeadLetter d) {
        return d.request() != null && (d.request().kind() == SyncRequest.Kind.CUSTOMER_UPSERT
                || d.request().kind() == SyncRequest.Kind.CUSTOMER_BACKFILL);
    }

    /** An offer's stock and price; its entity id is its key ({@code offer:<id>}), apart from every order's. */
    private static boolean isOffer(DeadLetter d) {
        return d.request() != null && d.request().kind() == SyncRequest.Kind.OFFER_STOCK;
    }

    private <V> Map<String, V> latest(Topic<String, V> topic) {
        Map<String, V> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> r : readAll(topic)) latest.put(r.key(), r.value());
        return latest;
    }

    private <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic) {
        return TopicSnapshot.read(bootstrapServers, topic);
    }
}
