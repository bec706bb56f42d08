package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import shopsync.app.config.ShopsyncConfig;
import shopsync.app.runtime.ShopsyncRuntime;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * The web console in a real browser (Debian's headless Chromium through its chromedriver, both installed by
 * {@code ./prerequisites}) against a running shopsync: an order RetailCRM refuses shows up on the overview with the
 * CRM's reason; the operator finds it by its number and sees its trail; a re-drive without the ops token is refused and
 * changes nothing; once the missing delivery type exists in the CRM, a re-drive with the token delivers the order, and
 * the console shows it delivered in the trail and no dead letter left; the check page shows the preflight. The overview and the order's page before the
 * re-drive are README's pictures (docs/console.png, docs/console-order.png).
 */
class ConsoleBrowserTest {
    static final String KEY = "console-key";
    static final String TOKEN = "console-token-0123456789";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** README's pictures are taken here: the tests run in the module's directory. */
    static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs");

    @Test
    void anOperatorFindsTheRefusedOrderAndReDrivesItWithTheToken(@TempDir Path home) throws Exception {
        try (PrivateMariaDb db = PrivateMariaDb.start();
             RetailCrmEmulator crm = RetailCrmEmulator.start(KEY);
             ShopFixture shop = ShopFixture.connect(db)) {
            crm.setRequestsPerSecond(100);
            long courier = shop.addDelivery("Курьер");
            long express = shop.addDelivery("Экспресс");
            long tea = shop.addProduct("TEA-01", "Чай", new BigDecimal("450.00"), new BigDecimal("0.100"));
            long buyer = shop.newCustomer(new ShopFixture.Customer("anna@example.com", "Анна Смирнова", "+79001234567"));
            try (ShopsyncRuntime shopsync = ShopsyncRuntime.start(config(db, crm, home, courier, express));
                 Browser browser = Browser.start(home.resolve("chromium"))) {
                await("all roles ready").atMost(PATIENCE).until(() -> Cli.get(shopsync.opsPort(), "/health").startsWith("200 "));
                long delivered = shop.placeOrder(buyer, order(tea, courier));
                long refused = shop.placeOrder(buyer, order(tea, express));
                String num = shop.num(refused);
                await("the good order in RetailCRM").atMost(PATIENCE).until(() -> crm.order("shop", String.valueOf(delivered)) != null);
                String console = "http://127.0.0.1:" + shopsync.opsPort() + "/console";
                WebDriver page = browser.driver;

                // The overview names what needs a person: the refused order, with RetailCRM's reason.
                await("the refused order on the overview").atMost(PATIENCE).until(() -> {
                    page.get(console);
                    return !page.findElements(By.id("overview-dead-letters")).isEmpty();
                });
                assertThat(page.getTitle()).isEqualTo("Overview · shopsync");
                assertThat(text(page, "attention")).contains("retailcrm: 1 dead letter(s)");
                assertThat(text(page, "overview-dead-letters")).contains("order " + refused).contains("ORDER_CREATE")
                        .contains("\"DeliveryType\" with \"code\"=\"express\" does not exist.");
                assertThat(text(page, "roles")).contains("processor").contains("connector").contains("sink-retailcrm");
                assertThat(page.findElement(By.cssSelector("#target-retailcrm .delivered")).getText()).isNotEqualTo("0");
                assertThat(page.getPageSource()).as("personal data masked as in the logs")
                        .doesNotContain("+79001234567", "anna@example.com");
                browser.screenshot(DOCS.resolve("console.png"));

                // The operator finds the order by its number and sees its trail, down to RetailCRM's refusal.
                WebElement search = page.findElement(By.name("q"));
                search.sendKeys(num);
                go(page, search::submit, "Order " + refused);
                assertThat(text(page, "order")).contains("Order " + refused).contains("number " + num);
                assertThat(stages(page)).contains("captured", "assembled", "queued", "dead-lettered");
                assertThat(text(page, "trail")).contains("\"DeliveryType\" with \"code\"=\"express\" does not exist.");
                assertThat(page.getPageSource()).doesNotContain("+79001234567", "anna@example.com");

                browser.screenshot(DOCS.resolve("console-order.png"));
                // Without the token nothing happens.
                WebElement row = deadLetterRow(page, refused);
                row.findElement(By.name("token")).sendKeys("not-the-token-at-all");
                go(page, row.findElement(By.cssSelector("button.redrive"))::click, "Re-drive");
                assertThat(text(page, "result")).contains("Wrong or missing ops token. Nothing was done.");
                assertThat(text(page, "outcome")).isEqualTo("not done");
                go(page, page.findElement(By.linkText("Dead letters"))::click, "Dead letters");
                assertThat(page.findElements(By.cssSelector("tr.dead-letter"))).as("still open").hasSize(1);

                // The manager adds the delivery type to RetailCRM; the re-drive with the token delivers the order.
                crm.addDeliveryType("express");
                row = deadLetterRow(page, refused);
                row.findElement(By.name("token")).sendKeys(TOKEN);
                go(page, row.findElement(By.cssSelector("button.redrive"))::click, "Re-drive");
                assertThat(text(page, "outcome")).isEqualTo("done");
                assertThat(text(page, "result")).contains("re-drove 1 of 1");
                await("the re-driven order in RetailCRM").atMost(PATIENCE).until(() -> crm.order("shop", String.valueOf(refused)) != null);
                assertThat(crm.order("shop", String.valueOf(refused)).path("number").asText()).isEqualTo(num);
                assertThat(crm.order("shop", String.valueOf(refused)).path("delivery").path("code").asText()).isEqualTo("express");

                // The console shows it delivered: in the order's trail after the re-drive, and no dead letter is left.
                go(page, page.findElement(By.id("order-link"))::click, "Order " + refused);
                await("delivered after the re-drive, in the trail").atMost(PATIENCE).untilAsserted(() -> {
                    page.navigate().refresh();
                    List<String> stages = stages(page);
                    assertThat(stages).contains("redriven");
                    assertThat(stages.subList(stages.indexOf("redriven"), stages.size())).contains("delivered");
                });
                assertThat(page.findElements(By.id("order-dead-letters"))).isEmpty();
                page.get(console);
                assertThat(page.findElements(By.id("no-dead-letters"))).hasSize(1);

                // The check page runs shopsync check's preflight against the same shop database and RetailCRM.
                go(page, page.findElement(By.linkText("Check"))::click, "Check");
                assertThat(text(page, "check-summary")).containsPattern("\\d+ checks, \\d+ problem\\(s\\)");
                assertThat(page.findElements(By.tagName("h2")).stream().map(WebElement::getText)).contains("shop database", "retailcrm");
                assertThat(crm.orderCount("shop")).isEqualTo(2);
            }
        }
    }

    private static WebElement deadLetterRow(WebDriver page, long orderId) {
        return page.findElement(By.cssSelector("tr.dead-letter[data-target='retailcrm'][data-entity='" + orderId + "']"));
    }

    /** Clicks or submits, and waits until the browser shows the page titled {@code title} (a form's answer may take a while). */
    private static void go(WebDriver page, Runnable action, String title) {
        action.run();
        await("the page " + title).atMost(PATIENCE).until(() -> page.getTitle().equals(title + " · shopsync"));
    }

    /** The steps of the order's trail on the page, oldest first. */
    private static List<String> stages(WebDriver page) {
        return page.findElements(By.cssSelector("#trail td.stage")).stream().map(WebElement::getText).toList();
    }

    private static String text(WebDriver page, String id) {
        return page.findElement(By.id(id)).getText();
    }

    /** Headless Chromium through the system's chromedriver: nothing is looked up or downloaded (Selenium Manager never runs). */
    private record Browser(WebDriver driver) implements AutoCloseable {
        static Browser start(Path profile) {
            for (String program : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
                if (!Files.isExecutable(Path.of(program))) throw new IllegalStateException(program + " is missing: run ./prerequisites");
            }
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments(List.of(
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--window-size=1280,1300"));
            return new Browser(new ChromeDriver(service, options));
        }

        void screenshot(Path file) throws Exception {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        }

        @Override
        public void close() {
            driver.quit();
        }
    }

    private static ShopFixture.Order order(long product, long delivery) {
        return new ShopFixture.Order(delivery, 1, BigDecimal.ZERO, null,
                new ShopFixture.Address("Анна Смирнова", "+79001234567", "anna@example.com", null, null, null, null, null, null, null,
                        null, null, null, null, null),
                List.of(new ShopFixture.Item(product, "Чай", 1, new BigDecimal("450.00"), new BigDecimal("0.100"))));
    }

    private static ShopsyncConfig config(PrivateMariaDb db, RetailCrmEmulator crm, Path home, long courier, long express) {
        return ShopsyncConfig.of(Map.ofEntries(
                Map.entry("shop.host", db.host()), Map.entry("shop.port", db.port()),
                Map.entry("shop.database", PrivateMariaDb.DATABASE), Map.entry("shop.user", PrivateMariaDb.CDC_USER),
                Map.entry("shop.password", PrivateMariaDb.CDC_PASSWORD),
                Map.entry("kafka.data-dir", home.resolve("kafka").toString()), Map.entry("kafka.embedded-port", 0),
                Map.entry("processor.state-dir", home.resolve("streams").toString()), Map.entry("kafka.instance-id", "console-e2e"),
                Map.entry("ops.port", 0), Map.entry("ops.token", TOKEN),
                Map.entry("retailcrm.url", crm.url()), Map.entry("retailcrm.api-key", KEY), Map.entry("retailcrm.site", "shop"),
                Map.entry("retailcrm.history.enabled", false),
                Map.entry("retailcrm.mapping.statuses", Map.of("1", "new", "2", "paid", "3", "send-to-delivery", "4", "cancel-other")),
                Map.entry("retailcrm.mapping.deliveries", Map.of(String.valueOf(courier), "courier", String.valueOf(express), "express")),
                Map.entry("retailcrm.mapping.payments", Map.of("1", "cash"))));
    }
}
