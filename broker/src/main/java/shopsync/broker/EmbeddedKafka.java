package shopsync.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft broker (broker + controller) inside this JVM, from Kafka's production jars.
 * Its log directory is formatted once; starting again on the same directory resumes its data, so
 * {@code shopsync run} keeps its topics across restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path dataDir;
    private final int brokerPort;
    private boolean temporary;
    /** This start created the data directory: nothing of the user's is in it. */
    private boolean created;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, int brokerPort) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
    }

    /** Starts a broker on a free port with its data under {@code dataDir} (formatted when empty). */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** Starts a broker on {@code port} (0: a free one) with its data under {@code dataDir}. */
    public static EmbeddedKafka start(Path dataDir, int port) {
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port == 0 ? freePort() : port);
        kafka.startServer();
        return kafka;
    }

    public static EmbeddedKafka startTemporary() {
        try {
            EmbeddedKafka kafka = start(Files.createTempDirectory("shopsync-kraft-"));
            kafka.temporary = true;
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Stops and starts the broker on the same port and data, as an operator's restart would. */
    public void restart() {
        stop();
        startServer();
    }

    private void startServer() {
        int controllerPort = freePort();
        while (controllerPort == brokerPort) controllerPort = freePort(); // a just-released port can come back at once
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // Sized for one shop on a small server next to its database (docs/operations.md, Memory). The log cleaner's
        // key map is a heap array of this size (128 MiB by default); 8 MiB holds ~350,000 keys per cleaning pass, and
        // a larger dirty part is cleaned in several passes.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 << 20));
        // Threads per core as Kafka's defaults assume a dedicated multi-core host: 3 network, 8 request handler,
        // 10 background threads. Here two cores serve the broker and every role.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        KafkaConfig config = new KafkaConfig(p, false);
        try {
            created |= !Files.exists(dataDir);
            Files.createDirectories(dataDir);
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(1)
                        .setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(dataDir.toString())
                        .addDirectory(dataDir.toString())
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .run();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded Kafka log dir " + dataDir, e);
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    private void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
        if (temporary) deleteTree(dataDir);
    }

    /** Stops the broker and removes its data directory if this start created it (a start that was called off). */
    public void closeAndForgetIfNew() {
        stop();
        if (temporary || created) deleteTree(dataDir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Best effort: a leftover temporary directory is not an error. */
    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // nothing to clean up, or already gone
        }
    }
}
