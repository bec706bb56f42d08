package shopsync.app.config;

import java.nio.file.Path;

/**
 * Where shopsync's topics live: an external cluster, or (when {@code bootstrapServers} is empty) a broker embedded in
 * the process with its data in {@code dataDir}.
 *
 * @param instanceId stable name of this process for static group membership (a restart takes its partitions back)
 */
public record KafkaSettings(String bootstrapServers, Path dataDir, int embeddedPort, int partitions, short replicationFactor,
                            String instanceId) {

    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    /** Where tools ({@code dlq}, {@code replay}) find the broker: the configured one, or the embedded one's port. */
    public String bootstrapForTools() {
        return embedded() ? "127.0.0.1:" + embeddedPort : bootstrapServers;
    }
}
