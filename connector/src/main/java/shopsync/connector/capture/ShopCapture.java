package shopsync.connector.capture;

import static shopsync.events.Json.parse;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.connector.Backoff;
import shopsync.events.RetryPolicy;
import shopsync.events.kafka.KafkaClients;

/**
 * Runs Debezium's embedded engine against the shop database and forwards every row event to its
 * {@code shop.cdc.*} topic. A batch is marked processed only after the broker acknowledged all of it, so a
 * crash replays events (downstream is idempotent) and never skips one. When the engine stops on an error
 * (database gone, broker gone) a new engine is started after a pause; offsets live in Kafka.
 */
public final class ShopCapture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShopCapture.class);
    private static final RetryPolicy RESTART = RetryPolicy.forever(Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final CaptureSettings settings;
    private final Backoff restarts;
    private final KafkaProducer<String, String> producer;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "shopsync-capture"));
    private final AtomicLong forwarded = new AtomicLong();
    private volatile DebeziumEngine<ChangeEvent<String, String>> engine;
    private volatile boolean stopping;
    private volatile boolean running;
    private volatile boolean started;
    private volatile String position;
    private volatile String fatal;
    private volatile boolean streaming;
    private volatile boolean snapshotDone;

    /** @param random the jitter of the pauses before an engine is restarted */
    public ShopCapture(CaptureSettings settings, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.restarts = new Backoff(RESTART, clock, random);
        // While the capture catches up, a 16 KiB batch (Kafka's default, about ten row events) filled long before the
        // 2 ms linger, so the broker took a produce request per ten rows; 128 KiB batches cost no latency (the linger
        // bounds it) and the broker far fewer requests.
        this.producer = KafkaClients.producer(settings.bootstrapServers(), new StringSerializer(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "2", ProducerConfig.CLIENT_ID_CONFIG, "shopsync-capture",
                        ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024));
    }

    public void start() {
        runner.execute(this::superviseEngine);
        log.info("capture started: {}", settings);
    }

    /** True while an engine is reading the binlog (false while it restarts or after a fatal stop). */
    public boolean running() {
        return running;
    }

    /** True once a binlog (not snapshot) event was forwarded: the initial snapshot is behind us. */
    public boolean streaming() {
        return streaming;
    }

    /**
     * True once the capture follows the binlog: a binlog event came, the snapshot's last row did (Debezium marks it
     * {@code source.snapshot: last}), or Debezium's binlog reader is connected (its streaming phase, which comes after
     * any snapshot: a restart on a quiet shop has no event to show it). What the shop commits from then on is news, not
     * a backfill.
     */
    public boolean following() {
        if (!streaming && !snapshotDone && binlogReaderConnected()) snapshotDone = true;
        return streaming || snapshotDone;
    }

    /** Debezium's streaming metrics (JMX, {@code Connected}): the binlog client of this capture is connected. */
    private static boolean binlogReaderConnected() {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName pattern = new ObjectName("debezium.*:type=connector-metrics,context=streaming,server="
                    + CaptureSettings.TOPIC_PREFIX + ",*");
            for (ObjectName name : jmx.queryNames(pattern, null)) {
                if (Boolean.TRUE.equals(jmx.getAttribute(name, "Connected"))) return true;
            }
        } catch (JMException notThere) {
            // no streaming metrics (yet): not connected
        }
        return false;
    }

    /** Binlog file:position of the last event forwarded, or null before the first. */
    public String position() {
        return position;
    }

    /** Why the capture stopped for good (e.g. its binlog position was purged), or null. */
    public String fatal() {
        return fatal;
    }

    /** Row events forwarded to Kafka since start. */
    public long forwarded() {
        return forwarded.get();
    }

    private void superviseEngine() {
        while (!stopping) {
            engine = DebeziumEngine.create(Json.class)
                    .using(settings.debeziumProperties())
                    .notifying(this::forward)
                    .using((success, message, error) -> {
                        if (success || stopping) return;
                        String why = message + (error == null ? "" : " " + error.getMessage());
                        if (why.contains("no longer available on the server")) {
                            fatal = "the shop's binlog no longer has the position the capture stopped at (purged while shopsync was "
                                    + "down). Changes in between cannot be read. Start once with cdc.snapshot-mode=when_needed to "
                                    + "re-read every row (CRM creates are idempotent), and keep binlog_expire_logs_seconds above the "
                                    + "longest outage.";
                            log.error("capture stopped: {}", fatal);
                        } else {
                            log.error("capture engine stopped: {}", message, error);
                        }
                    })
                    .using(new DebeziumEngine.ConnectorCallback() {
                        @Override
                        public void taskStarted() {
                            running = true;
                            started = true;
                        }

                        @Override
                        public void taskStopped() {
                            running = false;
                        }
                    })
                    .build();
            engine.run();
            running = false;
            if (stopping || fatal != null) return;
            if (started) restarts.succeeded(); // it ran: this is a new outage, not the same one going on
            started = false;
            Duration pause = restarts.failed();
            log.warn("capture engine ended; starting a new one in {} s", Math.round(pause.toMillis() / 1000.0));
            try {
                if (!restarts.pause(pause, () -> stopping)) return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void forward(List<ChangeEvent<String, String>> events,
                         DebeziumEngine.RecordCommitter<ChangeEvent<String, String>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (ChangeEvent<String, String> event : events) {
            if (event.value() == null) continue;
            var envelope = parse(event.value());
            position = envelope.path("source").path("file").asText() + ":" + envelope.path("source").path("pos").asText();
            if (!"r".equals(envelope.path("op").asText())) streaming = true;
            else if ("last".equals(envelope.path("source").path("snapshot").asText())) snapshotDone = true;
            for (CdcRoute route : CdcRoute.of(envelope, settings.tablePrefix())) {
                acks.add(producer.send(new ProducerRecord<>(route.topic().name(), route.key(), event.value())));
            }
        }
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("broker did not acknowledge a row event; the batch will be replayed", e.getCause());
            }
        }
        forwarded.addAndGet(acks.size());
        for (ChangeEvent<String, String> event : events) committer.markProcessed(event);
        committer.markBatchFinished();
    }

    @Override
    public void close() {
        stopping = true;
        try {
            if (engine != null) engine.close();
        } catch (Exception e) {
            log.warn("capture engine did not close cleanly", e);
        }
        runner.shutdown();
        try {
            runner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
