package shopsync.connector.writeback;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.connector.Backoff;
import shopsync.events.RetryPolicy;
import shopsync.events.ShopCommand;
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.events.TrailEntry;
import shopsync.events.kafka.AckedProducer;
import shopsync.events.kafka.KafkaClients;

/**
 * Applies {@code shop.commands} to the shop the way miniShop2 changes a status: in one transaction,
 * {@code UPDATE ms2_orders SET status} plus an {@code ms2_order_logs} row ({@code action='status'}), with
 * prepared statements and miniShop2's rules ({@link StatusRules}). Every command ends in {@code sync.results}
 * (applied, already so, or refused with the reason), and in the order's trail; the offset is committed after that.
 * While the database is unreachable the command is retried, never skipped.
 */
public final class StatusWriteBack implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusWriteBack.class);
    private static final RetryPolicy DATABASE_DOWN = RetryPolicy.forever(Duration.ofMillis(200), Duration.ofSeconds(30));

    private final WriteBackSettings settings;
    private final KafkaConsumer<String, ShopCommand> consumer;
    private final AckedProducer producer;
    private final Clock clock;
    private final Backoff backoff;
    private Connection connection;
    private volatile boolean stopping;

    /** @param random the jitter of the pauses while the shop database is unreachable */
    public StatusWriteBack(String bootstrapServers, String instanceId, WriteBackSettings settings, Clock clock,
                           RandomGenerator random) {
        if (!settings.tablePrefix().matches("[A-Za-z0-9_]*")) throw new IllegalArgumentException("table prefix must be [A-Za-z0-9_]*");
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(DATABASE_DOWN, clock, random);
        this.consumer = KafkaClients.groupConsumer(bootstrapServers, "shopsync-writeback", instanceId + "-writeback", Topics.SHOP_COMMANDS,
                Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis())));
        this.producer = new AckedProducer(bootstrapServers);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.SHOP_COMMANDS.name()));
            while (!stopping) {
                for (ConsumerRecord<String, ShopCommand> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && !applyUntilDone(record.value())) return;
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            if (!stopping) throw e;
        } finally {
            consumer.close();
            producer.close();
            closeConnection();
        }
    }

    /** Applies one command, retrying while the database is unreachable; false when stopped meanwhile. */
    private boolean applyUntilDone(ShopCommand command) {
        while (!stopping) {
            try {
                // The trail dates the write-back from before the shop's commit, so it precedes the row it captures next.
                long startedAtMs = clock.millis();
                String refusal = apply(command);
                backoff.succeeded();
                report(command, refusal, startedAtMs);
                return true;
            } catch (SQLException e) {
                closeConnection();
                Duration retryIn = backoff.failed();
                log.warn("order {}: shop database unavailable ({}); retry in {} ms", command.orderId(), e.getMessage(), retryIn.toMillis());
                pause(retryIn);
            }
        }
        return false;
    }

    /** @return null when the shop now has the status, else why miniShop2's rules refuse it */
    String apply(ShopCommand command) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        try {
            Integer current = currentStatus(c, command.orderId());
            if (current == null) {
                c.rollback();
                return "the shop has no order " + command.orderId();
            }
            if (command.keepsStatus() || current == command.status()) {
                if (command.appendComment() != null) appendComment(c, command);
                c.commit();
                return null; // nothing to change about the status, e.g. a command redelivered after a crash
            }
            Map<Integer, StatusRules.Status> statuses = statuses(c, current, command.status());
            String refusal = StatusRules.refusal(statuses.get(current), statuses.get(command.status()), command.status());
            if (refusal != null) {
                c.rollback();
                return refusal;
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE " + table("ms2_orders") + " SET status = ? WHERE id = ?");
                 PreparedStatement logRow = c.prepareStatement("INSERT INTO " + table("ms2_order_logs")
                         + " (user_id, order_id, timestamp, action, entry, ip) VALUES (?, ?, NOW(), 'status', ?, ?)")) {
                update.setInt(1, command.status());
                update.setLong(2, command.orderId());
                update.executeUpdate();
                logRow.setLong(1, settings.logUserId());
                logRow.setLong(2, command.orderId());
                logRow.setString(3, String.valueOf(command.status()));
                logRow.setString(4, "{\"ip\":\"shopsync\",\"suspected\":[],\"network\":[]}");
                logRow.executeUpdate();
            }
            if (command.appendComment() != null) appendComment(c, command);
            c.commit();
            log.info("order {}: status {} written ({})", command.orderId(), command.status(), command.reason());
            return null;
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the command is retried on a new one
            }
            throw e;
        }
    }

    private void appendComment(Connection c, ShopCommand command) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table("ms2_orders")
                + " SET order_comment = CONCAT_WS('\n', NULLIF(order_comment, ''), ?) WHERE id = ?")) {
            ps.setString(1, command.appendComment());
            ps.setLong(2, command.orderId());
            ps.executeUpdate();
        }
    }

    private Integer currentStatus(Connection c, long orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM " + table("ms2_orders") + " WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private Map<Integer, StatusRules.Status> statuses(Connection c, int from, int to) throws SQLException {
        Map<Integer, StatusRules.Status> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, active, final, fixed, `rank` FROM "
                + table("ms2_order_statuses") + " WHERE id IN (?, ?)")) {
            ps.setInt(1, from);
            ps.setInt(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getInt(1), new StatusRules.Status(rs.getInt(1), rs.getBoolean(2), rs.getBoolean(3),
                            rs.getBoolean(4), rs.getLong(5)));
                }
            }
        }
        return found;
    }

    private void report(ShopCommand command, String refusal, long startedAtMs) {
        if (refusal != null) log.warn("order {}: status {} from {} refused: {}", command.orderId(), command.status(), command.origin(), refusal);
        SyncResult result = new SyncResult(command.origin(), SyncResult.Kind.SHOP_STATUS, String.valueOf(command.orderId()),
                refusal == null ? SyncResult.Outcome.UPDATED : SyncResult.Outcome.REJECTED, null,
                refusal == null ? (command.keepsStatus() ? "manager comment added" : "shop status " + command.status())
                        : "shop refused status " + command.status() + ": " + refusal,
                command.eventTimeMs(), clock.millis());
        producer.send(Topics.SYNC_RESULTS, result.key(), result);
        if (settings.trail()) {
            String what = refusal != null ? "shop refused status " + command.status() + ": " + refusal
                    : command.keepsStatus() ? "manager comment added" : "shop status " + command.status() + " (" + command.reason() + ")";
            TrailEntry entry = TrailEntry.of(startedAtMs, result.entityId(), TrailEntry.CONNECTOR, TrailEntry.WRITE_BACK,
                    command.origin(), what);
            producer.sendBestEffort(Topics.TRAIL, entry.orderId(), entry);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || !connection.isValid(2)) {
            closeConnection();
            connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    private String table(String name) {
        return "`" + settings.tablePrefix() + name + "`";
    }

    private void pause(Duration d) {
        try {
            backoff.pause(d, () -> stopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }
}
