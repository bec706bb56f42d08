package shopsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shopsync.app.check.CheckReport;
import shopsync.app.check.Preflight;
import shopsync.app.config.ShopsyncConfig;
import shopsync.testkit.FrontpadEmulator;
import shopsync.testkit.PrivateMariaDb;
import shopsync.testkit.RetailCrmEmulator;
import shopsync.testkit.ShopFixture;

/**
 * {@code shopsync check} against real parts: a private MariaDB with the miniShop2 schema, the RetailCRM and Frontpad
 * emulators. All is well, then the faults an operator makes — a wrong key, a mapping to a status the CRM lacks, a
 * statement binlog, a shop payment nobody mapped — are each named with what to do; {@code run} refuses to start on a
 * problem.
 */
class CheckCommandTest {
    static final String KEY = "check-key-7f3a";
    static final String FRONTPAD_SECRET = "fp-check-secret";
    static final String HOOK_SECRET = "hook-secret-0123456789";
    static final String FEED_SECRET = "feed-secret-0123456789";
    static final String STATUSES = "{1: new, 2: paid, 3: send-to-delivery, 4: cancel-other}";

    static PrivateMariaDb db;
    static RetailCrmEmulator crm;
    static FrontpadEmulator frontpad;
    static ShopFixture shop;

    @BeforeAll
    static void start() {
        db = PrivateMariaDb.start();
        crm = RetailCrmEmulator.start(KEY);
        crm.setRequestsPerSecond(100);
        frontpad = FrontpadEmulator.start(FRONTPAD_SECRET);
        shop = ShopFixture.connect(db);
        shop.addDelivery("Курьер");
        shop.addPayment("Банковская карта");
        long tea = shop.addProduct("TEA-01", "Чай улун", new BigDecimal("450.00"), new BigDecimal("0.100"));
        long buyer = shop.newCustomer(new ShopFixture.Customer("anna@example.com", "Анна Смирнова", "+79000000001"));
        shop.placeOrder(buyer, new ShopFixture.Order(2, 2, new BigDecimal("300.00"), "",
                new ShopFixture.Address("Анна Смирнова", "+79000000001", "anna@example.com", "Россия", "101000", "Москва", "Москва", "",
                        "Мясницкая", "10", "2", "3", "45", "", ""),
                List.of(new ShopFixture.Item(tea, "Чай улун", 1, new BigDecimal("450.00"), new BigDecimal("0.100")))));
    }

    @AfterAll
    static void stop() throws Exception {
        shop.close();
        frontpad.close();
        crm.close();
        db.close();
    }

    @Test
    void allOkThenEveryFaultIsNamedWithWhatToDo(@TempDir Path home) throws Exception {
        Cli.Result ok = Cli.run("check", "--config", config(home, "ok.yml", KEY, STATUSES, "  catalog: {secret: " + FEED_SECRET + "}\n").toString());
        assertThat(ok.out()).contains("0 problem(s), 0 warning(s)").contains("the start would work").doesNotContain("PROBLEM");
        assertThat(ok.out()).as("the ICML feed URL to paste in RetailCRM, without its secret")
                .contains("https://<this host>:18088/catalog/retailcrm/<retailcrm.catalog.secret>.xml").doesNotContain(FEED_SECRET);
        assertThat(ok.out()).as("the trigger to paste, without the secret")
                .contains("URL https://<this host>:18088/webhooks/retailcrm/<webhooks.secret>", "retailCRM_action = change_status",
                        "order_id = {{ order.getExternalId() }}")
                .doesNotContain(HOOK_SECRET, KEY, FRONTPAD_SECRET);
        assertThat(ok.exitCode()).isZero();
        CheckReport timed = Preflight.run(ShopsyncConfig.load(config(home, "ok.yml", KEY, STATUSES, ""), Map.of()));
        System.out.println("preflight against the test stack: " + timed.took().toMillis() + " ms, " + timed.entries().size() + " checks");
        assertThat(timed.took()).as("run makes these checks before it starts").isLessThan(Duration.ofSeconds(5));

        long crypto = shop.addPayment("Криптовалюта");
        Cli.Result unmapped = Cli.run("check", "--config", config(home, "unmapped.yml", KEY, STATUSES, "").toString());
        assertThat(unmapped.out()).contains("shop payment " + crypto + " 'Криптовалюта' is neither mapped nor ignored",
                "→ map it in retailcrm.mapping.payments, or list it in retailcrm.mapping.ignored-payments");
        assertThat(unmapped.exitCode()).as("an unmapped shop payment is a warning: the start works, its orders go to sync.dlq").isZero();
        Cli.Result ignored = Cli.run("check", "--config", config(home, "ignored.yml", KEY, STATUSES,
                "  mapping.ignored-payments: [" + crypto + "]\n").toString());
        assertThat(ignored.out()).as("an id ignored on purpose is not warned about").contains("0 warning(s)");

        db.setGlobal("binlog_format", "MIXED");
        try {
            Cli.Result broken = Cli.run("check", "--config", config(home, "broken.yml", KEY,
                    "{1: new, 2: paid, 3: send-to-delivery, 4: cancel-by-shop}", "").toString());
            assertThat(broken.out()).contains("PROBLEM  binlog_format", "MIXED: the capture needs ROW", "→ SET GLOBAL binlog_format=ROW");
            assertThat(broken.out()).contains("retailcrm.mapping.statuses 4 → 'cancel-by-shop': RetailCRM has no such status (it has: ",
                    "→ use one of its codes");
            assertThat(broken.out()).contains("shop payment " + crypto + " 'Криптовалюта' is neither mapped nor ignored");
            assertThat(broken.out()).contains("the start would not work");
            assertThat(broken.exitCode()).isEqualTo(1);
        } finally {
            db.setGlobal("binlog_format", "ROW");
        }

        Cli.Result wrongKey = Cli.run("check", "--config", config(home, "key.yml", "not-the-key", STATUSES, "").toString());
        assertThat(wrongKey.out()).contains("PROBLEM  API key", "RetailCRM refuses retailcrm.api-key: Wrong \"apiKey\" value. (the other RetailCRM checks need the key)",
                "→ set retailcrm.api-key (or SHOPSYNC_RETAILCRM_API_KEY) to an active key").doesNotContain("not-the-key");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
    }

    @Test
    void inactiveCodesAndAKeyThatCannotSeeTheStoreAreProblems(@TempDir Path home) throws Exception {
        crm.setActive("statuses", "paid", false);
        crm.setKeyAccess(null, List.of("other-shop"));
        try {
            Cli.Result r = Cli.run("check", "--config", config(home, "ok.yml", KEY, STATUSES, "").toString());
            assertThat(r.out()).contains("retailcrm.mapping.statuses 2 → 'paid': the status exists in RetailCRM but is not active",
                    "the key sees only the stores [other-shop], not 'shop'");
            assertThat(r.exitCode()).isEqualTo(1);
        } finally {
            crm.setActive("statuses", "paid", true);
            crm.setKeyAccess(null, null);
        }
    }

    @Test
    void aShopWithoutMsOptionsPrice2PassesTheCheck(@TempDir Path home) throws Exception {
        // Many miniShop2 shops never installed the msOptionsPrice2 extra: its tables are simply not there.
        try (Connection c = db.appConnection(); Statement s = c.createStatement()) {
            s.execute("RENAME TABLE modx_msop_modifications TO away_msop_modifications, "
                    + "modx_msop_modification_options TO away_msop_modification_options");
            try {
                Cli.Result r = Cli.run("check", "--config", config(home, "ok.yml", KEY, STATUSES, "").toString());
                assertThat(r.out()).contains("0 problem(s)", "msOptionsPrice2 is not installed").doesNotContain("PROBLEM");
                assertThat(r.exitCode()).isZero();
            } finally {
                s.execute("RENAME TABLE away_msop_modifications TO modx_msop_modifications, "
                        + "away_msop_modification_options TO modx_msop_modification_options");
            }
        }
    }

    @Test
    void runDoesNotStartOnAProblem(@TempDir Path home) throws Exception {
        Path config = config(home, "run.yml", KEY, "{1: new, 2: paid, 3: send-to-delivery, 4: cancel-by-shop}", "");
        Path log = home.resolve("run.log");
        try (ShopsyncProcess shopsync = new ShopsyncProcess(config, log)) {
            shopsync.start();
            await("shopsync run gives up").atMost(Duration.ofSeconds(60)).until(() -> shopsync.exitStatus() != null);
            assertThat(shopsync.exitStatus()).isEqualTo(Main.PREFLIGHT_FAILED);
        }
        assertThat(Files.readString(log)).contains("'cancel-by-shop': RetailCRM has no such status", "shopsync does not start");
        assertThat(home.resolve("kafka")).as("nothing was left behind: no broker data").doesNotExist();
    }

    @Test
    void anUnknownCommandIsAnErrorEvenWithHelp() {
        assertThat(Main.commandLine().execute("chek", "--help")).isEqualTo(2);
        assertThat(Main.commandLine().execute("chek")).isEqualTo(2);
        assertThat(Main.commandLine().execute("check", "--config", "shopsync.yml", "extra")).isEqualTo(2);
        assertThat(Main.commandLine().execute("check", "--help")).isZero();
    }

    /** A configuration of the test stack; {@code retailCrmExtra} is added under {@code retailcrm:}. */
    private static Path config(Path home, String name, String key, String statuses, String retailCrmExtra) throws Exception {
        return TestConfig.write(home.resolve(name), TestConfig.shop(db), TestConfig.embeddedKafka(home), """
                retailcrm:
                  url: %s
                  api-key: %s
                  site: shop
                  mapping:
                    statuses: %s
                    deliveries: {1: self-delivery, 2: courier}
                    payments: {1: cash, 2: bank-card}
                  paid-statuses: "2"
                %sfrontpad:
                  enabled: true
                  url: %s
                  secret: %s
                  payments: {1: "1", 2: "2"}
                  points: {2: "7"}
                  matched-statuses: {"В пути": 3}
                  webhook-url: https://shop.example/shopsync/webhooks/frontpad/%s
                webhooks:
                  enabled: true
                  port: 18088
                  secret: %s
                """.formatted(crm.url(), key, statuses, retailCrmExtra, frontpad.url(), FRONTPAD_SECRET, HOOK_SECRET, HOOK_SECRET));
    }
}
