package shopsync.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * {@code shopsync demo}: everything on this machine, no configuration. A generator places orders and moves
 * them through statuses the way miniShop2 does; every two seconds a summary line says how many reached the
 * sandbox RetailCRM and whether their statuses agree with the shop.
 */
public final class Demo {
    static final String API_KEY = "demo-api-key";
    static final Map<Integer, String> STATUS_CODES = Map.of(1, "new", 2, "paid", 3, "send-to-delivery", 4, "cancel-other");

    private final double ordersPerSecond;
    private final PrintStream out;
    private final Random random = new Random(42);
    private final Map<Long, Integer> shopStatus = new ConcurrentHashMap<>();
    /** Buyers who left at checkout: the shop created their user, RetailCRM gets them as customers without an order. */
    private final AtomicInteger abandoned = new AtomicInteger();

    public Demo(double ordersPerSecond, PrintStream out) {
        this.ordersPerSecond = ordersPerSecond;
        this.out = out;
    }

    public int run(Duration limit) throws Exception {
        Path home = Files.createTempDirectory("shopsync-demo-");
        out.println("shopsync demo: starting a private MariaDB, an embedded Kafka broker and the RetailCRM emulator…");
        try (PrivateMariaDb db = PrivateMariaDb.start();
             RetailCrmEmulator crm = RetailCrmEmulator.start(API_KEY);
             ShopFixture shop = ShopFixture.connect(db)) {
            ShopsyncConfig config = ShopsyncConfig.of(Map.ofEntries(
                    Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                    Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                    Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD),
                    Map.entry("kafka.data-dir", home.resolve("kafka").toString()), Map.entry("kafka.embedded-port", 0), Map.entry("ops.port", 0),
                    Map.entry("kafka.partitions", 1),
                    Map.entry("processor.state-dir", home.resolve("streams").toString()),
                    Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", API_KEY),
                    Map.entry("retailcrm.site", "shop"),
                    Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery", "4", "cancel-other")),
                    Map.entry("retailcrm.mapping.deliveries", Map.of("1", "self-delivery", "2", "courier")),
                    Map.entry("retailcrm.mapping.payments", Map.of("1", "cash", "2", "bank-card"))));
            List<Long> products = catalog(shop);
            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(config)) {
                out.printf("shopsync demo: sandbox RetailCRM at %s (site 'shop'); placing %.1f order(s)/s. Ctrl-C stops.%n",
                        crm.url(), ordersPerSecond);
                out.printf("shopsync demo: console at http://127.0.0.1:%d/console (read-only: no ops.token)%n", shopsync.opsPort());
                ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
                CountDownLatch done = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
                timers.scheduleAtFixedRate(() -> step(shop, products), 0, Math.max(1, (long) (1000 / ordersPerSecond)),
                        TimeUnit.MILLISECONDS);
                timers.scheduleAtFixedRate(() -> out.println(summary(crm)), 2, 2, TimeUnit.SECONDS);
                if (limit == null) done.await();
                else done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
                timers.shutdownNow();
                out.println(summary(crm));
            }
        }
        return 0;
    }

    private List<Long> catalog(ShopFixture shop) {
        shop.addDelivery("Курьер");
        shop.addPayment("Банковская карта");
        List<Long> ids = new ArrayList<>();
        String[][] items = {{"TEA-01", "Чай улун", "450.00"}, {"CUP-02", "Чашка фарфоровая", "890.50"},
                {"POT-03", "Чайник глиняный", "2350.00"}, {"SET-04", "Набор пуэров", "3100.00"}};
        for (String[] i : items) ids.add(shop.addProduct(i[0], i[1], new BigDecimal(i[2]), new BigDecimal("0.350")));
        return ids;
    }

    /** One generator tick: usually a new checkout, sometimes a manager moving an order on, now and then an abandoned cart. */
    private void step(ShopFixture shop, List<Long> products) {
        try {
            int dice = random.nextInt(10);
            if (dice < 3 && !shopStatus.isEmpty()) {
                Long orderId = shopStatus.keySet().stream().skip(random.nextInt(shopStatus.size())).findFirst().orElseThrow();
                int next = Math.min(shopStatus.get(orderId) + 1, 3);
                if (next != shopStatus.get(orderId)) {
                    shop.changeStatus(orderId, next, 1);
                    shopStatus.put(orderId, next);
                }
                return;
            }
            int n = shopStatus.size() + 1;
            // miniShop2 creates the buyer's user from the checkout form: the same name, e-mail and phone as the order's.
            String email = "buyer" + n + "-" + System.nanoTime() + "@example.com";
            long user = shop.newCustomer(new ShopFixture.Customer(email, "Покупатель " + n, "+7900" + String.format("%07d", n)));
            long product = products.get(random.nextInt(products.size()));
            ShopFixture.Order order = new ShopFixture.Order(1 + random.nextInt(2), 1 + random.nextInt(2), new BigDecimal("300.00"),
                    null, new ShopFixture.Address("Покупатель " + n, "+7900" + String.format("%07d", n), email, "Россия",
                    "101000", "Москва", "Москва", null, "Мясницкая", String.valueOf(n), null, null, null, "Позвонить заранее", null),
                    List.of(new ShopFixture.Item(product, "Товар " + product, 1 + random.nextInt(3), new BigDecimal("450.00"),
                            new BigDecimal("0.350"))));
            if (dice == 9) {
                shop.abandonOrder(user, order);
                abandoned.incrementAndGet();
            } else {
                shopStatus.put(shop.placeOrder(user, order), 1);
            }
        } catch (RuntimeException e) {
            out.println("generator: " + e.getMessage());
        }
    }

    private String summary(RetailCrmEmulator crm) {
        int inSync = 0;
        int inCrm = 0;
        for (var e : shopStatus.entrySet()) {
            ObjectNode order = crm.order("shop", String.valueOf(e.getKey()));
            if (order == null) continue;
            inCrm++;
            if (STATUS_CODES.get(e.getValue()).equals(order.path("status").asText())) inSync++;
        }
        // Every demo buyer is new: what RetailCRM is asked to create them (the customer, and the order unless they left).
        long creating = crm.calls().stream().filter(c -> c.path().startsWith("/api/v5/customers/")
                || c.path().equals("/api/v5/orders/create") || c.path().equals("/api/v5/orders/upload")).count();
        int buyers = inCrm + abandoned.get();
        return String.format(Locale.ROOT, "%s  orders placed: %d | in RetailCRM: %d | status in sync: %d | CRM requests: %d | "
                        + "per new customer and first order: %.1f", Instant.now().toString().substring(11, 19), shopStatus.size(), inCrm,
                inSync, crm.calls().size(), buyers == 0 ? 0.0 : (double) creating / buyers);
    }
}
