package shopsync.sink.frontpad;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import shopsync.events.OrderSnapshot;
import shopsync.events.Topics;
import shopsync.events.kafka.KafkaClients;

/** The shop's current status (and number) of every order, followed from {@code shop.orders} (read on each refresh). */
public final class ShopOrderStatuses implements FrontpadStatusPoller.ShopStatuses, AutoCloseable {
    private final KafkaConsumer<String, OrderSnapshot> consumer;
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> idByNum = new ConcurrentHashMap<>();

    public ShopOrderStatuses(String bootstrapServers) {
        consumer = KafkaClients.topicReader(bootstrapServers, Topics.ORDERS);
        List<TopicPartition> partitions = KafkaClients.assignAll(consumer, Topics.ORDERS.name());
        consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived since the last refresh. */
    public synchronized void refresh() {
        while (true) {
            var records = consumer.poll(Duration.ofMillis(100));
            if (records.isEmpty()) return;
            for (ConsumerRecord<String, OrderSnapshot> r : records) {
                if (r.value() == null) continue;
                statuses.put(r.key(), r.value().status());
                if (r.value().num() != null) idByNum.put(r.value().num(), r.key());
            }
        }
    }

    @Override
    public Integer statusOf(String orderId) {
        return statuses.get(orderId);
    }

    /** The shop order id of an order number as customers see it ({@code 2611/5}); ids are accepted as they are. */
    public String orderIdOf(String numOrId) {
        refresh();
        if (statuses.containsKey(numOrId)) return numOrId;
        return idByNum.get(numOrId);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
