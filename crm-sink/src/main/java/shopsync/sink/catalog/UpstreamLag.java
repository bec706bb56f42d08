package shopsync.sink.catalog;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Topics;

/** Whether the processor has read {@code shop.cdc.products} to its end: its committed offsets against the topic's end. */
final class UpstreamLag implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamLag.class);
    private final Admin admin;

    UpstreamLag(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(p);
    }

    boolean caughtUp() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Topics.PROCESSOR_GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(Topics.CDC_PRODUCTS.name())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topics.CDC_PRODUCTS.name()).partitions().stream()
                    .collect(Collectors.toMap(i -> new TopicPartition(Topics.CDC_PRODUCTS.name(), i.partition()), i -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return end.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
        } catch (Exception e) {
            log.debug("processor progress on {} unknown yet: {}", Topics.CDC_PRODUCTS.name(), e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
