package shopsync.sink.inbound;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import shopsync.events.OrderExternalId;
import shopsync.events.OrderSnapshot;
import shopsync.events.Topics;
import shopsync.events.kafka.KafkaClients;

/**
 * The shop's orders as the sink knows them, followed from the compacted {@code shop.orders}: each order's current
 * status, and which orders carry a {@code num} (the number customers see, {@code 2103/308}, which RetailCRM may
 * know as {@code 2103-308}). One index per sink process, shared by every target. It is read on demand: a
 * {@link #refresh()} reads what arrived since the last one (the first reads the whole topic).
 *
 * <p>miniShop2 has no unique index on {@code num}: two orders created at the same moment can share one, so a num
 * resolves to every order that carries it.
 */
public final class ShopOrders implements AutoCloseable {
    private final String bootstrapServers;
    private final Clock clock;
    private KafkaConsumer<String, OrderSnapshot> consumer;
    private long refreshedAtMs = Long.MIN_VALUE / 2; // far in the past, and now minus it does not overflow
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> numById = new ConcurrentHashMap<>();
    /** Num with {@code /} written {@code -} → the ids of the orders that carry it (immutable sets, replaced on change). */
    private final Map<String, Set<String>> idsByDashedNum = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, String> newest = new ConcurrentSkipListMap<>(Comparator.reverseOrder());

    /** @param bootstrapServers the broker; null for an index that only knows what {@link #put} tells it (tests) */
    public ShopOrders(String bootstrapServers, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
    }

    /** Reads what arrived since the last refresh. */
    public synchronized void refresh() {
        refreshedAtMs = clock.millis();
        if (bootstrapServers == null) return;
        if (consumer == null) {
            consumer = KafkaClients.topicReader(bootstrapServers, Topics.ORDERS);
            List<TopicPartition> partitions = KafkaClients.assignAll(consumer, Topics.ORDERS.name());
            consumer.seekToBeginning(partitions);
        }
        while (true) {
            var records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) return;
            for (ConsumerRecord<String, OrderSnapshot> r : records) {
                if (r.value() != null) put(r.key(), r.value().num(), r.value().status());
            }
        }
    }

    /** Refreshes unless the last refresh is more recent than {@code maxAge}. */
    public void refreshIfOlder(Duration maxAge) {
        if (clock.millis() - refreshedAtMs >= maxAge.toMillis()) refresh();
    }

    /** Records one order as {@code shop.orders} has it now. */
    public synchronized void put(String orderId, String num, int status) {
        statuses.put(orderId, status);
        String previous = num == null ? numById.remove(orderId) : numById.put(orderId, num);
        if (previous != null && !previous.equals(num)) {
            idsByDashedNum.computeIfPresent(OrderExternalId.dashed(previous), (k, ids) -> {
                Set<String> rest = new TreeSet<>(ids);
                rest.remove(orderId);
                return rest.isEmpty() ? null : Collections.unmodifiableSet(rest);
            });
        }
        if (num != null && !num.isBlank()) {
            idsByDashedNum.compute(OrderExternalId.dashed(num), (k, ids) -> {
                Set<String> more = ids == null ? new TreeSet<>() : new TreeSet<>(ids);
                more.add(orderId);
                return Collections.unmodifiableSet(more);
            });
            try {
                newest.put(Long.parseLong(orderId), orderId);
                while (newest.size() > 100) newest.pollLastEntry();
            } catch (NumberFormatException notAnId) {
                // every miniShop2 order id is a number
            }
        }
    }

    /** The shop's current status of an order, or null when the order is unknown. */
    public Integer statusOf(String orderId) {
        return statuses.get(orderId);
    }

    /** The order's num, or null when unknown. */
    public String numOf(String orderId) {
        return numById.get(orderId);
    }

    /**
     * The ids of the orders whose num is {@code num}, written with {@code /} or {@code -} ({@code 2103/308} and
     * {@code 2103-308} are the same num), in id order; empty when none is known.
     */
    public Set<String> idsOfNum(String num) {
        return idsByDashedNum.getOrDefault(OrderExternalId.dashed(num), Set.of());
    }

    /** Like {@link #idsOfNum}, refreshing first when nothing is known of the num yet. */
    public Set<String> idsOfNumFresh(String num) {
        Set<String> ids = idsOfNum(num);
        if (!ids.isEmpty()) return ids;
        refresh();
        return idsOfNum(num);
    }

    /** The newest orders that have a num (highest ids first), at most {@code n}: id → num. */
    public Map<String, String> newest(int n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : newest.values()) {
            if (out.size() >= n) break;
            String num = numById.get(id);
            if (num != null) out.put(id, num);
        }
        return out;
    }

    /** The shop order id of an order number as customers see it ({@code 2611/5}); ids are accepted as they are. */
    public String orderIdOf(String numOrId) {
        refresh();
        if (statuses.containsKey(numOrId)) return numOrId;
        Set<String> ids = idsOfNum(numOrId);
        return ids.size() == 1 ? ids.iterator().next() : null;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) consumer.close();
    }
}
