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
import java.util.List;
import java.util.Map;
import shopsync.events.SyncRequest;
import shopsync.events.Topic;
import shopsync.sink.delivery.Delivery;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.frontpad.ArticleCheck;
import shopsync.sink.frontpad.FrontpadChecks;
import shopsync.sink.frontpad.FrontpadClient;
import shopsync.sink.frontpad.FrontpadFailures;
import shopsync.sink.notify.Mailer;
import shopsync.sink.frontpad.FrontpadDelivery;
import shopsync.sink.frontpad.FrontpadLedger;
import shopsync.sink.frontpad.FrontpadStatusPoller;
import shopsync.sink.frontpad.ShopOrderStatuses;
import shopsync.events.RetryPolicy;
import shopsync.sink.delivery.SinkWorker;
import shopsync.sink.inbound.CursorStore;
import shopsync.sink.inbound.InboundPublisher;
import shopsync.sink.inbound.WebhookIntake;
import shopsync.sink.retailcrm.HistoryPoller;
import shopsync.sink.retailcrm.RetailCrmClient;
import shopsync.sink.retailcrm.RetailCrmDelivery;
import shopsync.broker.EmbeddedKafka;

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
    private SinkWorker frontpadSink;
    private StatusWriteBack writeBack;
    private Thread writeBackThread;
    private final java.util.Map<String, Thread> sinkThreads = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, RateGate> gates = new java.util.LinkedHashMap<>();
    private OpsServer ops;
    public final io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics =
            new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    private WebhookIntake webhooks;

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
        TopologySettings topology = new TopologySettings(config.string("shop.table-prefix"), config.draftStatuses(), config.translators());
        streams = new KafkaStreams(ShopTopology.build(new StreamsBuilder(), topology), streamsProperties(config));
        started.add(() -> streams.close(Duration.ofSeconds(10)));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("processor thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    /** CRM delivery for every enabled target, and CRM → shop: the webhook intake and the pollers, all writing to crm.inbound. */
    private void startSink(ShopsyncConfig config) {
        InboundPublisher publisher = new InboundPublisher(bootstrapServers);
        started.add(publisher);
        RetailCrmClient retailCrm = null;
        if (config.bool("retailcrm.enabled")) {
            retailCrm = new RetailCrmClient(config.string("retailcrm.url"), config.string("retailcrm.api-key"),
                    config.string("retailcrm.site"), Duration.ofMillis(config.integer("retailcrm.timeout-ms")),
                    new RateGate(config.integer("retailcrm.rate-limit")));
            started.add(retailCrm);
            gates.put("retailcrm", retailCrm.gate());
            retailCrmSink = sinkWorker(config, Topics.RETAILCRM.syncTopic(), new RetailCrmDelivery(retailCrm));
            if (config.bool("retailcrm.history.enabled")) {
                HistoryPoller poller = new HistoryPoller(retailCrm, publisher, new CursorStore(bootstrapServers),
                        ZoneId.of(config.string("retailcrm.timezone")));
                every(config.duration("retailcrm.history.interval"), "shopsync-history-poller", poller::pollOnce);
            }
        }
        if (config.bool("webhooks.enabled")) {
            try {
                webhooks = new WebhookIntake(config.integer("webhooks.port"), config.string("webhooks.secret"), retailCrm, publisher);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen for webhooks on port " + config.integer("webhooks.port") + ": " + e.getMessage(), e);
            }
            started.add(webhooks);
            log.info("webhooks: listening on port {}", webhooks.port());
        }
        if (config.bool("frontpad.enabled")) startFrontpad(config, publisher);
    }

    private void startFrontpad(ShopsyncConfig config, InboundPublisher publisher) {
        RateGate frontpadGate = new RateGate(config.integer("frontpad.rate-limit"));
        gates.put("frontpad", frontpadGate);
        FrontpadClient client = new FrontpadClient(config.string("frontpad.url"), config.string("frontpad.secret"),
                Duration.ofMillis(config.integer("frontpad.timeout-ms")), frontpadGate);
        started.add(client);
        FrontpadLedger ledger = new FrontpadLedger(bootstrapServers);
        started.add(ledger);
        Map<String, String> codes = config.map("frontpad.status-codes");
        List<String> hookCodes = codes.entrySet().stream().filter(e -> config.map("frontpad.matched-statuses").containsKey(e.getValue()))
                .map(Map.Entry::getKey).toList();
        String hookUrl = config.string("frontpad.webhook-url").isBlank() ? null : config.string("frontpad.webhook-url");
        frontpadSink = sinkWorker(config, Topics.FRONTPAD.syncTopic(), new FrontpadDelivery(client, ledger, hookUrl, hookCodes));
        String errorStatus = config.string("frontpad.error-status");
        Mailer mailer = config.bool("frontpad.on-error.email") ? new Mailer(config.string("smtp.host"), config.integer("smtp.port"),
                config.bool("smtp.starttls"), config.string("smtp.user"), config.string("smtp.password"), config.string("smtp.from"),
                config.string("smtp.to")) : null;
        frontpadSink.onDeadLetter(new FrontpadFailures(publisher, errorStatus.isBlank() ? null : Integer.valueOf(errorStatus),
                config.bool("frontpad.on-error.comment"), mailer));
        if (config.bool("frontpad.article-check")) {
            ArticleCheck articles = new ArticleCheck(bootstrapServers, config.instanceId(), client, publisher, config.string("shop.table-prefix"));
            io.micrometer.core.instrument.FunctionCounter.builder("shopsync.frontpad.unknown.articles", articles, ArticleCheck::unknownArticles)
                    .description("new or changed product articles Frontpad does not know").register(metrics);
            background(articles, "shopsync-frontpad-articles");
        }
        ShopOrderStatuses shop = new ShopOrderStatuses(bootstrapServers);
        started.add(shop);
        FrontpadStatusPoller poller = new FrontpadStatusPoller(client, ledger, publisher, shop,
                config.list("frontpad.check-statuses").stream().map(Integer::valueOf).toList(),
                Duration.ofDays(config.integer("frontpad.check-days")));
        every(config.duration("frontpad.check-interval"), "shopsync-frontpad-poller", () -> {
            shop.refresh();
            return poller.pollOnce();
        });
        if (webhooks != null && config.bool("frontpad.site-checks")) {
            FrontpadChecks checks = new FrontpadChecks(client, ledger, shop);
            webhooks.route("/frontpad/order-status", checks::orderStatus);
            webhooks.route("/frontpad/certificate", checks::certificate);
        }
        if (webhooks != null) {
            webhooks.acceptFrontpad(new WebhookIntake.FrontpadHook() {
                @Override
                public String shopOrderOf(long frontpadOrderId) {
                    return ledger.orderOf(frontpadOrderId);
                }

                @Override
                public String statusName(String code) {
                    return codes.get(code);
                }
            });
        }
    }

    private SinkWorker sinkWorker(ShopsyncConfig config, Topic<String, SyncRequest> topic, Delivery delivery) {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), config.duration("sink.retry.max-time"),
                config.duration("sink.park.interval"), config.duration("sink.give-up-after"));
        SinkWorker worker = new SinkWorker(bootstrapServers, config.instanceId(), topic, delivery, config.integer("sink.threads"),
                policy, Clock.systemUTC());
        worker.metrics(metrics);
        sinkThreads.put(delivery.target(), background(worker, "shopsync-sink-" + delivery.target()));
        return worker;
    }

    /** Runs {@code task} now and then every {@code interval}; a failed run is logged and the next one comes anyway. */
    private void every(Duration interval, String name, java.util.concurrent.Callable<?> task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name));
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.call();
            } catch (Exception e) {
                log.warn("{} failed: {}; next run in {} ms", name, e.getMessage(), interval.toMillis());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        started.add(() -> {
            timer.shutdownNow();
            timer.awaitTermination(10, TimeUnit.SECONDS);
        });
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

    java.util.Map<String, SinkWorker> sinks() {
        java.util.Map<String, SinkWorker> out = new java.util.LinkedHashMap<>();
        if (retailCrmSink != null) out.put("retailcrm", retailCrmSink);
        if (frontpadSink != null) out.put("frontpad", frontpadSink);
        return out;
    }

    boolean sinkAlive(String target) {
        Thread t = sinkThreads.get(target);
        return t != null && t.isAlive();
    }

    java.util.Map<String, RateGate> gates() {
        return gates;
    }

    /** The ops HTTP port (health, metrics, status). */
    public int opsPort() {
        return ops.port();
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
