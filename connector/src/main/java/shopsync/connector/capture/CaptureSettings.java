package shopsync.connector.capture;

import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import shopsync.events.Topics;

/** What the capture needs to know about the shop database and the broker. */
public record CaptureSettings(String host, int port, String database, String user, String password, String tablePrefix,
                              long serverId, String bootstrapServers, int pollIntervalMs, String snapshotMode) {

    public CaptureSettings(String host, int port, String database, String user, String password, String tablePrefix,
                           long serverId, String bootstrapServers, int pollIntervalMs) {
        this(host, port, database, user, password, tablePrefix, serverId, bootstrapServers, pollIntervalMs, "initial");
    }

    /**
     * The initial snapshot reads tables in this order. Reference data, the catalog and customers come first, and an
     * order's own row comes after its address and items, so a snapshotted order is complete when its row arrives. The
     * msOptionsPrice2 tables ({@code msop_*}) are read where the shop has them, and simply absent where it has not.
     */
    static final List<String> TABLES = List.of("ms2_order_statuses", "ms2_deliveries", "ms2_payments", "ms2_vendors",
            "site_content", "ms2_products", "msop_modifications", "msop_modification_options",
            "users", "user_attributes", "ms2_order_addresses", "ms2_order_products", "ms2_order_logs", "ms2_orders");

    /**
     * The tables of {@link #TABLES} that belong to an extra many shops never installed (msOptionsPrice2). Debezium reads a
     * name that matches no table as nothing, at start and in a resnapshot alike ({@code ShopWithoutModificationsCaptureTest}),
     * so only the check before the start needs to tell them apart.
     */
    static final List<String> OPTIONAL_TABLES = List.of("msop_modifications", "msop_modification_options");

    /**
     * Columns never read into Kafka: password hashes and session data have no business in a CRM, and page texts
     * (every page of the site is a {@code site_content} row) would only make the catalog's rows large.
     */
    private static final List<String> EXCLUDED_COLUMNS = List.of("users.password", "users.cachepwd", "users.salt",
            "users.session_stale", "users.remote_data", "user_attributes.sessionid",
            "site_content.content", "site_content.introtext", "site_content.description", "site_content.properties",
            "ms2_vendors.description", "ms2_vendors.address", "ms2_vendors.properties", "msop_modifications.description");

    public static final String TOPIC_PREFIX = "shopsync";
    public static final String OFFSETS_TOPIC = "shopsync.cdc.offsets";
    public static final String SCHEMA_HISTORY_TOPIC = "shopsync.cdc.schema-history";

    /**
     * Debezium properties. The engine name and topic prefix are part of the stored offset key: changing
     * them would start a new full snapshot, so they are constants.
     */
    Properties debeziumProperties() {
        Properties p = new Properties();
        p.setProperty("name", "shopsync-cdc");
        p.setProperty("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        p.setProperty("topic.prefix", TOPIC_PREFIX);
        p.setProperty("database.hostname", host);
        p.setProperty("database.port", String.valueOf(port));
        p.setProperty("database.user", user);
        p.setProperty("database.password", password);
        p.setProperty("database.server.id", String.valueOf(serverId));
        p.setProperty("database.include.list", database);
        p.setProperty("table.include.list", TABLES.stream()
                .map(t -> quote(database) + "\\." + quote(tablePrefix + t)).collect(Collectors.joining(",")));
        p.setProperty("column.exclude.list", EXCLUDED_COLUMNS.stream()
                .map(c -> quote(database) + "\\." + quote(tablePrefix) + quote(c)).collect(Collectors.joining(",")));
        p.setProperty("snapshot.mode", snapshotMode);
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("include.schema.changes", "false");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("converter.schemas.enable", "false");
        p.setProperty("poll.interval.ms", String.valueOf(pollIntervalMs));
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", OFFSETS_TOPIC);
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", "1");
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
        p.setProperty("schema.history.internal.kafka.topic", SCHEMA_HISTORY_TOPIC);
        p.setProperty("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
        p.setProperty("record.processing.threads", "1");
        // The engine's queue between the binlog reader and forward(): 8,192 records and batches of 2,048 by
        // default, each record a parsed row with its schema. Half of that still fills a batch per poll while the
        // capture catches up, and halves what it may hold on the heap (docs/operations.md, Memory).
        p.setProperty("max.queue.size", "4096");
        p.setProperty("max.batch.size", "1024");
        // Ad-hoc snapshots (shopsync resnapshot) are requested through a Kafka topic: nothing is added to the shop's database.
        p.setProperty("signal.enabled.channels", "kafka");
        p.setProperty("signal.kafka.topic", Topics.CDC_SIGNALS.name());
        p.setProperty("signal.kafka.bootstrap.servers", bootstrapServers);
        p.setProperty("signal.kafka.groupId", "shopsync-cdc-signals");
        // Debezium polls the signal topic every 5 s, by default with a zero timeout: each poll then took one step of the
        // consumer's setup (coordinator, committed offset, fetch), and the first resnapshot began 44 s after it was asked
        // for. A poll that may wait a second does the setup at once: 0.1 and 3.2 s measured (ShopWithoutModificationsCaptureTest).
        p.setProperty("signal.kafka.poll.timeout.ms", "1000");
        return p;
    }

    private static String quote(String s) {
        return s.replace(".", "\\.");
    }

    @Override
    public String toString() {
        return "CaptureSettings[" + user + "@" + host + ":" + port + "/" + database + ", prefix=" + tablePrefix + "]";
    }
}
