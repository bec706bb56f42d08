package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Topics;
import shopsync.events.kafka.TopicSnapshot;

/**
 * The shop's final order statuses ({@code ms2_order_statuses.final}, which the capture writes to
 * {@code shop.cdc.catalog}), read from that topic at most every {@code maxAge}: an order in one of them changes no
 * more, so Frontpad is not asked about it.
 */
public final class ShopFinalStatuses {
    private static final Logger log = LoggerFactory.getLogger(ShopFinalStatuses.class);
    private static final String KEY_PREFIX = "ms2_order_statuses:";
    private final String bootstrapServers;
    private final Duration maxAge;
    private final Clock clock;
    private volatile Set<Integer> finals = Set.of();
    private long readAtMs = Long.MIN_VALUE / 2; // far in the past, and now minus it does not overflow

    public ShopFinalStatuses(String bootstrapServers, Duration maxAge, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Whether the shop marks {@code status} final. */
    public boolean isFinal(int status) {
        refreshIfOld();
        return finals.contains(status);
    }

    private synchronized void refreshIfOld() {
        long now = clock.millis();
        if (now - readAtMs < maxAge.toMillis()) return;
        readAtMs = now;
        List<ConsumerRecord<String, JsonNode>> catalog;
        try {
            catalog = TopicSnapshot.read(bootstrapServers, Topics.CDC_CATALOG);
        } catch (RuntimeException e) {
            log.warn("frontpad: the shop's final statuses could not be read ({}); polling as before", e.getMessage());
            return;
        }
        Set<Integer> fresh = new HashSet<>();
        for (ConsumerRecord<String, JsonNode> r : catalog) {
            if (r.key() == null || !r.key().startsWith(KEY_PREFIX)) continue;
            Integer id = id(r.key().substring(KEY_PREFIX.length()));
            if (id == null) continue;
            JsonNode after = r.value() == null ? null : r.value().get("after");
            if (after != null && flag(after.path("final"))) fresh.add(id);
            else fresh.remove(id);
        }
        finals = Set.copyOf(fresh);
    }

    /** A TINYINT(1) as the capture writes it: a boolean, a number, or text. */
    private static boolean flag(JsonNode v) {
        return v.isTextual() ? v.asText().equals("1") || v.asText().equalsIgnoreCase("true") : v.asBoolean(false);
    }

    private static Integer id(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
