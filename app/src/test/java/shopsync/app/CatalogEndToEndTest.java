package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.events.SyncRequest;
import shopsync.events.Topics;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;
import shopsync.testkit.TopicProbe;

/**
 * The shop's catalog in RetailCRM, on real parts (private MariaDB written the miniShop2 and msOptionsPrice2 way, the
 * embedded broker, the RetailCRM emulator): the ICML feed RetailCRM loads, the order line of a modification bound to
 * the offer the feed gives it, and stock and prices sent at once between two loads, folded during an outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogEndToEndTest {
    static final String KEY = "catalog-key-77";
    static final String FEED_SECRET = "feed-secret-0123456789";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static Path home;
    static PrivateMariaDb db;
    static RetailCrmEmulator crm;
    static ShopFixture shop;
    static ShopsyncRuntime shopsync;
    static long tea;
    static long teaL;
    static long teaGift;
    static long cup;
    static long hidden;
    static long teas;
    static long oolongs;
    static long vendor;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("shopsync-catalog-e2e-");
        db = PrivateMariaDb.start();
        crm = RetailCrmEmulator.start(KEY);
        crm.setRequestsPerSecond(100);
        shop = ShopFixture.connect(db);
        teas = shop.addCategory("Чай", 0, "catalog/tea/");
        oolongs = shop.addCategory("Улун", teas, "catalog/tea/oolong/");
        vendor = shop.addVendor("Чайный дом");
        tea = shop.addProduct(new ShopFixture.Product("TEA-07", "Чай улун", new BigDecimal("1000.00"), new BigDecimal("0.250"), oolongs,
                "catalog/tea/oolong/milky.html", 12, "/assets/images/products/7/milky.jpg", vendor, true));
        teaL = shop.addModification(tea, "", 1, "1200", "TEA-07-L", 4, Map.of("size", "L"));
        teaGift = shop.addModification(tea, "Подарочная упаковка", 2, "100", "", 2, Map.of());
        cup = shop.addProduct(new ShopFixture.Product("CUP-02", "Чашка", new BigDecimal("890.50"), new BigDecimal("0.300"), teas,
                "catalog/tea/cup.html", 5, null, 0, true));
        hidden = shop.addProduct(new ShopFixture.Product("OLD-01", "Снят с продажи", new BigDecimal("10.00"), BigDecimal.ZERO, teas,
                "catalog/tea/old.html", 0, null, 0, false));
        shopsync = ShopsyncRuntime.start(ShopsyncConfig.of(Map.ofEntries(
                Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD), Map.entry("data-dir", home.toString()),
                Map.entry("kafka.embedded-port", 0), Map.entry("ops.port", 0), Map.entry("kafka.instance-id", "catalog-e2e"),
                Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", KEY), Map.entry("retailcrm.site", "shop"),
                Map.entry("retailcrm.history.enabled", false), Map.entry("retailcrm.offer-id", "modretailcrm"),
                Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid")),
                Map.entry("retailcrm.mapping.deliveries", Map.of("1", "courier")),
                Map.entry("retailcrm.mapping.payments", Map.of("1", "bank-card")),
                Map.entry("retailcrm.catalog.secret", FEED_SECRET), Map.entry("retailcrm.catalog.site-url", "https://shop.example/"),
                Map.entry("retailcrm.catalog.shop-name", "Чайная лавка"), Map.entry("retailcrm.inventories.store", "main"),
                Map.entry("webhooks.enabled", true), Map.entry("webhooks.port", 0), Map.entry("webhooks.secret", "webhook-secret-000000"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (shopsync != null) shopsync.close();
        shop.close();
        crm.close();
        db.close();
    }

    @Test
    @Order(1)
    void theFeedListsTheCatalogAndAnOrderLineOfAModificationBindsToItsOffer() throws Exception {
        await("the feed with every product").atMost(PATIENCE).until(() -> {
            HttpResponse<byte[]> r = get(feedUrl(), Map.of());
            return r.statusCode() == 200 && offers(parse(r.body())).size() == 4;
        });
        HttpResponse<byte[]> response = get(feedUrl(), Map.of());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml; charset=utf-8");
        Document feed = parse(response.body());
        Element root = feed.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("yml_catalog");
        assertThat(root.getAttribute("date")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(text(root, "name")).isEqualTo("Чайная лавка");
        assertThat(text(root, "company")).isEqualTo("Чайная лавка");
        List<String> categories = new ArrayList<>();
        NodeList cats = root.getElementsByTagName("category");
        for (int i = 0; i < cats.getLength(); i++) {
            Element c = (Element) cats.item(i);
            categories.add(c.getAttribute("id") + "<" + c.getAttribute("parentId") + " " + c.getTextContent());
        }
        assertThat(categories).containsExactlyInAnyOrder(teas + "< Чай", oolongs + "<" + teas + " Улун");

        Map<String, Element> offers = offers(feed);
        assertThat(offers.keySet()).as("the unpublished product is not offered").containsExactlyInAnyOrder(
                String.valueOf(tea), "mod-" + tea + "-" + teaL, "mod-" + tea + "-" + teaGift, String.valueOf(cup));
        Element product = offers.get(String.valueOf(tea));
        assertThat(product.getAttribute("productId")).isEqualTo(String.valueOf(tea));
        assertThat(product.getAttribute("quantity")).isEqualTo("12");
        assertThat(text(product, "url")).isEqualTo("https://shop.example/catalog/tea/oolong/milky.html");
        assertThat(text(product, "price")).isEqualTo("1000.00");
        assertThat(text(product, "categoryId")).isEqualTo(String.valueOf(oolongs));
        assertThat(text(product, "picture")).isEqualTo("https://shop.example/assets/images/products/7/milky.jpg");
        assertThat(text(product, "name")).isEqualTo("Чай улун");
        assertThat(text(product, "productName")).isEqualTo("Чай улун");
        assertThat(params(product)).containsExactly("article Артикул TEA-07");
        assertThat(text(product, "vendor")).isEqualTo("Чайный дом");
        assertThat(text(product, "weight")).as("kg").isEqualTo("0.25");
        Element unit = (Element) product.getElementsByTagName("unit").item(0);
        assertThat(unit.getAttribute("code") + " " + unit.getAttribute("name") + " " + unit.getAttribute("sym")).isEqualTo("pcs Штука шт.");

        Element large = offers.get("mod-" + tea + "-" + teaL);
        assertThat(large.getAttribute("productId")).isEqualTo(String.valueOf(tea));
        assertThat(large.getAttribute("quantity")).isEqualTo("4");
        assertThat(text(large, "name")).isEqualTo("Чай улун - L");
        assertThat(text(large, "productName")).isEqualTo("Чай улун");
        assertThat(text(large, "price")).isEqualTo("1200.00");
        assertThat(params(large)).containsExactly("article Артикул TEA-07-L", "size Размер L");
        Element gift = offers.get("mod-" + tea + "-" + teaGift);
        assertThat(text(gift, "price")).as("type 2 adds to the product's price").isEqualTo("1100.00");
        assertThat(text(gift, "name")).isEqualTo("Чай улун - Подарочная упаковка");
        assertThat(offers.get(String.valueOf(cup)).getElementsByTagName("vendor").getLength()).isZero();

        String etag = response.headers().firstValue("ETag").orElseThrow();
        assertThat(get(feedUrl(), Map.of("If-None-Match", etag)).statusCode()).as("an unchanged catalog").isEqualTo(304);
        assertThat(get(feedUrl().replace(FEED_SECRET, "wrong-secret-0000000000"), Map.of()).statusCode()).isEqualTo(404);

        long buyer = shop.newCustomer(new ShopFixture.Customer("maria@example.com", "Мария Иванова", "+79000000078"));
        long order = shop.placeOrder(buyer, new ShopFixture.Order(1, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("Мария Иванова", "+79000000078", "maria@example.com", null, null, null, null, null, null, null,
                        null, null, null, null, null),
                List.of(ShopFixture.Item.ofModification(tea, teaL, "Чай улун", 1, new BigDecimal("1200.00")))));
        await("the order").atMost(PATIENCE).until(() -> crm.order("shop", String.valueOf(order)) != null);
        JsonNode line = crm.order("shop", String.valueOf(order)).path("items").get(0);
        assertThat(line.path("offer").path("externalId").asText()).as("the line names the offer the feed gives the modification")
                .isEqualTo(large.getAttribute("id"));
    }

    @Test
    @Order(2)
    void stockAndPriceReachRetailCrmAtOnceAndTenChangesDuringAnOutageAreOneEntry() throws Exception {
        assertThat(crm.loadCatalog("shop", new ByteArrayInputStream(get(feedUrl(), Map.of()).body()))).isEqualTo(4);
        String large = "mod-" + tea + "-" + teaL;

        long t0 = System.nanoTime();
        shop.setProductRemains(tea, 7);
        shop.setProductPrice(cup, new BigDecimal("555.00"));
        await("the stock and the price in RetailCRM").atMost(Duration.ofSeconds(10)).until(() ->
                crm.offer("shop", String.valueOf(tea)).path("stores").path("main").asInt() == 7
                        && crm.offer("shop", String.valueOf(cup)).path("prices").path("base").decimalValue().compareTo(new BigDecimal("555")) == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("seconds, not hours").isLessThan(Duration.ofSeconds(10));

        int before = crm.calls("POST", "/api/v5/store/inventories/upload").size();
        try (TopicProbe<SyncRequest> requests = new TopicProbe<>(shopsync.bootstrapServers(), Topics.RETAILCRM.syncTopic())) {
            crm.setDown(true);
            for (int count = 1; count <= 10; count++) shop.setModificationCount(teaL, count);
            requests.readUntil(r -> r.stream().filter(x -> x.key().equals("offer:" + large)).count() >= 10, PATIENCE);
            crm.setDown(false);
        }
        await("the last count after the outage").atMost(PATIENCE).until(() ->
                crm.offer("shop", large).path("stores").path("main").asInt() == 10);
        List<JsonNode> entries = new ArrayList<>();
        crm.calls("POST", "/api/v5/store/inventories/upload").stream().skip(before).filter(c -> c.status() == 200)
                .forEach(c -> c.json("offers").forEach(o -> {
                    if (o.path("externalId").asText().equals(large)) entries.add(o);
                }));
        assertThat(entries).as("ten changes during the outage, one entry").hasSize(1);
        assertThat(entries.get(0).toString()).isEqualTo("{\"externalId\":\"" + large + "\",\"stores\":[{\"code\":\"main\",\"available\":10}]}");
    }

    private static String feedUrl() {
        return "http://127.0.0.1:" + shopsync.sink().webhooks().port() + "/catalog/retailcrm/" + FEED_SECRET + ".xml";
    }

    private static HttpResponse<byte[]> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Parses the feed: well-formed XML or an exception. */
    private static Document parse(byte[] xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Map<String, Element> offers(Document feed) {
        Map<String, Element> out = new LinkedHashMap<>();
        NodeList list = feed.getElementsByTagName("offer");
        for (int i = 0; i < list.getLength(); i++) out.put(((Element) list.item(i)).getAttribute("id"), (Element) list.item(i));
        return out;
    }

    private static List<String> params(Element offer) {
        List<String> out = new ArrayList<>();
        NodeList list = offer.getElementsByTagName("param");
        for (int i = 0; i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            out.add(p.getAttribute("code") + " " + p.getAttribute("name") + " " + p.getTextContent());
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : list.item(0).getTextContent();
    }
}
