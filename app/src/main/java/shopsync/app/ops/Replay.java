package shopsync.app.ops;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import shopsync.app.config.ShopsyncConfig;
import shopsync.events.CustomerSnapshot;
import shopsync.events.OrderSnapshot;
import shopsync.events.SyncKey;
import shopsync.events.SyncRequest;
import shopsync.events.Topics;
import shopsync.events.kafka.AckedProducer;
import shopsync.events.kafka.TopicSnapshot;
import shopsync.processor.Translation;

/**
 * {@code shopsync replay}: after an outage, sends the latest state of every order (and customer) that changed in
 * a time window, or of the orders named, to one target once more — one request per entity, built from the
 * snapshot with the current configuration. Creates are upserts (RetailCRM {@code externalId}, Frontpad ledger),
 * so running it twice changes nothing in the CRM.
 */
public final class Replay {
    private final ShopsyncConfig config;
    private final PrintStream out;

    public Replay(ShopsyncConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** What was sent (or would be): entities and requests, and what could not be built. */
    public record Report(int orders, int customers, int requests, int skipped) {}

    /**
     * @param from, to window of changes (as shopsync saw them), or null with {@code orderIds}
     * @param orderIds orders to replay, or null for the window
     */
    public Report run(String target, Instant from, Instant to, Set<String> orderIds, boolean dryRun) {
        Rebuilder rebuilder = new Rebuilder(config);
        if (!rebuilder.supports(target)) throw new IllegalArgumentException(target + " is not enabled in this configuration");
        String bootstrap = config.kafka().bootstrapForTools();
        Map<String, OrderSnapshot> orders = latest(TopicSnapshot.read(bootstrap, Topics.ORDERS), from, to, orderIds);
        Map<String, CustomerSnapshot> customers = orderIds != null ? Map.of()
                : latest(TopicSnapshot.read(bootstrap, Topics.CUSTOMERS), from, to, null);
        int total = orders.size() + customers.size();
        out.printf("%s %d order(s) and %d customer(s) to %s%n", dryRun ? "would replay" : "replaying", orders.size(), customers.size(), target);
        int done = 0;
        int requests = 0;
        int skipped = 0;
        try (AckedProducer producer = dryRun ? null : new AckedProducer(bootstrap)) {
            for (CustomerSnapshot c : customers.values()) {
                for (SyncRequest r : rebuilder.customer(target, c)) {
                    requests++;
                    if (!dryRun) producer.send(rebuilder.target(target).syncTopic(), SyncKey.customer(c.id()), r);
                }
                progress(++done, total);
            }
            for (OrderSnapshot o : orders.values()) {
                Translation t = rebuilder.order(target, o);
                if (t.deadLetter() != null) {
                    skipped++;
                    out.printf("%norder %d skipped: %s%n", o.id(), t.deadLetter().reason());
                }
                for (SyncRequest r : t.requests()) {
                    requests++;
                    if (dryRun) out.printf("%nwould send %s %s", r.kind(), r.entityId());
                    else producer.send(rebuilder.target(target).syncTopic(), SyncKey.order(o.id()), r);
                }
                progress(++done, total);
            }
        }
        Report report = new Report(orders.size(), customers.size(), requests, skipped);
        out.printf("%n%s %d order(s), %d customer(s): %d request(s) to %s; %d skipped%n", dryRun ? "would replay" : "replayed",
                report.orders(), report.customers(), report.requests(), target, report.skipped());
        return report;
    }

    private static <V> Map<String, V> latest(List<ConsumerRecord<String, V>> records, Instant from, Instant to, Set<String> ids) {
        Map<String, V> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, V> r : records) {
            if (r.value() == null) continue;
            boolean wanted = ids != null ? ids.contains(r.key())
                    : r.timestamp() >= from.toEpochMilli() && (to == null || r.timestamp() <= to.toEpochMilli());
            if (wanted) latest.put(r.key(), r.value());
        }
        if (ids == null) {
            // an entity that changed in the window is sent with its newest state, even if that came later
            for (ConsumerRecord<String, V> r : records) if (latest.containsKey(r.key()) && r.value() != null) latest.put(r.key(), r.value());
        }
        return latest;
    }

    private void progress(int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        out.printf("\r[%s%s] %d/%d", "#".repeat(filled), "-".repeat(width - filled), done, total);
    }
}
