package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.broker.EmbeddedKafka;
import shopsync.events.DeadLetter;
import shopsync.events.Topics;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;
import shopsync.testkit.TopicProbe;

/**
 * The delivery guarantees under faults. Orders and status changes are written the miniShop2 way while the
 * RetailCRM emulator answers 20% of requests with 503, applies 5% but answers too late (client timeout), and
 * goes fully down for 20 s; the sink process is killed with SIGKILL twice and the broker is restarted once.
 * At the end every order in the CRM must equal the shop's (status, items, totals), created exactly once.
 *
 * <p>The suite runs 500 orders with two status changes each. The long run in {@code docs/reliability.md} is the
 * same test with {@code -Dchaos.orders=10000 -Dchaos.changes=3 -Dchaos.rate=50 -Dchaos.patience=1800}.
 */
class ChaosTest {
    static final String KEY = "chaos-key";
    static final Map<Integer, String> CODES = Map.of(1, "new", 2, "paid", 3, "send-to-delivery", 6, "assembling");

    @Test
    void everyOrderArrivesOnceAndEqualsTheShopDespiteFaults(@TempDir Path home) throws Exception {
        int orders = Integer.getInteger("chaos.orders", 500);
        int changes = Integer.getInteger("chaos.changes", 2);
        List<Integer> path = changes == 3 ? List.of(2, 6, 3) : List.of(2, 3);
        double ordersPerSecond = Double.parseDouble(System.getProperty("chaos.rate", "15"));
        Duration patience = Duration.ofSeconds(Long.getLong("chaos.patience", 150));
        long started = System.currentTimeMillis();
        try (PrivateMariaDb db = PrivateMariaDb.start();
             EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
             RetailCrmEmulator crm = RetailCrmEmulator.start(KEY);
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(200);
            crm.setChaos(0.20, 0.05, 2_500);
            List<Long> products = new ArrayList<>();
            for (int i = 0; i < 5; i++) products.add(shop.addProduct("SKU-" + i, "Товар " + i, new BigDecimal(100 + i * 50 + ".50"), new BigDecimal("0.250")));
            List<Long> customers = new ArrayList<>();
            for (int i = 0; i < 50; i++) customers.add(shop.newCustomer(new ShopFixture.Customer("c" + i + "@example.com", "Клиент " + i, "+7900100" + String.format("%04d", i))));
            if (changes == 3) addAssemblingStatus(db);
            Path config = config(home, db, kafka, crm);

            try (ShopsyncRuntime pipeline = ShopsyncRuntime.start(ShopsyncConfig.load(config, Map.of()),
                    EnumSet.of(ShopsyncRuntime.Role.CONNECTOR, ShopsyncRuntime.Role.PROCESSOR));
                 ShopsyncProcess sink = new ShopsyncProcess("sink", config, Path.of("target", "chaos-sink.log"))) {
                sink.start();
                long writeSeconds = (long) (orders / ordersPerSecond);
                ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
                faults.schedule(() -> restart(sink), writeSeconds / 6, TimeUnit.SECONDS);
                faults.schedule(() -> crm.setDown(true), writeSeconds / 3, TimeUnit.SECONDS);
                faults.schedule(kafka::restart, writeSeconds / 3 + 8, TimeUnit.SECONDS);
                faults.schedule(() -> crm.setDown(false), writeSeconds / 3 + 20, TimeUnit.SECONDS);
                faults.schedule(() -> restart(sink), writeSeconds / 3 + 25, TimeUnit.SECONDS);

                Map<Long, Integer> status = write(shop, customers, products, orders, ordersPerSecond, path);
                faults.shutdown();
                assertThat(faults.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
                long writtenAt = System.currentTimeMillis();

                Map<Long, ShopOrder> expected = shopOrders(db);
                assertThat(expected).hasSize(orders);
                await("every order in the CRM equal to the shop").atMost(patience).pollInterval(Duration.ofSeconds(1))
                        .until(() -> mismatches(crm, expected).isEmpty());

                Map<String, Long> creates = new HashMap<>();
                crm.created("order").forEach(c -> creates.merge(c.externalId(), 1L, Long::sum));
                long duplicates = creates.values().stream().filter(n -> n > 1).count();
                assertThat(duplicates).as("orders created more than once").isZero();
                assertThat(crm.orderCount("shop")).as("orders in the CRM").isEqualTo(orders);
                assertThat(status).hasSize(orders);
                try (TopicProbe<DeadLetter> dlq = new TopicProbe<>(kafka.bootstrapServers(), Topics.SYNC_DLQ)) {
                    assertThat(dlq.readToEnd()).as("nothing in this run deserves a dead letter").isEmpty();
                }
                System.out.printf("chaos: %d orders, %d status changes written; CRM requests %d (injected failures %d, "
                                + "while down: dropped); duplicates %d, lost %d; converged %.1f s after the last write, %.1f s in all%n",
                        orders, orders * path.size(), crm.calls().size(), crm.injectedFailures(), duplicates,
                        orders - crm.orderCount("shop"), (System.currentTimeMillis() - writtenAt) / 1000.0,
                        (System.currentTimeMillis() - started) / 1000.0);
            }
        }
    }

    /** A shop's own intermediate status ("assembling", rank 3, not fixed), as shops add them. */
    private static void addAssemblingStatus(PrivateMariaDb db) throws Exception {
        try (Connection c = db.appConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO modx_ms2_order_statuses (id, name, active, final, fixed, `rank`, editable) "
                    + "VALUES (6, 'В сборке', 1, 0, 0, 3, 1)");
        }
    }

    private static void restart(ShopsyncProcess sink) {
        try {
            sink.kill();
            sink.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Places orders at a steady pace; the k-th status of {@code path} is set 10·k orders later. */
    private static Map<Long, Integer> write(ShopFixture shop, List<Long> customers, List<Long> products, int orders, double perSecond,
                                            List<Integer> path) {
        Random random = new Random(11);
        List<Long> placed = new ArrayList<>();
        Map<Long, Integer> status = new ConcurrentHashMap<>();
        long interval = (long) (1_000_000_000L / perSecond);
        long next = System.nanoTime();
        for (int i = 0; i < orders + 10 * path.size(); i++) {
            if (i < orders) {
                long product = products.get(random.nextInt(products.size()));
                long id = shop.placeOrder(customers.get(random.nextInt(customers.size())), new ShopFixture.Order(1, 1,
                        new BigDecimal("300.00"), null, new ShopFixture.Address("Клиент", "+79001000000", null, null, null, null,
                        "Москва", null, "Тверская", "1", null, null, null, null, null),
                        List.of(new ShopFixture.Item(product, "Товар", 1 + random.nextInt(3), new BigDecimal("100.50"), new BigDecimal("0.250")))));
                placed.add(id);
                status.put(id, 1);
            }
            for (int k = 1; k <= path.size(); k++) {
                if (i >= 10 * k && i - 10 * k < orders) change(shop, status, placed.get(i - 10 * k), path.get(k - 1));
            }
            next += interval;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
        return status;
    }

    private static void change(ShopFixture shop, Map<Long, Integer> status, long order, int to) {
        shop.changeStatus(order, to, 1);
        status.put(order, to);
    }

    record ShopOrder(int status, BigDecimal cartCost, BigDecimal deliveryCost, Map<String, Integer> quantities) {}

    private static Map<Long, ShopOrder> shopOrders(PrivateMariaDb db) throws Exception {
        Map<Long, ShopOrder> out = new HashMap<>();
        try (Connection c = db.appConnection(); Statement s = c.createStatement()) {
            Map<Long, Map<String, Integer>> items = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT order_id, product_id, `count` FROM modx_ms2_order_products")) {
                while (rs.next()) items.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).merge(rs.getString(2), rs.getInt(3), Integer::sum);
            }
            try (ResultSet rs = s.executeQuery("SELECT id, status, cart_cost, delivery_cost FROM modx_ms2_orders")) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new ShopOrder(rs.getInt(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                            items.getOrDefault(rs.getLong(1), Map.of())));
                }
            }
        }
        return out;
    }

    private static List<Long> mismatches(RetailCrmEmulator crm, Map<Long, ShopOrder> expected) {
        List<Long> wrong = new ArrayList<>();
        expected.forEach((id, shop) -> {
            JsonNode o = crm.order("shop", String.valueOf(id));
            if (o == null || !CODES.get(shop.status()).equals(o.path("status").asText())) {
                wrong.add(id);
                return;
            }
            Map<String, Integer> quantities = new HashMap<>();
            BigDecimal total = BigDecimal.ZERO;
            for (JsonNode item : o.path("items")) {
                quantities.merge(item.path("offer").path("externalId").asText(), item.path("quantity").asInt(), Integer::sum);
                total = total.add(item.path("initialPrice").decimalValue().multiply(BigDecimal.valueOf(item.path("quantity").asInt())));
            }
            if (!quantities.equals(shop.quantities()) || total.compareTo(shop.cartCost()) != 0
                    || o.path("delivery").path("cost").decimalValue().compareTo(shop.deliveryCost()) != 0) {
                wrong.add(id);
            }
        });
        return wrong;
    }

    private static Path config(Path home, PrivateMariaDb db, EmbeddedKafka kafka, RetailCrmEmulator crm) throws Exception {
        return TestConfig.write(home.resolve("chaos.yml"), TestConfig.shop(db), TestConfig.externalKafka(kafka, home, "instance-id: chaos"), """
                sink: {threads: 8}
                retailcrm:
                  url: %s
                  api-key: %s
                  site: shop
                  rate-limit: 150
                  timeout-ms: 1500
                  history: {enabled: false}
                  mapping:
                    statuses: {1: new, 2: paid, 3: send-to-delivery, 4: cancel-other, 6: assembling}
                    deliveries: {1: self-delivery}
                    payments: {1: cash}
                """.formatted(crm.url(), KEY));
    }
}
