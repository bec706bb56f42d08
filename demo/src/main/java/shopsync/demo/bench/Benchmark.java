package shopsync.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.app.runtime.ShopsyncRuntime.Role;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.SyncRequest;
import shopsync.events.Topic;
import shopsync.events.Topics;
import shopsync.events.kafka.KafkaClients;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * {@code shopsync bench}: measurements on the testkit (private MariaDB, embedded broker, RetailCRM emulator), all
 * on this machine. Each scenario prints one result line; {@code docs/benchmarks.md} records them.
 */
public final class Benchmark {
    /** System property: the classpath of {@code shopsync run} (the app jar and its runtime dependencies). */
    public static final String APP_CLASSPATH = "shopsync.app.classpath";
    private static final int WARM_UP_ORDERS = 2_000;
    private final PrintStream out;

    public Benchmark(PrintStream out) {
        this.out = out;
    }

    /**
     * Raw capture and end to end: {@code orders} orders (3 items each) are written while shopsync is stopped,
     * then it starts and catches up. Capture rate = row events/s into Kafka; end to end = orders/s into the CRM.
     * Both are measured after {@value #WARM_UP_ORDERS} orders went the same way (JIT compilation is not measured).
     */
    public void throughput(int orders) throws Exception {
        double captureOrdersPerSecond;
        try (Rig rig = new Rig(100_000)) {
            try (ShopsyncRuntime warm = ShopsyncRuntime.start(rig.config(10_000), EnumSet.of(Role.CONNECTOR))) {
                // The initial snapshot is done once an order comes through as a binlog event, not a snapshot read.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!warm.capture().streaming()) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("the capture did not start streaming");
                    rig.write(1);
                    LockSupport.parkNanos(500_000_000L);
                }
                long before = warm.capture().forwarded();
                rig.write(WARM_UP_ORDERS);
                waitFor(() -> warm.capture().forwarded() >= before + 7L * WARM_UP_ORDERS, Duration.ofMinutes(5));
            }
            out.printf("writing %d orders (3 items each) the miniShop2 way while shopsync is stopped…%n", orders);
            out.printf("shop writes: %.0f orders/s (two connections)%n", rig.write(orders));
            long events = 7L * orders;
            long t0 = System.nanoTime(); // the restarted connector resumes after the warm-up's events
            try (ShopsyncRuntime capture = ShopsyncRuntime.start(rig.config(10_000), EnumSet.of(Role.CONNECTOR))) {
                waitFor(() -> capture.capture().forwarded() >= events, Duration.ofMinutes(20));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            captureOrdersPerSecond = orders / seconds;
            out.printf("capture (binlog → Kafka, acknowledged): %d row events in %.1f s = %.0f events/s (%.0f orders/s)%n", events, seconds,
                    events / seconds, captureOrdersPerSecond);
        }
        try (Rig rig = new Rig(100_000)) {
            try (ShopsyncRuntime warm = ShopsyncRuntime.start(rig.config(10_000))) {
                rig.write(WARM_UP_ORDERS);
                waitFor(() -> rig.crm.orderCount("shop") == WARM_UP_ORDERS, Duration.ofMinutes(5));
            }
            rig.write(orders);
            long t0 = System.nanoTime();
            long startMs = System.currentTimeMillis();
            long readyMs;
            try (Arrivals<JsonNode> captured = new Arrivals<>(rig.kafka.bootstrapServers(), Topics.CDC_ORDERS, (key, row) -> key);
                 Arrivals<SyncRequest> requested = new Arrivals<>(rig.kafka.bootstrapServers(), Topics.RETAILCRM.syncTopic(),
                         (key, r) -> r.kind() == SyncRequest.Kind.ORDER_CREATE ? r.entityId() : null);
                 ShopsyncRuntime all = ShopsyncRuntime.start(rig.config(10_000))) {
                readyMs = (System.nanoTime() - t0) / 1_000_000;
                waitFor(() -> rig.crm.orderCount("shop") >= orders + WARM_UP_ORDERS, Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - t0) / 1e9;
                out.printf("end to end (all roles, unthrottled CRM): %d orders in %.1f s = %.0f orders/s, %.0f%% of the capture rate%n",
                        orders, seconds, orders / seconds, 100 * (orders / seconds) / captureOrdersPerSecond);
                out.printf("  last order captured after %.1f s, its request made after %.1f s, in the CRM after %.1f s%n",
                        (last(captured.firstSeen) - startMs) / 1e3, (last(requested.firstSeen) - startMs) / 1e3, seconds);
                out.printf("start to running: %d ms%n", readyMs);
            }
        }
    }

    /** Steady {@code perSecond} orders for {@code seconds}: commit (status leaves 0) → CRM receives orders/create. */
    public void latency(int perSecond, int seconds) throws Exception {
        try (Rig rig = new Rig(100_000);
             ShopsyncRuntime shopsync = ShopsyncRuntime.start(rig.config(1_000))) {
            // Warm up (JIT, connections, the initial snapshot) at the same pace for 10 s; not measured.
            int warmUp = perSecond * 10;
            rig.writePaced(warmUp, perSecond, new HashMap<>());
            waitFor(() -> rig.crm.orderCount("shop") >= warmUp, Duration.ofSeconds(60));
            Map<String, Long> committed = new ConcurrentHashMap<>();
            int total = perSecond * seconds;
            Map<String, Long> crm = new HashMap<>();
            try (Arrivals<JsonNode> captured = new Arrivals<>(rig.kafka.bootstrapServers(), Topics.CDC_ORDERS,
                    (key, row) -> row.path("source").path("table").asText().endsWith("ms2_orders") && row.path("after").path("status").asInt() == 1
                            ? key : null);
                 Arrivals<SyncRequest> requested = new Arrivals<>(rig.kafka.bootstrapServers(), Topics.RETAILCRM.syncTopic(),
                         (key, r) -> r.kind() == SyncRequest.Kind.ORDER_CREATE ? r.entityId() : null)) {
                rig.writePaced(total, perSecond, committed);
                waitFor(() -> rig.crm.orderCount("shop") >= warmUp + total, Duration.ofMinutes(5));
                rig.crm.created("order").forEach(c -> crm.put(c.externalId(), c.atMs()));
                out.printf("latency at %d orders/s for %d s (%d orders), from the shop's commit:%n", perSecond, seconds, committed.size());
                out.println("  captured (row in shop.cdc.orders)      " + percentiles(committed, captured.firstSeen));
                out.println("  processed (request in sync.retailcrm)  " + percentiles(committed, requested.firstSeen));
                out.println("  in the CRM (emulator received it)      " + percentiles(committed, crm));
            }

            List<Long> back = new ArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            List<String> ids = new ArrayList<>(committed.keySet()).subList(0, Math.min(100, committed.size()));
            for (String id : ids) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shopsync.sink().webhooks().port()
                        + "/webhooks/retailcrm/" + Rig.SECRET)).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("retailCRM_action=change_status&status=paid&order_id=" + id)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new IllegalStateException("webhook answered " + r.statusCode());
                long orderId = Long.parseLong(id);
                waitFor(() -> rig.shop.status(orderId) == 2, Duration.ofSeconds(30));
                back.add((System.nanoTime() - t0) / 1_000_000);
            }
            Collections.sort(back);
            out.printf("webhook → shop row updated (%d orders, one at a time): p50 %d ms, p99 %d ms%n", back.size(), pct(back, 50), pct(back, 99));
        }
    }

    /**
     * Backlog under the real limit: {@code orders} orders queue while the CRM is down; then it returns answering
     * 10 requests/s (503 beyond). Also: 10 status changes of one order during the outage.
     */
    public void drain(int orders) throws Exception {
        try (Rig rig = new Rig(10);
             ShopsyncRuntime shopsync = ShopsyncRuntime.start(rig.config(10))) {
            rig.write(1);
            waitFor(() -> rig.crm.orderCount("shop") == 1, Duration.ofSeconds(60));
            rig.crm.setDown(true);
            rig.write(1);
            long one = rig.lastOrder;
            for (int status : new int[] {2, 1, 2, 1, 2, 1, 2, 1, 2, 3}) rig.shop.changeStatus(one, status, 1); // UPDATE + log row each
            rig.write(orders - 1);
            long queuedOrders = orders;
            // The scenario: the backlog builds up in front of a CRM that stays down for a while.
            Thread.sleep(5_000);
            long t0 = System.nanoTime();
            rig.crm.setDown(false);
            waitFor(() -> rig.crm.orderCount("shop") >= queuedOrders + 1, Duration.ofMinutes(60));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long requestsForOne = rig.crm.calls().stream().filter(c -> c.status() < 500 && c.path().startsWith("/api/v5/orders/")
                    && mentions(c, String.valueOf(one))).count();
            out.printf("backlog drain at 10 requests/s: %d orders in %.1f s = %.1f orders/s (%.1f%% of the 500 orders/s bound); "
                            + "10 status changes of one order during the outage → %d accepted request(s) for it, status %s%n", queuedOrders, seconds,
                    queuedOrders / seconds, 100 * queuedOrders / seconds / 500, requestsForOne,
                    rig.crm.order("shop", String.valueOf(one)).path("status").asText());
        }
    }

    private static long last(Map<String, Long> times) {
        return times.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** p50/p95/p99/max of {@code at − from} over the keys both have. */
    private static String percentiles(Map<String, Long> from, Map<String, Long> at) {
        List<Long> d = new ArrayList<>();
        from.forEach((k, t0) -> {
            Long t = at.get(k);
            if (t != null) d.add(t - t0);
        });
        if (d.isEmpty()) return "(none)";
        Collections.sort(d);
        return String.format("p50 %4d ms  p95 %4d ms  p99 %4d ms  max %4d ms  (%d orders)", pct(d, 50), pct(d, 95), pct(d, 99),
                d.get(d.size() - 1), d.size());
    }

    /** When each key first shows up in a topic for a read_committed consumer (what the next stage can see). */
    private static final class Arrivals<V> implements AutoCloseable {
        final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        private final Thread reader;
        private volatile boolean stop;

        /** @param keyOf the key to note a record under, or null to ignore it */
        Arrivals(String bootstrapServers, Topic<String, V> topic, java.util.function.BiFunction<String, V, String> keyOf) {
            KafkaConsumer<String, V> consumer = KafkaClients.topicReader(bootstrapServers, topic);
            List<TopicPartition> partitions = KafkaClients.assignAll(consumer, topic.name());
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            reader = new Thread(() -> {
                try (consumer) {
                    while (!stop) {
                        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(50))) {
                            long now = System.currentTimeMillis();
                            String key = r.value() == null ? null : keyOf.apply(r.key(), r.value());
                            if (key != null) firstSeen.putIfAbsent(key, now);
                        }
                    }
                }
            }, "bench-arrivals-" + topic.name());
            reader.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            reader.join();
        }
    }

    /**
     * {@code shopsync run} as its own process (embedded broker included, JVM options {@code javaOptions}) while the
     * shop takes {@code orders} orders: its resident memory (RSS) and heap once they are all in the CRM. The process
     * runs on the application's own runtime classpath ({@value #APP_CLASSPATH}, set by {@code ./shopsync bench}), not
     * this module's, which also carries the test kit.
     */
    public void memory(int orders, String javaOptions) throws Exception {
        String appClasspath = System.getProperty(APP_CLASSPATH);
        if (appClasspath == null || appClasspath.isBlank()) {
            throw new IllegalStateException("the memory scenario needs -D" + APP_CLASSPATH + "=<app jar>:<app/target/lib/*>; "
                    + "./shopsync bench sets it");
        }
        try (Rig rig = new Rig(100_000)) {
            int opsPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                opsPort = s.getLocalPort();
            }
            Path config = rig.home.resolve("shopsync.yml");
            Files.writeString(config, """
                    shop: {host: %s, port: %d, database: %s, user: %s, password: %s}
                    kafka: {data-dir: %s, embedded-port: 0, instance-id: bench}
                    processor: {state-dir: %s}
                    ops: {port: %d}
                    retailcrm:
                      url: %s
                      api-key: bench-key
                      site: shop
                      rate-limit: 10000
                      history: {enabled: false}
                      mapping:
                        statuses: {1: new, 2: paid, 3: send-to-delivery, 4: cancel-other}
                        deliveries: {1: self-delivery}
                        payments: {1: cash}
                    """.formatted(rig.db.host(), rig.db.port(), PrivateMariaDb.DATABASE, PrivateMariaDb.CDC_USER,
                    PrivateMariaDb.CDC_PASSWORD, rig.home.resolve("kafka"), rig.home.resolve("streams"), opsPort, rig.crm.url()));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (!javaOptions.isBlank()) cmd.addAll(List.of(javaOptions.trim().split("\\s+")));
            cmd.addAll(List.of("-cp", appClasspath, "shopsync.app.Main", "run", "--config", config.toString()));
            Path log = rig.home.resolve("shopsync-run.log");
            Process run = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long t0 = System.nanoTime();
                HttpClient http = HttpClient.newHttpClient();
                waitFor(() -> get(http, opsPort, "/health").startsWith("200"), Duration.ofSeconds(60));
                out.printf("shopsync run (%s): healthy %d ms after the process started%n", javaOptions.isBlank() ? "JVM defaults" : javaOptions,
                        (System.nanoTime() - t0) / 1_000_000);
                int written = 0;
                while (written < orders) {
                    int chunk = Math.min(10_000, orders - written);
                    rig.write(chunk);
                    written += chunk;
                    int target = written;
                    waitFor(() -> rig.crm.orderCount("shop") >= target - 2_000, Duration.ofMinutes(30)); // a bounded backlog
                    out.printf("  %,d orders written, %,d in the CRM; RSS %s%n", written, rig.crm.orderCount("shop"), rss(run.pid()));
                }
                waitFor(() -> rig.crm.orderCount("shop") >= orders, Duration.ofMinutes(30));
                String metrics = get(http, opsPort, "/metrics");
                out.printf("memory after %,d orders: RSS %s (peak %s); heap used %d MiB of %d MiB committed; non-heap %d MiB%n", orders,
                        rss(run.pid()), status(run.pid(), "VmHWM"), metric(metrics, "jvm_memory_used_bytes{area=\"heap\"") >> 20,
                        metric(metrics, "jvm_memory_committed_bytes{area=\"heap\"") >> 20,
                        metric(metrics, "jvm_memory_used_bytes{area=\"nonheap\"") >> 20);
            } finally {
                run.destroy();
                if (!run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) run.destroyForcibly();
            }
        }
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "down";
        }
    }

    /** Sum of a Prometheus metric's samples whose line starts with {@code prefix} (all memory pools of an area). */
    private static long metric(String scrape, String prefix) {
        return (long) scrape.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String rss(long pid) {
        return status(pid, "VmRSS");
    }

    /** A line of /proc/{pid}/status, in MiB. */
    private static String status(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field + ":"))
                    .map(l -> (Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10) + " MiB").findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    /** The request carries that order, alone or in an upload. */
    private static boolean mentions(RetailCrmEmulator.Call c, String externalId) {
        JsonNode one = c.json("order");
        if (one != null) return one.path("externalId").asText().equals(externalId);
        JsonNode many = c.json("orders");
        if (many == null) return false;
        for (JsonNode o : many) if (o.path("externalId").asText().equals(externalId)) return true;
        return false;
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }



    private static void waitFor(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("not reached within " + timeout);
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** MariaDB, broker, emulator and a catalogue, plus writers that place orders the miniShop2 way. */
    private static final class Rig implements AutoCloseable {
        static final String SECRET = "bench-webhook-secret-000";
        final PrivateMariaDb db = PrivateMariaDb.start();
        final EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
        final RetailCrmEmulator crm = RetailCrmEmulator.start("bench-key");
        final ShopFixture shop = ShopFixture.connect(db);
        final Path home;
        final List<Long> products = new ArrayList<>();
        final long customer;
        volatile long lastOrder;

        Rig(int crmRequestsPerSecond) throws Exception {
            crm.setRequestsPerSecond(crmRequestsPerSecond);
            home = Files.createTempDirectory("shopsync-bench-");
            for (int i = 0; i < 20; i++) products.add(shop.addProduct("B-" + i, "Товар " + i, new BigDecimal("100.00"), new BigDecimal("0.200")));
            customer = shop.newCustomer(new ShopFixture.Customer("bench@example.com", "Bench", "+79000000000"));
        }

        ShopsyncConfig config(int rateLimit) {
            return ShopsyncConfig.of(Map.ofEntries(
                    Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                    Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                    Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD), Map.entry("ops.port", 0),
                    Map.entry("kafka.bootstrap-servers", kafka.bootstrapServers()), Map.entry("kafka.instance-id", "bench"),
                    Map.entry("processor.state-dir", home.resolve("streams").toString()),
                    Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", "bench-key"), Map.entry("retailcrm.site", "shop"),
                    Map.entry("retailcrm.rate-limit", rateLimit), Map.entry("retailcrm.history.enabled", false),
                    Map.entry("sink.threads", 8),
                    Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery", "4", "cancel-other")),
                    Map.entry("retailcrm.mapping.deliveries", Map.of("1", "self-delivery")),
                    Map.entry("retailcrm.mapping.payments", Map.of("1", "cash")),
                    Map.entry("webhooks.enabled", true), Map.entry("webhooks.port", 0), Map.entry("webhooks.secret", SECRET)));
        }

        /** Places {@code n} orders as fast as two writer connections go; returns orders/s. */
        double write(int n) throws Exception {
            long t0 = System.nanoTime();
            ExecutorService writers = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int count = n / 2 + (w == 0 ? n % 2 : 0);
                done.add(writers.submit(() -> {
                    try (ShopFixture own = ShopFixture.connect(db)) {
                        for (int i = 0; i < count; i++) lastOrder = own.placeOrder(customer, order(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            writers.shutdown();
            return n / ((System.nanoTime() - t0) / 1e9);
        }

        /** Places orders at a steady pace and records when each became complete (status left 0). */
        void writePaced(int n, int perSecond, Map<String, Long> committed) {
            long interval = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long id = shop.placeOrder(customer, order(i));
                committed.put(String.valueOf(id), System.currentTimeMillis());
                next += interval;
                LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
            }
        }

        ShopFixture.Order order(int i) {
            return new ShopFixture.Order(1, 1, BigDecimal.ZERO, null, new ShopFixture.Address("Bench", "+79000000000", "bench@example.com",
                    null, null, null, "Москва", null, "Тверская", "1", null, null, null, null, null),
                    List.of(new ShopFixture.Item(products.get(i % 20), "Товар", 1, new BigDecimal("100.00"), new BigDecimal("0.200")),
                            new ShopFixture.Item(products.get((i + 1) % 20), "Товар", 2, new BigDecimal("100.00"), new BigDecimal("0.200")),
                            new ShopFixture.Item(products.get((i + 2) % 20), "Товар", 1, new BigDecimal("100.00"), new BigDecimal("0.200"))));
        }

        @Override
        public void close() throws Exception {
            shop.close();
            crm.close();
            kafka.close();
            db.close();
        }
    }
}
