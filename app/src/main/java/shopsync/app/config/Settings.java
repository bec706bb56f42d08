package shopsync.app.config;

import static shopsync.app.config.Setting.Type.BOOL;
import static shopsync.app.config.Setting.Type.DURATION;
import static shopsync.app.config.Setting.Type.INT;
import static shopsync.app.config.Setting.Type.LIST;
import static shopsync.app.config.Setting.Type.STRING;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import shopsync.app.config.Setting.Check;

/** The declaration of every configuration key; {@code docs/configuration.md} is generated from it. */
public final class Settings {
    private static final List<Setting> COMMON = List.of(
            new Setting("shop.host", STRING, "127.0.0.1", false, "Shop database host (MariaDB/MySQL with binlog_format=ROW)."),
            new Setting("shop.port", INT, "3306", false, "Shop database port.").must(Check.port()),
            new Setting("shop.database", STRING, null, false, "Shop database (schema) name."),
            new Setting("shop.user", STRING, null, false,
                    "Database user with SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT."),
            new Setting("shop.password", STRING, "", true, "Password of shop.user."),
            new Setting("shop.table-prefix", STRING, "modx_", false, "MODX table prefix.").must(Check.identifier()),
            new Setting("shop.server-id", INT, "5401", false,
                    "Replication server id the capture uses; unique among the database's replicas.").must(Check.positive()),
            new Setting("shop.draft-statuses", LIST, "5,999", false,
                    "Shop status ids that mean draft (never forwarded), besides 0.").must(Check.statusIds()),
            new Setting("shop.weight-unit", STRING, "kg", false, "Unit of miniShop2 weights: kg or g (RetailCRM wants grams).").must(Check.oneOf("kg", "g")),
            new Setting("shop.writeback-user", STRING, "", false,
                    "Database user that writes CRM statuses into the shop (UPDATE on ms2_orders, INSERT on ms2_order_logs); "
                    + "empty: shop.user."),
            new Setting("shop.writeback-password", STRING, "", true, "Password of shop.writeback-user."),
            new Setting("shop.log-user-id", INT, "0", false, "user_id written into ms2_order_logs for statuses set by a CRM."),
            new Setting("cdc.poll-interval-ms", INT, "5", false,
                    "How long the capture collects binlog events before it hands them over (less when a batch is full); "
                    + "this is its latency.").must(Check.positive()),
            new Setting("cdc.snapshot-mode", STRING, "initial", false,
                    "initial: snapshot on the first start only; when_needed: also when the stored binlog position is gone.").must(Check.oneOf("initial", "when_needed")),
            new Setting("ops.port", INT, "8089", false,
                    "HTTP port of /health, /metrics (Prometheus), /status (shopsync status reads it) and the web console "
                    + "(/console); 0: any free port.").must(Check.port()),
            new Setting("ops.bind-address", STRING, "127.0.0.1", false,
                    "Address the ops port listens on: 127.0.0.1 keeps it on this machine; 0.0.0.0 (every interface) for a "
                    + "Prometheus or a console reached from elsewhere.").must(Check.localAddress()),
            new Setting("ops.token", STRING, "", true,
                    "Token the web console asks for before it acts (re-drive, resolve), at least 16 characters; empty: the "
                    + "console only shows.").must(Check.minLengthOrEmpty(16)),
            new Setting("ops.exit-after", DURATION, "15s", false,
                    "A role that cannot work (and will not recover by itself) this long ends the process with exit status 1, "
                    + "for its supervisor to restart it; /health says 503 at once."),
            new Setting("kafka.bootstrap-servers", STRING, "", false,
                    "Kafka brokers; empty starts an embedded single-node broker."),
            new Setting("data-dir", STRING, "~/.shopsync", false,
                    "Where shopsync keeps its data (embedded broker, processor state) unless kafka.data-dir / processor.state-dir "
                    + "say otherwise; never relative to the working directory (~ is the user's home)."),
            new Setting("kafka.data-dir", STRING, "", false,
                    "Data directory of the embedded broker; a restart resumes from it. Empty: <data-dir>/kafka."),
            new Setting("kafka.embedded-port", INT, "9092", false,
                    "Port of the embedded broker on 127.0.0.1 (0: any free port); shopsync dlq/replay reach it there.").must(Check.port()),
            new Setting("kafka.partitions", INT, "3", false, "Partitions of the topics shopsync creates.").must(Check.positive()),
            new Setting("kafka.replication-factor", INT, "1", false, "Replication factor of the topics shopsync creates.").must(Check.positive()),
            new Setting("kafka.instance-id", STRING, "", false,
                    "Stable name of this shopsync instance (static group membership: a restarted instance takes its "
                    + "partitions back at once); empty: the host name. Unique per instance."),
            new Setting("processor.state-dir", STRING, "", false,
                    "Kafka Streams state directory, tied to the broker it was built with (a different broker resets it). "
                    + "Empty: <data-dir>/streams."),
            new Setting("processor.threads", INT, "2", false,
                    "Kafka Streams threads; the topic partitions (kafka.partitions) are shared among them.").must(Check.positive()),
            new Setting("processor.commit-interval-ms", INT, "25", false,
                    "The longest a live change (a row committed moments ago, a webhook just received) waits in the "
                    + "processor for its exactly-once commit; bounds processor latency.").must(Check.positive()),
            new Setting("processor.backlog-commit-interval-ms", INT, "500", false,
                    "Kafka Streams commit interval, the pace of commits while the processor catches up on a backlog "
                    + "(older rows): fewer, larger transactions drain it faster.").must(Check.positive()),
            new Setting("processor.rocksdb-memory-mb", INT, "32", false,
                    "Off-heap memory (MiB) all of the processor's state stores share: one RocksDB block cache that also holds "
                    + "their write buffers, whatever kafka.partitions is.").must(Check.positive()),
            new Setting("smtp.host", STRING, "", false, "SMTP server for e-mails to the manager."),
            new Setting("smtp.port", INT, "25", false, "SMTP port.").must(Check.port()),
            new Setting("smtp.starttls", BOOL, "false", false, "Use STARTTLS."),
            new Setting("smtp.user", STRING, "", false, "SMTP user (empty: no authentication)."),
            new Setting("smtp.password", STRING, "", true, "SMTP password."),
            new Setting("smtp.from", STRING, "shopsync@localhost", false, "Sender address."),
            new Setting("smtp.to", STRING, "", false, "The manager's address."),
            new Setting("sink.threads", INT, "4", false,
                    "Requests in flight at once per CRM (one per order at most; the rate limit still applies).").must(Check.positive()),
            new Setting("sink.retry.max-time", DURATION, "2m", false,
                    "How long a failing request is retried with backoff (200 ms doubling, ±20% jitter, at most 30 s) before it is parked."),
            new Setting("sink.park.interval", DURATION, "1m", false, "How often a parked order is tried again."),
            new Setting("sink.give-up-after", DURATION, "24h", false,
                    "After this long of failures a request goes to sync.dlq (re-drive it with shopsync dlq redrive)."),
            new Setting("trail.enabled", BOOL, "true", false,
                    "Keep each order's trail (shopsync trail --order): every role writes what it did with the order to the "
                    + "topic shopsync.trail, asynchronously or in the processor's own transactions."),
            new Setting("trail.retention", DURATION, "7d", false,
                    "How long trail entries are kept, e.g. 7d or 48h (retention.ms of shopsync.trail, also set on an existing topic at start).")
                    .must(new Check("at least 1m", v -> ((Duration) v).toMinutes() >= 1)),
            new Setting("trail.max-entries", INT, "200", false,
                    "The latest entries of one order shopsync trail shows; older ones are counted, not shown.").must(Check.positive()),
            new Setting("webhooks.enabled", BOOL, "false", false, "Receive CRM triggers over HTTP (/webhooks/retailcrm)."),
            new Setting("webhooks.port", INT, "8088", false, "HTTP port of the webhook intake (0: any free port).").must(Check.port()),
            new Setting("webhooks.secret", STRING, "", true,
                    "Shared secret every webhook must carry (URL path or X-Shopsync-Token header); at least 16 characters."));

    /** Every key: the common ones, then each CRM target's own. */
    public static final List<Setting> ALL = Stream.concat(COMMON.stream(),
            TargetConfig.ALL.stream().flatMap(t -> t.settings().stream())).toList();

    private Settings() {}

    public static Setting get(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("undeclared setting " + key));
    }
}
