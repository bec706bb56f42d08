package shopsync.app.runtime;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.app.check.Preflight;
import shopsync.app.config.KafkaSettings;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.console.OpsConsole;
import shopsync.app.ops.DeadLetters;
import shopsync.app.ops.Trail;
import shopsync.broker.EmbeddedKafka;
import shopsync.connector.capture.ShopCapture;
import shopsync.sink.SinkService;

/**
 * All three roles in one process: capture (Debezium), processor (Kafka Streams) and sink (CRM delivery),
 * with an embedded broker when no external one is configured. Closing stops them in reverse order.
 */
public final class ShopsyncRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShopsyncRuntime.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final String bootstrapServers;
    private final List<RoleService> roleServices = new ArrayList<>();
    private ConnectorRole connector;
    private SinkRole sink;
    private OpsServer ops;
    public final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private ShopsyncRuntime(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        // Heap, threads and CPU on /metrics: what an operator checks first when the process misbehaves.
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
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
        return start(config, roles, reason -> { });
    }

    /** @param onDeadRole called once when a role stays dead longer than {@code ops.exit-after} ({@code shopsync run} exits) */
    public static ShopsyncRuntime start(ShopsyncConfig config, Set<Role> roles, Consumer<String> onDeadRole) {
        return start(config, roles, onDeadRole, () -> true);
    }

    /**
     * @param mayStartRoles asked once the broker is up and the topics exist, before any role starts: {@code shopsync run}
     *                      makes its preflight meanwhile (about a second each) and answers with its verdict
     * @return the running runtime, or null when {@code mayStartRoles} said no (everything started is stopped again)
     */
    public static ShopsyncRuntime start(ShopsyncConfig config, Set<Role> roles, Consumer<String> onDeadRole, BooleanSupplier mayStartRoles) {
        KafkaSettings kafka = config.kafka();
        EmbeddedKafka broker = null;
        String bootstrap = kafka.bootstrapServers();
        if (kafka.embedded()) {
            broker = EmbeddedKafka.start(kafka.dataDir(), kafka.embeddedPort());
            bootstrap = broker.bootstrapServers();
            log.info("embedded Kafka broker at {} (data in {})", bootstrap, kafka.dataDir());
        }
        ShopsyncRuntime runtime = new ShopsyncRuntime(bootstrap);
        if (broker != null) runtime.started.add(broker);
        try {
            TopicSetup.ensure(runtime.bootstrapServers, kafka.partitions(), kafka.replicationFactor(), config.trail().retention());
            if (!mayStartRoles.getAsBoolean()) {
                // Called off: a first start leaves no broker data behind (a later start formats it afresh).
                runtime.close();
                if (broker != null) broker.closeAndForgetIfNew();
                return null;
            }
            runtime.startRoles(config, roles, onDeadRole);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startRoles(ShopsyncConfig config, Set<Role> roles, Consumer<String> onDeadRole) {
        if (roles.contains(Role.CONNECTOR)) connector = add(new ConnectorRole(config, bootstrapServers, metrics));
        if (roles.contains(Role.PROCESSOR)) add(new ProcessorRole(config.processor(), config.kafka(), bootstrapServers, metrics));
        if (roles.contains(Role.SINK)) {
            sink = add(new SinkRole(new SinkService(bootstrapServers, config.kafka().instanceId(), config.sink(), config.webhooks(),
                    config.targetSettings(), Clock.systemUTC(), new Random(), metrics)));
        }
        startSideBySide(roleServices);
        StatusReport report = new StatusReport(this, config.shop());
        OpsConsole console = new OpsConsole(new OpsConsole.Sources(report::status, metrics,
                out -> new DeadLetters(config, bootstrapServers, out),
                order -> Trail.read(bootstrapServers, config.shop(), order, config.trail().maxEntries()), () -> Preflight.run(config)),
                config.ops().token(), Clock.systemUTC());
        ops = new OpsServer(config.ops(), report, console);
        started.add(ops);
        RoleWatchdog watchdog = new RoleWatchdog(roleServices, config.exitAfter(), Clock.systemUTC(), metrics, onDeadRole);
        started.add(watchdog);
        watchdog.start();
        log.info("shopsync started: {} (targets: {}); /health says when every role is ready", roles,
                config.translators().stream().map(t -> t.target().name()).toList());
    }

    private <R extends RoleService> R add(R role) {
        roleServices.add(role);
        started.add(role);
        return role;
    }

    /**
     * The roles share nothing while they start (each opens its own clients), so they start side by side: a restart is
     * ready about a second sooner. Measured on two cores, with the launcher's class archive (docs/benchmarks.md, start).
     * Returns when every role has started; the first failure is thrown then, and close() stops them all.
     */
    private static void startSideBySide(List<RoleService> roles) {
        List<CompletableFuture<Void>> starts = roles.stream().map(role -> CompletableFuture.runAsync(() -> {
            long t0 = System.nanoTime();
            role.start();
            // Where a slow start goes (docs/benchmarks.md, start to ready).
            log.info("{} started in {} ms", role.getClass().getSimpleName(), (System.nanoTime() - t0) / 1_000_000);
        }, r -> new Thread(r, "shopsync-start-" + role.getClass().getSimpleName()).start())).toList();
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The capture, when this process runs the connector role. */
    public ShopCapture capture() {
        return connector == null ? null : connector.capture();
    }

    /** The roles this process runs, in start order. */
    List<RoleService> roles() {
        return roleServices;
    }

    /** The sink role, when this process runs it. */
    public SinkService sink() {
        return sink == null ? null : sink.service();
    }

    /** The ops HTTP port (health, metrics, status, console). */
    public int opsPort() {
        return ops.port();
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
