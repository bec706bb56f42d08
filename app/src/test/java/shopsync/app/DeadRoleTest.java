package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.Topics;

/**
 * A role that can no longer work is never hidden behind "running": the processor meets a record it can never read
 * (every replacement thread fails on it again); /health says 503 naming it, and the process exits non-zero for its
 * supervisor to restart it, with the role and the reason in the log.
 */
class DeadRoleTest {
    @TempDir
    Path home;

    @Test
    void aProcessorThatCannotWorkIsReportedAndEndsTheProcess() throws Exception {
        int opsPort = Cli.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
            Path config = home.resolve("shopsync.yml");
            Files.writeString(config, """
                    shop: {database: shop, user: cdc}
                    kafka: {bootstrap-servers: "%s", partitions: 1, instance-id: dead-role-test}
                    processor: {state-dir: %s}
                    ops: {port: %d, exit-after: 3s}
                    retailcrm: {url: "http://127.0.0.1:9", api-key: unused, site: shop}
                    """.formatted(kafka.bootstrapServers(), home.resolve("streams"), opsPort));
            Path log = home.resolve("shopsync.log");
            try (ShopsyncProcess shopsync = new ShopsyncProcess("processor", config, log)) {
                shopsync.start();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> Cli.get(opsPort, "/health").startsWith("200"));

                poison(kafka.bootstrapServers());

                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> Cli.get(opsPort, "/health/live").matches("503 .*\"processor\":\\{\"live\":false.*"));
                await().atMost(Duration.ofSeconds(30)).until(() -> shopsync.exitStatus() != null);
                assertThat(shopsync.exitStatus()).isEqualTo(1);
                assertThat(Files.readString(log)).contains("processor can no longer work").contains("ERROR");
            }
        }
    }

    /** Not JSON: Debezium never writes this, so no amount of retrying will read it. */
    private static void poison(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CDC_ORDERS.name(), "1", "{not json".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
