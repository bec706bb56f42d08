package shopsync.demo.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import shopsync.app.config.ShopsyncConfig;
import shopsync.broker.EmbeddedKafka;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/** MariaDB, broker, emulator and a catalogue, plus writers that place orders the miniShop2 way. */
final class BenchRig implements AutoCloseable {
    static final String SECRET = "bench-webhook-secret-000";
    final PrivateMariaDb db = PrivateMariaDb.start();
    final EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
    final RetailCrmEmulator crm = RetailCrmEmulator.start("bench-key");
    final ShopFixture shop = ShopFixture.connect(db);
    final Path home;
    final List<Long> products = new ArrayList<>();
    final long customer;
    volatile long lastOrder;

    BenchRig(int crmRequestsPerSecond) throws Exception {
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

    static void waitFor(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("not reached within " + timeout);
            LockSupport.parkNanos(2_000_000);
        }
    }
}
