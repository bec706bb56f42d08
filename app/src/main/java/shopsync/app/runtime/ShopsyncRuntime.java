package shopsync.app.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Random;
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
import shopsync.events.RetryPolicy;
import shopsync.processor.ShopTopology;
import shopsync.processor.TargetTranslator;
import shopsync.processor.TopologySettings;
import shopsync.processor.frontpad.FrontpadRequests;
import shopsync.sink.SinkService;
import shopsync.sink.delivery.SinkSettings;
import shopsync.sink.frontpad.FrontpadSettings;
import shopsync.sink.inbound.WebhookSettings;
import shopsync.sink.notify.MailSettings;
import shopsync.sink.retailcrm.RetailCrmSettings;
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
    private SinkService sink;
    private StatusWriteBack writeBack;
    private Thread writeBackThread;
    private OpsServer ops;
    public final io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics =
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);

    private ShopsyncRuntime(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        // Heap, threads and CPU on /metrics: what an operator checks first when the process misbehaves.
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(metrics);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(metrics);
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
        if (roles.contains(Role.SINK)) startSink(config);
        ops = new OpsServer(config.integer("ops.port"), new StatusReport(this, config));
        started.add(ops);
        log.info("shopsync running: {} (RetailCRM {}, Frontpad {})", roles, retailCrm ? "enabled" : "disabled",
                config.bool("frontpad.enabled") ? "enabled" : "disabled");
    }

    private void startConnector(ShopsyncConfig config) {
        capture = new ShopCapture(new CaptureSettings(config.string("shop.host"), config.integer("shop.port"),
                config.string("shop.database"), config.string("shop.user"), config.string("shop.password"),
                config.string("shop.table-prefix"), config.integer("shop.server-id"), bootstrapServers,
                config.integer("cdc.poll-interval-ms"), config.string("cdc.snapshot-mode")));
        started.add(capture);
        capture.start();

        String writeBackUser = config.string("shop.writeback-user").isBlank() ? config.string("shop.user") : config.string("shop.writeback-user");
        String writeBackPassword = config.string("shop.writeback-user").isBlank() ? config.string("shop.password")
                : config.string("shop.writeback-password");
        writeBack = new StatusWriteBack(bootstrapServers, config.instanceId(), new WriteBackSettings(
                "jdbc:mariadb://" + config.string("shop.host") + ":" + config.integer("shop.port") + "/" + config.string("shop.database"),
                writeBackUser, writeBackPassword, config.string("shop.table-prefix"), config.integer("shop.log-user-id")));
        writeBackThread = background(writeBack, "shopsync-writeback");
        io.micrometer.core.instrument.FunctionCounter.builder("shopsync.cdc.events", capture, ShopCapture::forwarded)
                .description("row events captured from the shop's binlog").register(metrics);
    }

    private void startProcessor(ShopsyncConfig config) {
        TopologySettings topology = new TopologySettings(config.string("shop.table-prefix"), config.draftStatuses(), translators(config));
        streams = new KafkaStreams(ShopTopology.build(new StreamsBuilder(), topology), streamsProperties(config));
        started.add(() -> streams.close(Duration.ofSeconds(10)));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("processor thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    /**
     * The configuration's translators, with Frontpad's reaction to a refused order, which the configuration does not
     * give its mapping yet (it is being rewritten to produce typed settings; then this goes).
     */
    private static List<TargetTranslator> translators(ShopsyncConfig config) {
        String errorStatus = config.string("frontpad.error-status");
        return config.translators().stream().map(t -> t instanceof FrontpadRequests
                ? new FrontpadRequests(config.frontpadMapping().onFailure(errorStatus == null || errorStatus.isBlank() ? null
                        : Integer.valueOf(errorStatus), config.bool("frontpad.on-error.comment")))
                : t).toList();
    }

    /** CRM delivery for every enabled target, and CRM → shop: the webhook intake and the pollers, all writing to crm.inbound. */
    private void startSink(ShopsyncConfig config) {
        sink = new SinkService(bootstrapServers, config.instanceId(), sinkSettings(config), webhookSettings(config),
                List.of(retailCrmSettings(config), frontpadSettings(config)), Clock.systemUTC(), new Random(), metrics);
        started.add(sink);
        sink.start();
    }

    // The settings records are built here until the configuration produces them itself (it is being rewritten).

    private static SinkSettings sinkSettings(ShopsyncConfig config) {
        return new SinkSettings(config.integer("sink.threads"), new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30),
                config.duration("sink.retry.max-time"), config.duration("sink.park.interval"), config.duration("sink.give-up-after")));
    }

    private static WebhookSettings webhookSettings(ShopsyncConfig config) {
        return new WebhookSettings(config.bool("webhooks.enabled"), config.integer("webhooks.port"), config.string("webhooks.secret"));
    }

    private static RetailCrmSettings retailCrmSettings(ShopsyncConfig config) {
        return new RetailCrmSettings(config.bool("retailcrm.enabled"), config.string("retailcrm.url"), config.string("retailcrm.api-key"),
                config.string("retailcrm.site"), Duration.ofMillis(config.integer("retailcrm.timeout-ms")), config.integer("retailcrm.rate-limit"),
                config.bool("retailcrm.history.enabled"), config.duration("retailcrm.history.interval"),
                ZoneId.of(config.string("retailcrm.timezone")));
    }

    private static FrontpadSettings frontpadSettings(ShopsyncConfig config) {
        Map<String, String> codes = config.map("frontpad.status-codes");
        List<String> hookCodes = codes.entrySet().stream().filter(e -> config.map("frontpad.matched-statuses").containsKey(e.getValue()))
                .map(Map.Entry::getKey).toList();
        String hookUrl = config.string("frontpad.webhook-url");
        return new FrontpadSettings(config.bool("frontpad.enabled"), config.string("frontpad.url"), config.string("frontpad.secret"),
                Duration.ofMillis(config.integer("frontpad.timeout-ms")), config.integer("frontpad.rate-limit"), codes,
                hookUrl == null || hookUrl.isBlank() ? null : hookUrl, hookCodes, config.bool("frontpad.article-check"),
                config.string("shop.table-prefix"), config.list("frontpad.check-statuses").stream().map(Integer::valueOf).toList(),
                Duration.ofDays(config.integer("frontpad.check-days")), config.duration("frontpad.check-interval"),
                config.bool("frontpad.site-checks"), config.bool("frontpad.on-error.email") ? mailSettings(config) : null);
    }

    private static MailSettings mailSettings(ShopsyncConfig config) {
        return new MailSettings(config.string("smtp.host"), config.integer("smtp.port"), config.bool("smtp.starttls"),
                config.string("smtp.user"), config.string("smtp.password"), config.string("smtp.from"), config.string("smtp.to"));
    }

    private Thread background(Runnable role, String name) {
        Thread thread = new Thread(role, name);
        started.add(() -> {
            ((AutoCloseable) role).close();
            thread.join(15_000);
        });
        thread.start();
        return thread;
    }

    /** The capture, when this process runs the connector role. */
    public ShopCapture capture() {
        return capture;
    }

    KafkaStreams streams() {
        return streams;
    }

    boolean writeBackAlive() {
        return writeBackThread != null && writeBackThread.isAlive();
    }

    /** The sink role, when this process runs it. */
    public SinkService sink() {
        return sink;
    }

    /** The ops HTTP port (health, metrics, status). */
    public int opsPort() {
        return ops.port();
    }

    private Properties streamsProperties(ShopsyncConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "shopsync-processor");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(config.string("processor.state-dir")).toAbsolutePath().toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.integer("processor.commit-interval-ms"));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.integer("processor.threads"));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.integer("kafka.replication-factor"));
        // The row stores are cached: the rows of one order that arrive within a commit interval are written to the
        // changelog once, at the commit, not once per row (what the processor forwards is not delayed by this).
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L << 20);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId() + "-processor");
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        return p;
    }

    public String bootstrapServers() {
        return bootstrapServers;
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
