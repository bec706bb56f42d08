package shopsync.sink.frontpad;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import shopsync.events.Json;
import shopsync.events.SyncResult;
import shopsync.events.Topics;
import shopsync.events.kafka.KafkaClients;
import shopsync.sink.frontpad.FrontpadClient.FrontpadAnswer;
import shopsync.sink.inbound.InboundPublisher;

/**
 * FrontpadApi's article check, done where the data changes: when a product is created or its article
 * changes in the shop, the article is looked up in Frontpad's {@code get_products} list (fetched at most once an
 * hour, as Frontpad asks); an unknown article is logged, counted and recorded in {@code sync.results}, before an
 * order with it is rejected.
 */
public final class ArticleCheck implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArticleCheck.class);
    private static final Duration REFRESH = Duration.ofHours(1);

    private final FrontpadClient client;
    private final InboundPublisher results;
    private final String tablePrefix;
    private final KafkaConsumer<String, JsonNode> consumer;
    private final Clock clock;
    private final AtomicLong unknown = new AtomicLong();
    private Set<String> articles = Set.of();
    private long fetchedAtMs;
    private volatile boolean stopping;

    public ArticleCheck(String bootstrapServers, String instanceId, FrontpadClient client, InboundPublisher results, String tablePrefix,
                        Clock clock) {
        this.clock = clock;
        this.client = client;
        this.results = results;
        this.tablePrefix = tablePrefix;
        // A check that is missed or repeated after a crash costs one warning, not an order: offsets commit
        // themselves. The capture writes shop.cdc.catalog without transactions, so read_committed would add nothing.
        consumer = KafkaClients.groupConsumer(bootstrapServers, "shopsync-frontpad-articles", instanceId + "-frontpad-articles",
                Topics.CDC_CATALOG, Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));
    }

    /** Unknown articles found since start. */
    public long unknownArticles() {
        return unknown.get();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.CDC_CATALOG.name()));
            while (!stopping) {
                for (ConsumerRecord<String, JsonNode> r : consumer.poll(Duration.ofMillis(500))) check(r.value());
            }
        } catch (WakeupException e) {
            if (!stopping) throw e;
        } finally {
            consumer.close();
        }
    }

    void check(JsonNode envelope) {
        if (envelope == null || !(tablePrefix + "ms2_products").equals(Json.text(envelope.path("source"), "table"))) return;
        String op = envelope.path("op").asText();
        String article = Json.text(envelope.path("after"), "article");
        boolean changed = op.equals("c") || (op.equals("u") && !Objects.equals(article, Json.text(envelope.path("before"), "article")));
        if (!changed || article == null) return;
        if (known(article)) return;
        String product = envelope.path("after").path("id").asText();
        unknown.incrementAndGet();
        log.warn("frontpad: product {} has article '{}', which Frontpad does not know; orders with it will be rejected", product, article);
        results.recordResult(new SyncResult(Topics.FRONTPAD.name(), SyncResult.Kind.PRODUCT_ARTICLE, product, SyncResult.Outcome.REJECTED, null,
                "article '" + article + "' is not in Frontpad's products", 0, clock.millis()));
    }

    private boolean known(String article) {
        if (articles.contains(article)) return true;
        if (clock.millis() - fetchedAtMs < REFRESH.toMillis()) return false;
        FrontpadAnswer answer = client.call("get_products", Json.object());
        if (!answer.success()) {
            log.warn("frontpad get_products failed: {}; article '{}' not checked", answer.error(), article);
            return true;
        }
        Set<String> fresh = new HashSet<>();
        answer.body().path("product_id").forEach(a -> fresh.add(a.asText()));
        articles = fresh;
        fetchedAtMs = clock.millis();
        return articles.contains(article);
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
    }
}
