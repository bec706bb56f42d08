package shopsync.app.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import shopsync.connector.ShopDatabase;
import shopsync.connector.capture.CaptureSettings;
import shopsync.connector.writeback.WriteBackSettings;
import shopsync.events.RetryPolicy;
import shopsync.processor.TargetTranslator;
import shopsync.processor.TopologySettings;
import shopsync.sink.TargetSettings;
import shopsync.sink.delivery.SinkSettings;
import shopsync.sink.inbound.WebhookSettings;

/**
 * The loaded configuration: YAML file, then environment overrides, then defaults, read once into the typed
 * sections the roles take (shop database, Kafka, processor, each CRM target, sink, webhooks, ops). {@link #load}
 * reports every problem at once (unknown keys, missing values, wrong types, values breaking their rule) instead of
 * failing on the first. Secrets never appear in {@link #toString()} or in a problem report.
 */
public final class ShopsyncConfig {
    private final ConfigValues values;
    private final ShopDatabase shop;
    private final KafkaSettings kafka;
    private final ProcessorSettings processor;
    private final Set<Integer> draftStatuses;

    private ShopsyncConfig(ConfigValues values) {
        this.values = values;
        this.shop = new ShopDatabase(values.string("shop.host"), values.integer("shop.port"), values.string("shop.database"),
                values.string("shop.user"), values.string("shop.password"), values.string("shop.table-prefix"),
                values.string("shop.writeback-user"), values.string("shop.writeback-password"));
        Path dataDir = path(values.string("data-dir"));
        this.kafka = new KafkaSettings(values.optional("kafka.bootstrap-servers"), dataDir(values, "kafka.data-dir", dataDir, "kafka"),
                values.integer("kafka.embedded-port"), values.integer("kafka.partitions"), (short) values.integer("kafka.replication-factor"),
                instanceId(values.optional("kafka.instance-id")));
        Set<Integer> drafts = values.list("shop.draft-statuses").stream().map(Integer::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        this.draftStatuses = Set.copyOf(drafts);
        this.processor = new ProcessorSettings(new TopologySettings(shop.tablePrefix(), drafts, translators(values), values.bool("trail.enabled")),
                dataDir(values, "processor.state-dir", dataDir, "streams"), values.integer("processor.threads"),
                values.integer("processor.commit-interval-ms"), values.integer("processor.backlog-commit-interval-ms"),
                values.integer("processor.rocksdb-memory-mb"));
    }

    /** Loads {@code file} (may be null: environment and defaults only) or throws {@link InvalidConfig}. */
    public static ShopsyncConfig load(Path file, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> raw = new TreeMap<>();
        if (file != null) {
            try {
                Object tree = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
                if (tree instanceof Map<?, ?> map) ConfigValues.flatten("", map, raw);
                else if (tree != null) problems.add(file + ": the top level must be a map of sections");
            } catch (IOException e) {
                throw new InvalidConfig(List.of("cannot read " + file + ": " + e.getMessage()));
            }
        }
        return fromMap(raw, env, problems);
    }

    /** Configuration from already-flat keys (the demo and tests build theirs this way). */
    public static ShopsyncConfig of(Map<String, Object> flat) {
        return fromMap(new TreeMap<>(flat), Map.of(), new ArrayList<>());
    }

    private static ShopsyncConfig fromMap(Map<String, Object> raw, Map<String, String> env, List<String> problems) {
        for (String key : raw.keySet()) {
            if (Settings.ALL.stream().noneMatch(s -> s.key().equals(key))) problems.add("unknown key '" + key + "'");
        }
        ConfigValues values = ConfigValues.convert(raw, env, problems);
        validate(values, problems);
        if (!problems.isEmpty()) throw new InvalidConfig(problems);
        return new ShopsyncConfig(values);
    }

    private static void validate(ConfigValues values, List<String> problems) {
        for (Setting s : Settings.ALL) {
            Object v = values.get(s.key());
            if (v != null && !s.check().ok().test(v)) {
                problems.add(s.key() + ": must be " + s.check().rule() + (s.secret() ? "" : " (got '" + v + "')"));
            }
        }
        values.require(problems, "shop.database", "shop.user");
        for (TargetConfig target : TargetConfig.ALL) {
            if (target.enabled(values)) target.validate(values, problems);
        }
        String secret = values.string("webhooks.secret");
        if (values.bool("webhooks.enabled") && (secret == null || secret.length() < 16)) {
            problems.add("webhooks.secret: required when webhooks.enabled, at least 16 characters (" + Settings.get("webhooks.secret").envVar() + ")");
        }
    }

    /** One translator per enabled CRM target. */
    private static List<TargetTranslator> translators(ConfigValues values) {
        return TargetConfig.ALL.stream().filter(t -> t.enabled(values)).map(t -> t.translator(values)).toList();
    }

    /** A configured directory, else its place under {@code data-dir}; {@code ~} is the user's home, relative paths are made absolute. */
    private static Path dataDir(ConfigValues values, String key, Path dataDir, String below) {
        String configured = values.optional(key);
        return configured != null ? path(configured) : dataDir.resolve(below);
    }

    static Path path(String text) {
        String home = System.getProperty("user.home");
        String expanded = text.equals("~") ? home : text.startsWith("~/") ? home + text.substring(1) : text;
        return Path.of(expanded).toAbsolutePath().normalize();
    }

    private static String instanceId(String configured) {
        if (configured != null) return configured;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "shopsync";
        }
    }

    public ShopDatabase shop() {
        return shop;
    }

    /** The capture's settings, once the broker's address is known (the embedded broker's comes at run time). */
    public CaptureSettings capture(String bootstrapServers) {
        return shop.capture(values.integer("shop.server-id"), bootstrapServers, values.integer("cdc.poll-interval-ms"),
                values.string("cdc.snapshot-mode"));
    }

    public WriteBackSettings writeBack() {
        return shop.writeBack(values.integer("shop.log-user-id")).withTrail(values.bool("trail.enabled"));
    }

    /** Each order's trail: whether it is written, how long it is kept, how much of it is shown. */
    public TrailSettings trail() {
        return new TrailSettings(values.bool("trail.enabled"), values.duration("trail.retention"), values.integer("trail.max-entries"));
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public ProcessorSettings processor() {
        return processor;
    }

    /** One translator per enabled CRM target, for the processor and the replay tools. */
    public List<TargetTranslator> translators() {
        return processor.topology().targets();
    }

    /** How long a dead role may stay dead before the process exits. */
    public Duration exitAfter() {
        return values.duration("ops.exit-after");
    }

    /** Where /health, /metrics, /status and the console listen, and the console's token. */
    public OpsSettings ops() {
        return new OpsSettings(values.string("ops.bind-address"), values.integer("ops.port"), values.optional("ops.token"));
    }

    /** How the sink delivers: threads per target and when a failing request is retried, parked or dead-lettered. */
    public SinkSettings sink() {
        return new SinkSettings(values.integer("sink.threads"), new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30),
                values.duration("sink.retry.max-time"), values.duration("sink.park.interval"), values.duration("sink.give-up-after")),
                values.bool("trail.enabled"));
    }

    public WebhookSettings webhooks() {
        return new WebhookSettings(values.bool("webhooks.enabled"), values.integer("webhooks.port"), values.string("webhooks.secret"));
    }

    /** What {@code shopsync check} (and {@code run} before it starts) compares with the live parts. */
    public PreflightSettings preflight() {
        boolean retailCrm = values.bool("retailcrm.enabled");
        boolean frontpad = values.bool("frontpad.enabled");
        WebhookSettings intake = webhooks();
        // Frontpad writes its error status and comment into the shop, RetailCRM its statuses (by history or trigger).
        boolean comeBack = frontpad || retailCrm && (values.bool("retailcrm.history.enabled") || intake.enabled());
        return new PreflightSettings(shop, values.integer("shop.server-id"), draftStatuses, values.string("cdc.snapshot-mode"), comeBack,
                retailCrm ? RetailCrmConfig.preflight(values) : null, frontpad ? FrontpadConfig.preflight(values) : null,
                new PreflightSettings.Webhooks(intake, values.configured("webhooks.port")));
    }

    /** Every target's sink settings; the disabled ones say so. */
    public List<TargetSettings> targetSettings() {
        return TargetConfig.ALL.stream().map(t -> t.sink(values)).toList();
    }

    /** The values by key, for this package only. */
    ConfigValues values() {
        return values;
    }

    @Override
    public String toString() {
        return Settings.ALL.stream()
                .map(s -> s.key() + "=" + (s.secret() && values.get(s.key()) != null && !values.get(s.key()).toString().isEmpty()
                        ? "****" : values.get(s.key())))
                .collect(Collectors.joining(", ", "ShopsyncConfig[", "]"));
    }

    /** Every problem found in a configuration, in one readable report. */
    public static final class InvalidConfig extends RuntimeException {
        private final List<String> problems;

        public InvalidConfig(List<String> problems) {
            super("invalid configuration:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
