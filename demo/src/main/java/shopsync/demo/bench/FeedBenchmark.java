package shopsync.demo.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.app.runtime.ShopsyncRuntime.Role;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.CatalogEntry;
import shopsync.events.Topics;
import shopsync.events.kafka.KafkaClients;
import shopsync.testkit.RetailCrmEmulator;

/**
 * {@code shopsync bench --scenario feed}: the ICML feed of a large catalog, rendered by the sink role over HTTP as
 * RetailCRM fetches it. {@code offers} offers are written to {@code shopsync.catalog} the way the processor writes
 * them (products with four msOptionsPrice2 modifications each, so one product in five offers); then the feed is
 * fetched three times. Printed: how long the sink's local copy took to load, each render's time and size, and the
 * heap the process used above its idle level while rendering (sampled every 5 ms: an upper bound, garbage included).
 */
final class FeedBenchmark {
    private static final String SECRET = "bench-feed-secret-0000";
    private static final int OFFERS_PER_PRODUCT = 5;
    private final PrintStream out;

    FeedBenchmark(PrintStream out) {
        this.out = out;
    }

    void run(int offers) throws Exception {
        Path home = Files.createTempDirectory("shopsync-bench-feed-");
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary(); RetailCrmEmulator crm = RetailCrmEmulator.start("bench-key");
             ShopsyncRuntime sink = ShopsyncRuntime.start(config(kafka, crm, home), EnumSet.of(Role.SINK))) {
            int products = offers / OFFERS_PER_PRODUCT;
            long t0 = System.nanoTime();
            write(kafka.bootstrapServers(), products);
            String url = "http://127.0.0.1:" + sink.sink().webhooks().port() + "/catalog/retailcrm/" + SECRET + ".xml";
            HttpClient http = HttpClient.newHttpClient();
            BenchRig.waitFor(() -> status(http, url) == 200, Duration.ofMinutes(10));
            out.printf("catalog of %,d products = %,d offers written to %s and loaded by the sink's copy in %.1f s%n", products,
                    products * OFFERS_PER_PRODUCT, Topics.CATALOG.name(), (System.nanoTime() - t0) / 1e9);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long size = 0;
            for (int run = 1; run <= 3; run++) {
                System.gc();
                long idle = memory.getHeapMemoryUsage().getUsed();
                AtomicLong peak = new AtomicLong(idle);
                AtomicBoolean rendering = new AtomicBoolean(true);
                Thread sampler = new Thread(() -> {
                    while (rendering.get()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.start();
                midRenderLive.set(-1);
                long start = System.nanoTime();
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), countingBody(size / 2, memory));
                double seconds = (System.nanoTime() - start) / 1e9;
                rendering.set(false);
                sampler.join();
                size = bodyBytes.get();
                out.printf("render %d: HTTP %d, %,d bytes in %.2f s (%.0f offers/s); heap used above idle (%d MiB after a GC): at most %d MiB "
                        + "garbage included%s%n", run, r.statusCode(), size, seconds, products * OFFERS_PER_PRODUCT / seconds, idle >> 20,
                        (peak.get() - idle) >> 20, midRenderLive.get() < 0 ? "" : "; live after a GC half-way through the feed: "
                                + Math.max(0, midRenderLive.get() - idle) / 1024 + " KiB above idle");
            }
        }
    }

    private final AtomicLong bodyBytes = new AtomicLong();
    private final AtomicLong midRenderLive = new AtomicLong(-1);

    /**
     * Counts the body's bytes and keeps none of them (the client must not be what holds the feed in memory); once
     * {@code halfWay} bytes came (0: never), collects garbage and notes the live heap while the server is mid-feed.
     */
    private HttpResponse.BodyHandler<byte[]> countingBody(long halfWay, MemoryMXBean memory) {
        bodyBytes.set(0);
        return info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.fromSubscriber(
                new Flow.Subscriber<List<ByteBuffer>>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(List<ByteBuffer> buffers) {
                        long before = bodyBytes.get();
                        buffers.forEach(b -> bodyBytes.addAndGet(b.remaining()));
                        if (halfWay > 0 && before < halfWay && bodyBytes.get() >= halfWay) {
                            System.gc();
                            midRenderLive.set(memory.getHeapMemoryUsage().getUsed());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the status line says what went wrong
                    }

                    @Override
                    public void onComplete() {
                        // counted as it came
                    }
                }), ignored -> new byte[0]);
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The catalog as the processor would write it: 200 categories, 50 vendors, then the products. */
    private static void write(String bootstrapServers, int products) throws Exception {
        try (KafkaProducer<String, CatalogEntry> producer = KafkaClients.producer(bootstrapServers, Topics.CATALOG.valueSerde().serializer(),
                Map.of("linger.ms", "20", "batch.size", String.valueOf(256 * 1024)))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (long c = 1; c <= 200; c++) {
                acks.add(producer.send(new ProducerRecord<>(Topics.CATALOG.name(), CatalogEntry.categoryKey(c),
                        new CatalogEntry(null, new CatalogEntry.Category(c, c <= 20 ? 0 : c % 20 + 1, "Категория " + c), null))));
            }
            for (long v = 1; v <= 50; v++) {
                acks.add(producer.send(new ProducerRecord<>(Topics.CATALOG.name(), CatalogEntry.vendorKey(v),
                        new CatalogEntry(null, null, new CatalogEntry.Vendor(v, "Производитель " + v)))));
            }
            for (long p = 1; p <= products; p++) {
                long id = 1000 + p;
                List<CatalogEntry.Modification> mods = new ArrayList<>();
                for (long m = 1; m < OFFERS_PER_PRODUCT; m++) {
                    mods.add(new CatalogEntry.Modification(id * 10 + m, "Вариант " + m, new BigDecimal("1" + m + "90.00"), "ART-" + id + "-" + m,
                            new BigDecimal("0.250"), (int) (m * 3), Map.of("size", "S" + m)));
                }
                CatalogEntry.Product product = new CatalogEntry.Product(id, "Товар номер " + id, 21 + p % 180, "catalog/goods/item-" + id + ".html",
                        "ART-" + id, new BigDecimal("1490.00"), new BigDecimal("0.250"), (int) (p % 40), "/assets/images/products/" + id + "/main.jpg",
                        1 + p % 50, mods);
                acks.add(producer.send(new ProducerRecord<>(Topics.CATALOG.name(), CatalogEntry.productKey(id), new CatalogEntry(product, null, null))));
                if (acks.size() >= 5_000) {
                    for (Future<RecordMetadata> a : acks) a.get();
                    acks.clear();
                }
            }
            for (Future<RecordMetadata> a : acks) a.get();
        }
    }

    private static ShopsyncConfig config(EmbeddedKafka kafka, RetailCrmEmulator crm, Path home) {
        return ShopsyncConfig.of(Map.ofEntries(
                Map.entry("shop.database", "shop"), Map.entry("shop.user", "unused"), Map.entry("ops.port", 0),
                Map.entry("data-dir", home.toString()),
                Map.entry("kafka.bootstrap-servers", kafka.bootstrapServers()), Map.entry("kafka.instance-id", "bench-feed"),
                Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", "bench-key"), Map.entry("retailcrm.site", "shop"),
                Map.entry("retailcrm.history.enabled", false), Map.entry("retailcrm.offer-id", "modretailcrm"),
                Map.entry("retailcrm.catalog.secret", SECRET), Map.entry("retailcrm.catalog.site-url", "https://shop.example"),
                Map.entry("webhooks.enabled", true), Map.entry("webhooks.port", 0), Map.entry("webhooks.secret", "bench-webhook-secret-000")));
    }
}
