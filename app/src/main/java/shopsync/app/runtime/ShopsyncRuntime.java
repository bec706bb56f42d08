package shopsync.app.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.app.config.ShopsyncConfig;
import shopsync.connector.capture.CaptureSettings;
import shopsync.connector.capture.ShopCapture;
import shopsync.connector.writeback.StatusWriteBack;
import shopsync.connector.writeback.WriteBackSettings;
import shopsync.events.Topics;
import shopsync.processor.ShopTopology;
import shopsync.processor.TopologySettings;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.delivery.RetryPolicy;
import shopsync.sink.delivery.SinkWorker;
import shopsync.sink.inbound.CursorStore;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.WebhookIntake;
import shopsync.sink.retailcrm.HistoryPoller;
import shopsync.sink.retailcrm.RetailCrmClient;
import shopsync.sink.retailcrm.RetailCrmDelivery;
import shopsync.testkit.EmbeddedKafka;

/**
 * All three roles in one process: capture (Debezium), processor (Kafka Streams) and sink (CRM delivery),
 * with an embedded broker when no external one is configured. Closing stops them in reverse order.
 */
public final class ShopsyncRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShopsyncRuntime.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final String bootstrapServers;
    private ShopCapture capture;
    private KafkaStreams streams;
    private SinkWorker retailCrmSink;
    private WebhookIntake webhooks;

    private ShopsyncRuntime(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The three roles; {@code shopsync run} runs all of them in one process. */
    public enum Role {
        /** Capture (Debezium) and the status write-back: everything that touches the shop database. */
        CONNECTOR,
        /** The Kafka Streams topology. */
        PROCESSOR,
        /** CRM delivery, webhook intake and history polling: everything that talks to a CRM. */
        SINK
    }

    public static ShopsyncRuntime start(ShopsyncConfig config) {
        return start(config, EnumSet.allOf(Role.class));
    }

    public static ShopsyncRuntime start(ShopsyncConfig config, Set<Role> roles) {
        String bootstrap = config.string("kafka.bootstrap-servers");
        EmbeddedKafka broker = null;
        if (bootstrap == null || bootstrap.isBlank()) {
            broker = EmbeddedKafka.start(Path.of(config.string("kafka.data-dir")).toAbsolutePath(), config.integer("kafka.embedded-port"));
            bootstrap = broker.bootstrapServers();
            log.info("embedded Kafka broker at {} (data in {})", bootstrap, config.string("kafka.data-dir"));
        }
        ShopsyncRuntime runtime = new ShopsyncRuntime(bootstrap);
        if (broker != null) runtime.started.add(broker);
        try {
            runtime.startRoles(config, roles);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startRoles(ShopsyncConfig config, Set<Role> roles) {
        TopicSetup.ensure(bootstrapServers, config.integer("kafka.partitions"), (short) config.integer("kafka.replication-factor"));
        if (roles.contains(Role.CONNECTOR)) startConnector(config);
        boolean retailCrm = config.bool("retailcrm.enabled");
        if (roles.contains(Role.PROCESSOR)) startProcessor(config);
        if (roles.contains(Role.SINK) && retailCrm) startRetailCrmSink(config);
        log.info("shopsync running: {} (RetailCRM {})", roles, retailCrm ? "enabled" : "disabled");
    }

    private void startConnector(ShopsyncConfig config) {
        capture = new ShopCapture(new CaptureSettings(config.string("shop.host"), config.integer("shop.port"),
                config.string("shop.database"), config.string("shop.user"), config.string("shop.password"),
                config.string("shop.table-prefix"), config.integer("shop.server-id"), bootstrapServers,
                config.integer("cdc.poll-interval-ms")));
        started.add(capture);
        capture.start();

        String writeBackUser = config.string("shop.writeback-user").isBlank() ? config.string("shop.user") : config.string("shop.writeback-user");
        String writeBackPassword = config.string("shop.writeback-user").isBlank() ? config.string("shop.password")
                : config.string("shop.writeback-password");
        StatusWriteBack writeBack = new StatusWriteBack(bootstrapServers, config.instanceId(), new WriteBackSettings(
                "jdbc:mariadb://" + config.string("shop.host") + ":" + config.integer("shop.port") + "/" + config.string("shop.database"),
                writeBackUser, writeBackPassword, config.string("shop.table-prefix"), config.integer("shop.log-user-id")));
        background(writeBack, "shopsync-writeback");
    }

    private void startProcessor(ShopsyncConfig config) {
        boolean retailCrm = config.bool("retailcrm.enabled");
        TopologySettings topology = new TopologySettings(config.string("shop.table-prefix"), config.draftStatuses(),
                retailCrm ? config.retailCrmMapping() : null);
        streams = new KafkaStreams(ShopTopology.build(new StreamsBuilder(), topology), streamsProperties(config));
        started.add(() -> streams.close(Duration.ofSeconds(10)));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("processor thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    private void startRetailCrmSink(ShopsyncConfig config) {
        RetailCrmClient client = new RetailCrmClient(config.string("retailcrm.url"), config.string("retailcrm.api-key"),
                config.string("retailcrm.site"), Duration.ofMillis(config.integer("retailcrm.timeout-ms")),
                new RateGate(config.integer("retailcrm.rate-limit")));
        started.add(client);
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), config.duration("sink.retry.max-time"),
                config.duration("sink.park.interval"), config.duration("sink.give-up-after"));
        retailCrmSink = new SinkWorker(bootstrapServers, config.instanceId(), Topics.SYNC_RETAILCRM, new RetailCrmDelivery(client),
                config.integer("sink.threads"), policy, Clock.systemUTC());
        background(retailCrmSink, "shopsync-sink-retailcrm");
        startInbound(config, client);
    }

    /** CRM → shop: the webhook intake and the history poller, both writing to crm.inbound. */
    private void startInbound(ShopsyncConfig config, RetailCrmClient client) {
        InboundPublisher publisher = new InboundPublisher(bootstrapServers);
        started.add(publisher);
        if (config.bool("webhooks.enabled")) {
            try {
                webhooks = new WebhookIntake(config.integer("webhooks.port"), config.string("webhooks.secret"), client, publisher);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen for webhooks on port " + config.integer("webhooks.port") + ": " + e.getMessage(), e);
            }
            started.add(webhooks);
            log.info("webhooks: listening on port {} at /webhooks/retailcrm", webhooks.port());
        }
        if (config.bool("retailcrm.history.enabled")) {
            HistoryPoller poller = new HistoryPoller(client, publisher, new CursorStore(bootstrapServers),
                    ZoneId.of(config.string("retailcrm.timezone")));
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "shopsync-history-poller"));
            long every = config.duration("retailcrm.history.interval").toMillis();
            timer.scheduleWithFixedDelay(() -> {
                try {
                    poller.pollOnce();
                } catch (RuntimeException e) {
                    log.warn("retailcrm history poll failed: {}; next try in {} ms", e.getMessage(), every);
                }
            }, 0, every, TimeUnit.MILLISECONDS);
            started.add(() -> {
                timer.shutdownNow();
                timer.awaitTermination(10, TimeUnit.SECONDS);
            });
        }
    }

    private void background(Runnable role, String name) {
        Thread thread = new Thread(role, name);
        started.add(() -> {
            ((AutoCloseable) role).close();
            thread.join(15_000);
        });
        thread.start();
    }

    /** The webhook intake, when enabled. */
    public WebhookIntake webhooks() {
        return webhooks;
    }

    private Properties streamsProperties(ShopsyncConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "shopsync-processor");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(config.string("processor.state-dir")).toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.integer("processor.commit-interval-ms"));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.integer("kafka.replication-factor"));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId() + "-processor");
        return p;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public KafkaStreams.State processorState() {
        return streams.state();
    }

    /** The RetailCRM sink, when this process runs it. */
    public SinkWorker retailCrmSink() {
        return retailCrmSink;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping", e);
            } 
        }
        started.clear();
    }
}
