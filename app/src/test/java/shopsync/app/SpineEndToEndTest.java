package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * The spine as a shop owner sees it, on real parts: a private MariaDB written the way miniShop2 writes,
 * {@code shopsync run} as its own process with its embedded broker (killed with it), and the RetailCRM emulator.
 */
class SpineEndToEndTest {
    static final String KEY = "e2e-key-41c9";
    static final Duration PATIENCE = Duration.ofSeconds(90);

    static PrivateMariaDb db;
    static RetailCrmEmulator crm;
    static ShopFixture shop;
    static long tea;
    static long cup;

    @BeforeAll
    static void start() {
        db = PrivateMariaDb.start();
        crm = RetailCrmEmulator.start(KEY);
        crm.setRequestsPerSecond(50);
        shop = ShopFixture.connect(db);
        shop.addDelivery("Курьер");
        shop.addPayment("Банковская карта");
        tea = shop.addProduct("TEA-01", "Чай улун", new BigDecimal("450.00"), new BigDecimal("0.100"));
        cup = shop.addProduct("CUP-02", "Чашка", new BigDecimal("890.50"), new BigDecimal("0.300"));
    }

    @AfterAll
    static void stop() throws Exception {
        shop.close();
        crm.close();
        db.close();
    }

    @Test
    void ordersReachRetailCrmOnceAcrossSnapshotLiveChangesAndAKill(@TempDir Path home) throws Exception {
        long oldBuyer = shop.newCustomer(new ShopFixture.Customer("old@example.com", "Анна Смирнова", "+79000000001"));
        long oldOrder = shop.placeOrder(oldBuyer, order("Анна Смирнова", "+79000000001", "old@example.com"));

        try (ShopsyncProcess shopsync = new ShopsyncProcess(config(home), Path.of("target", "e2e-shopsync.log"))) {
            shopsync.start();
            await("the order that existed before the first start").atMost(PATIENCE)
                    .until(() -> crm.order("shop", id(oldOrder)) != null);

            long buyer = shop.newCustomer(new ShopFixture.Customer("ivan@example.com", "Иван Петров", "+79000000002"));
            long abandoned = shop.abandonOrder(buyer, order("Иван Петров", "+79000000002", "ivan@example.com"));
            long placed = shop.placeOrder(buyer, order("Иван Петров", "+79000000002", "ivan@example.com"));
            await("the new order").atMost(PATIENCE).until(() -> crm.order("shop", id(placed)) != null);

            assertCustomerCreatedBeforeItsOrder(buyer, placed);
            assertOrderAsInserted(crm.order("shop", id(placed)), placed, buyer);
            assertThat(customerCalls(buyer)).as("a new customer costs one request, though the customer stream and the order both send it")
                    .containsExactly("/api/v5/customers/create 201");

            shop.changeStatus(placed, ShopFixture.STATUS_PAID, 1);
            await("the status change and the payment").atMost(PATIENCE)
                    .until(() -> "paid".equals(crm.order("shop", id(placed)).path("status").asText())
                            && "paid".equals(crm.order("shop", id(placed)).path("payments").elements().next().path("status").asText()));
            RetailCrmEmulator.Call statusEdit = crm.calls("POST", "/api/v5/orders/" + placed + "/edit").get(0);
            assertThat(statusEdit.json("order").toString()).isEqualTo("{\"externalId\":\"" + placed + "\",\"status\":\"paid\"}");

            long twoSizes = shop.placeOrder(buyer, sameProductTwice("Петров Иван Сергеевич", "+79000000002", "ivan@example.com"));
            List<Long> lines = shop.lineIds(twoSizes);
            await("the order with one product on two lines").atMost(PATIENCE).until(() -> crm.order("shop", id(twoSizes)) != null);
            JsonNode created = crm.order("shop", id(twoSizes));
            assertThat(lines(created)).containsExactly(lines.get(0) + ":" + tea + "×1", lines.get(1) + ":" + tea + "×2");
            assertThat(created.path("lastName").asText() + "|" + created.path("firstName").asText() + "|"
                    + created.path("patronymic").asText()).isEqualTo("Петров|Иван|Сергеевич");
            shop.managerChangeLineCount(twoSizes, lines.get(1), 5);
            await("the edited line").atMost(PATIENCE)
                    .until(() -> lines(crm.order("shop", id(twoSizes))).contains(lines.get(1) + ":" + tea + "×5"));
            assertThat(lines(crm.order("shop", id(twoSizes)))).as("only the edited line changed")
                    .containsExactly(lines.get(0) + ":" + tea + "×1", lines.get(1) + ":" + tea + "×5");

            // One partition: everything before the status change has been processed, the abandoned order included.
            assertThat(crm.order("shop", id(abandoned))).as("an order left at status 0 never reaches the CRM").isNull();

            shopsync.kill();
            long whileDown = shop.placeOrder(buyer, order("Иван Петров", "+79000000002", "ivan@example.com"));
            shop.changeStatus(oldOrder, ShopFixture.STATUS_SENT, 1);
            shopsync.start();

            await("what happened while shopsync was dead").atMost(PATIENCE).until(() ->
                    crm.order("shop", id(whileDown)) != null
                            && "send-to-delivery".equals(crm.order("shop", id(oldOrder)).path("status").asText()));
            assertThat(crm.order("shop", id(placed)).path("status").asText()).isEqualTo("paid");
            assertThat(crm.calls("POST", "/api/v5/orders/" + placed + "/edit"))
                    .as("events replayed after the kill never set an older status again")
                    .noneMatch(c -> "new".equals(c.json("order").path("status").asText()));
            assertThat(crm.orders("shop")).extracting(o -> o.path("externalId").asText())
                    .containsExactlyInAnyOrder(id(oldOrder), id(placed), id(twoSizes), id(whileDown));
            for (long order : List.of(oldOrder, placed, whileDown)) {
                assertThat(successfulCreates(order)).as("orders/create succeeded once for order " + order).isEqualTo(1);
            }
            String payment = crm.order("shop", id(placed)).path("payments").fieldNames().next();
            assertThat(crm.calls()).filteredOn(c -> c.path().startsWith("/api/v5/orders/payments/"))
                    .as("the payment of the paid order was marked once, not again after the kill")
                    .extracting(RetailCrmEmulator.Call::path).containsExactly("/api/v5/orders/payments/" + payment + "/edit");
            System.out.printf("e2e: %d CRM requests, %d orders, %d customers in the CRM%n", crm.calls().size(),
                    crm.orders("shop").size(), crm.created("customer").size());
        }
    }

    /** The CRM calls about one customer, as {@code path status}. */
    private static List<String> customerCalls(long customerId) {
        return crm.calls().stream().filter(c -> c.path().startsWith("/api/v5/customers/"))
                .filter(c -> c.path().contains("/" + customerId + "/") || c.params().getOrDefault("customer", "")
                        .contains("\"externalId\":\"" + customerId + "\"") || c.params().getOrDefault("customers", "")
                        .contains("\"externalId\":\"" + customerId + "\""))
                .map(c -> c.path() + " " + c.status()).toList();
    }

    static ShopFixture.Order sameProductTwice(String receiver, String phone, String email) {
        ShopFixture.Order base = order(receiver, phone, email);
        return new ShopFixture.Order(base.delivery(), base.payment(), base.deliveryCost(), base.orderComment(), base.address(),
                List.of(new ShopFixture.Item(tea, "Чай улун", 1, new BigDecimal("450.00"), new BigDecimal("0.100")),
                        new ShopFixture.Item(tea, "Чай улун", 2, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }

    /** Each line as {@code lineId:offer×quantity}. */
    private static List<String> lines(JsonNode order) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : order.path("items")) {
            out.add(i.path("externalIds").get(0).path("value").asText() + ":" + i.path("offer").path("externalId").asText() + "×"
                    + i.path("quantity").asInt());
        }
        return out;
    }

    private static long successfulCreates(long orderId) {
        return crm.created("order").stream().filter(c -> c.externalId().equals(id(orderId))).count();
    }

    private static void assertCustomerCreatedBeforeItsOrder(long customerId, long orderId) {
        List<RetailCrmEmulator.Created> all = crm.created();
        int customerCreated = -1;
        int orderCreated = -1;
        for (int i = 0; i < all.size(); i++) {
            RetailCrmEmulator.Created c = all.get(i);
            if (customerCreated < 0 && c.entity().equals("customer") && c.externalId().equals(id(customerId))) customerCreated = i;
            if (orderCreated < 0 && c.entity().equals("order") && c.externalId().equals(id(orderId))) orderCreated = i;
        }
        assertThat(customerCreated).as("customer created").isNotNegative();
        assertThat(orderCreated).as("order created after its customer").isGreaterThan(customerCreated);
        JsonNode customer = crm.customer("shop", id(customerId));
        assertThat(customer.path("firstName").asText()).isEqualTo("Иван Петров");
        assertThat(customer.path("email").asText()).isEqualTo("ivan@example.com");
        assertThat(customer.path("phones").toString()).isEqualTo("[{\"number\":\"+79000000002\"}]");
    }

    private static void assertOrderAsInserted(JsonNode o, long orderId, long customerId) {
        assertThat(o.path("externalId").asText()).isEqualTo(id(orderId));
        assertThat(o.path("number").asText()).matches("\\d{4}/\\d+");
        assertThat(o.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(o.path("firstName").asText()).isEqualTo("Иван");
        assertThat(o.path("lastName").asText()).isEqualTo("Петров");
        assertThat(o.path("phone").asText()).isEqualTo("+79000000002");
        assertThat(o.path("email").asText()).isEqualTo("ivan@example.com");
        assertThat(o.path("customer").path("externalId").asText()).isEqualTo(id(customerId));
        assertThat(o.path("status").asText()).isEqualTo("new");
        List<Long> lines = shop.lineIds(orderId);
        assertThat(o.path("items").toString()).isEqualTo("[{\"externalIds\":[{\"code\":\"shopsync\",\"value\":\"" + lines.get(0) + "\"}],"
                + "\"offer\":{\"externalId\":\"" + tea + "\"},\"productName\":\"Чай улун\",\"initialPrice\":450.00,\"quantity\":2},"
                + "{\"externalIds\":[{\"code\":\"shopsync\",\"value\":\"" + lines.get(1) + "\"}],"
                + "\"offer\":{\"externalId\":\"" + cup + "\"},\"productName\":\"Чашка\",\"initialPrice\":890.50,\"quantity\":1}]");
        assertThat(o.path("delivery").toString()).isEqualTo("{\"code\":\"courier\",\"cost\":300.00,\"address\":{\"index\":\"101000\","
                + "\"region\":\"Москва\",\"city\":\"Москва\",\"metro\":\"Лубянка\",\"street\":\"Мясницкая\",\"building\":\"10\","
                + "\"flat\":\"45\",\"floor\":\"3\",\"text\":\"Мясницкая 10, кв. 45\"}}");
        assertThat(o.path("payments").size()).isEqualTo(1);
        assertThat(o.path("payments").elements().next().path("type").asText()).isEqualTo("bank-card");
        assertThat(o.path("weight").asInt()).isEqualTo(500);
        assertThat(o.path("customerComment").asText()).isEqualTo("Позвонить заранее");
        assertThat(o.path("managerComment").asText()).isEqualTo("VIP");
    }

    static ShopFixture.Order order(String receiver, String phone, String email) {
        return new ShopFixture.Order(2, 2, new BigDecimal("300.00"), "VIP",
                new ShopFixture.Address(receiver, phone, email, "Россия", "101000", "Москва", "Москва", "Лубянка", "Мясницкая",
                        "10", "2", "3", "45", "Позвонить заранее", "Мясницкая 10, кв. 45"),
                List.of(new ShopFixture.Item(tea, "Чай улун", 2, new BigDecimal("450.00"), new BigDecimal("0.100")),
                        new ShopFixture.Item(cup, "Чашка", 1, new BigDecimal("890.50"), new BigDecimal("0.300"))));
    }

    private static String id(long id) {
        return String.valueOf(id);
    }

    private static Path config(Path home) throws Exception {
        return TestConfig.write(home.resolve("shopsync.yml"), TestConfig.shop(db), TestConfig.embeddedKafka(home), """
                retailcrm:
                  url: %s
                  api-key: %s
                  site: shop
                  mapping:
                    statuses: {1: new, 2: paid, 3: send-to-delivery, 4: cancel-other}
                    deliveries: {1: self-delivery, 2: courier}
                    payments: {1: cash, 2: bank-card}
                  paid-statuses: "2"
                """.formatted(crm.url(), KEY));
    }
}
