package shopsync.app.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Topic;
import shopsync.events.Topics;

/**
 * Creates shopsync's topics (compacted where the registry says so) if they do not exist yet, and keeps the trail's
 * retention at {@code trail.retention}, also on a trail topic created before the setting changed.
 */
final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {}

    static void ensure(String bootstrapServers, int partitions, short replicationFactor, Duration trailRetention) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        String retentionMs = String.valueOf(trailRetention.toMillis());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> topic : Topics.ALL) {
                if (existing.contains(topic.name())) continue;
                Map<String, String> configs = new HashMap<>();
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.compacted() ? "compact" : "delete");
                if (topic == Topics.TRAIL) configs.put(TopicConfig.RETENTION_MS_CONFIG, retentionMs);
                missing.add(new NewTopic(topic.name(), partitions, replicationFactor).configs(configs));
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
            if (existing.contains(Topics.TRAIL.name())) keepRetention(admin, Topics.TRAIL.name(), retentionMs);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void keepRetention(Admin admin, String topic, String retentionMs) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config now = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        ConfigEntry retention = now == null ? null : now.get(TopicConfig.RETENTION_MS_CONFIG);
        if (retention != null && retentionMs.equals(retention.value())) return;
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retentionMs), AlterConfigOp.OpType.SET)))).all().get();
        log.info("{}: retention set to {} ms (trail.retention)", topic, retentionMs);
    }
}
