package shopsync.app.ops;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.app.config.ShopsyncConfig;
import shopsync.connector.ShopDatabase;
import shopsync.events.Topics;
import shopsync.events.TrailEntry;
import shopsync.events.kafka.KafkaClients;

/**
 * Reads one order's trail from {@code shopsync.trail}. An order is given by its shop id ({@code 57}) or by
 * miniShop2's number ({@code 2611/57}, or the num-dash form {@code 2611-57} RetailCRM shows): a number is looked up in
 * the shop's {@code ms2_orders.num}, or, when the shop cannot be asked or does not have it (any more), among the
 * trail's own entries, which carry the number. By id only the partition that holds the order's key is read (the key
 * is partitioned like every producer does: murmur2 of the key); by number without the shop, every partition.
 *
 * <p>For the ops console: {@link #read} with the process's broker, and {@link OrderTrail#entries()} or
 * {@link OrderTrail#render}.
 */
public final class Trail {
    private static final Logger log = LoggerFactory.getLogger(Trail.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(15);

    private Trail() {}

    /** {@code idOrNumber}'s trail, with the configuration's broker, shop and {@code trail.max-entries}. */
    public static OrderTrail of(ShopsyncConfig config, String idOrNumber) {
        return read(config.kafka().bootstrapForTools(), config.shop(), idOrNumber, config.trail().maxEntries());
    }

    /**
     * @param shop the shop database to look numbers up in, or null (numbers are then found in the trail itself)
     * @param limit at most this many of the order's latest entries are returned; the rest are counted
     * @throws UnknownOrder when nothing is known of the order, with a message for people
     * @throws org.apache.kafka.common.KafkaException when the broker cannot be reached (within 15 s)
     */
    public static OrderTrail read(String bootstrapServers, ShopDatabase shop, String idOrNumber, int limit) {
        String asked = idOrNumber == null ? "" : idOrNumber.trim();
        if (asked.isEmpty()) throw new UnknownOrder("say which order: a shop order id (57) or its number (2611/57)");
        try (KafkaConsumer<String, TrailEntry> consumer = KafkaClients.topicReader(bootstrapServers, Topics.TRAIL)) {
            // Listed, not looked up: a look-up of a missing topic may have the broker create it, with the wrong settings.
            List<PartitionInfo> partitions = consumer.listTopics(BROKER_TIMEOUT).get(Topics.TRAIL.name());
            if (partitions == null || partitions.isEmpty()) {
                throw new UnknownOrder("there is no trail yet (topic " + Topics.TRAIL.name() + " does not exist): has shopsync run here?");
            }
            String orderId = isId(asked) ? asked : idOf(consumer, partitions.size(), shop, number(asked));
            TopicPartition partition = new TopicPartition(Topics.TRAIL.name(), partitionOf(orderId, partitions.size()));
            List<OrderTrail.Indexed> found = new ArrayList<>();
            boolean truncated = scan(consumer, List.of(partition), r -> orderId.equals(r.key()),
                    r -> found.add(new OrderTrail.Indexed(r.value(), r.offset())));
            if (found.isEmpty()) {
                throw new UnknownOrder("no trail for order " + orderId + ": shopsync has not seen it, its entries are older than "
                        + "trail.retention, or trail.enabled is false");
            }
            return OrderTrail.of(orderId, found, limit, truncated);
        }
    }

    /** The partition the producers (and Kafka Streams) put {@code key} in. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static boolean isId(String text) {
        return text.matches("\\d{1,18}");
    }

    /** miniShop2's form of a number: {@code 2611/57}; RetailCRM's num-dash {@code 2611-57} is the same order. */
    static String number(String text) {
        return text.matches("\\d+-\\d+") ? text.replace('-', '/') : text;
    }

    private static String idOf(KafkaConsumer<String, TrailEntry> consumer, int partitions, ShopDatabase shop, String num) {
        List<String> ids = shop == null ? List.of() : idsInShop(shop, num);
        if (ids.isEmpty()) {
            TreeSet<String> inTrail = new TreeSet<>();
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) all.add(new TopicPartition(Topics.TRAIL.name(), p));
            scan(consumer, all, r -> r.value() != null && num.equals(r.value().num()), r -> inTrail.add(r.key()));
            ids = List.copyOf(inTrail);
        }
        if (ids.isEmpty()) throw new UnknownOrder("no order with number " + num + " in the shop or in the trail");
        if (ids.size() > 1) {
            throw new UnknownOrder("number " + num + " is shared by shop orders " + String.join(", ", ids)
                    + " (miniShop2 does not keep it unique): shopsync trail --order <id>");
        }
        return ids.get(0);
    }

    /** Shop order ids with this number; none when the shop cannot be asked (the trail is then searched instead). */
    private static List<String> idsInShop(ShopDatabase shop, String num) {
        try (Connection c = shop.connect();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM " + shop.table("ms2_orders") + " WHERE num = ? ORDER BY id")) {
            ps.setString(1, num);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(String.valueOf(rs.getLong(1)));
            }
            return ids;
        } catch (SQLException e) {
            log.warn("cannot look number {} up in the shop database ({}); searching the trail itself", num, e.getMessage());
            return List.of();
        }
    }

    /**
     * Reads {@code partitions} from their beginning to their end as of now, handing matching records on; returns
     * whether retention already deleted the start of one of them.
     */
    private static boolean scan(KafkaConsumer<String, TrailEntry> consumer, List<TopicPartition> partitions,
                                Predicate<ConsumerRecord<String, TrailEntry>> match,
                                Consumer<ConsumerRecord<String, TrailEntry>> found) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, TrailEntry> r : consumer.poll(POLL)) {
                if (r.value() != null && match.test(r)) found.accept(r);
            }
        }
        return start.values().stream().filter(Objects::nonNull).anyMatch(offset -> offset > 0);
    }

    /** Nothing is known of the order asked for; the message says why, for people. */
    public static final class UnknownOrder extends RuntimeException {
        public UnknownOrder(String message) {
            super(message);
        }
    }
}
