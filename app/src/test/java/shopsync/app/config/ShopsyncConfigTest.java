package shopsync.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopsyncConfigTest {
    @TempDir
    Path dir;

    @Test
    void everyProblemIsReportedAtOnceAndNoSecretIsPrinted() throws Exception {
        Path file = write("""
                shop:
                  port: many
                  pasword: typo
                retailcrm:
                  api-key: s3cr3t-key
                  url: ftp://crm
                """);
        ShopsyncConfig.InvalidConfig e = catchThrowableOfType(ShopsyncConfig.InvalidConfig.class,
                () -> ShopsyncConfig.load(file, Map.of()));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "unknown key 'shop.pasword'",
                "shop.port: not a whole number (got 'many')",
                "retailcrm.url: must be an http(s) URL (got 'ftp://crm')",
                "shop.database: required (set it in the file or SHOPSYNC_SHOP_DATABASE)",
                "shop.user: required (set it in the file or SHOPSYNC_SHOP_USER)",
                "retailcrm.url: required (set it in the file or SHOPSYNC_RETAILCRM_URL)",
                "retailcrm.site: required (set it in the file or SHOPSYNC_RETAILCRM_SITE)");
        assertThat(e.getMessage()).doesNotContain("s3cr3t-key");
    }

    @Test
    void anIdIsEitherMappedOrIgnoredAndIgnoredIdsReachThePreflight() throws Exception {
        String base = """
                shop: {database: shop, user: cdc}
                retailcrm:
                  url: https://demo.retailcrm.ru
                  api-key: k
                  site: shop
                  mapping:
                    payments: {1: cash, 2: bank-card}
                    ignored-payments: [%s]
                """;
        ShopsyncConfig.InvalidConfig e = catchThrowableOfType(ShopsyncConfig.InvalidConfig.class,
                () -> ShopsyncConfig.load(write(base.formatted("2, 3")), Map.of()));
        assertThat(e.problems()).containsExactly(
                "retailcrm.mapping.ignored-payments: 2 is also mapped in retailcrm.mapping.payments (an id is either mapped or ignored)");
        PreflightSettings preflight = ShopsyncConfig.load(write(base.formatted("3")), Map.of()).preflight();
        assertThat(preflight.retailCrm().ignored().get(ShopList.PAYMENTS)).containsExactly("3");
        assertThat(preflight.webhooks().portConfigured()).isFalse();
        assertThat(ShopsyncConfig.load(write(base.formatted("3")), Map.of("SHOPSYNC_WEBHOOKS_PORT", "8088")).preflight()
                .webhooks().portConfigured()).as("set, even to its default").isTrue();
    }

    @Test
    void environmentOverridesTheFileAndSecretsAreMaskedInToString() throws Exception {
        Path file = write("""
                shop: {database: shop, user: cdc, password: db-secret}
                retailcrm:
                  url: https://demo.retailcrm.ru
                  api-key: from-file
                  site: shop
                  mapping:
                    statuses: {1: new}
                """);
        ShopsyncConfig config = ShopsyncConfig.load(file, Map.of("SHOPSYNC_RETAILCRM_API_KEY", "from-env",
                "SHOPSYNC_RETAILCRM_MAPPING_PAYMENTS", "1:cash,2:bank-card", "SHOPSYNC_SHOP_PORT", "3307"));
        assertThat(config.values().string("retailcrm.api-key")).isEqualTo("from-env");
        assertThat(config.shop().port()).isEqualTo(3307);
        assertThat(config.values().map("retailcrm.mapping.statuses")).containsExactly(Map.entry("1", "new"));
        assertThat(config.values().map("retailcrm.mapping.payments")).containsExactly(Map.entry("1", "cash"), Map.entry("2", "bank-card"));
        assertThat(config.toString()).doesNotContain("from-env", "db-secret").contains("retailcrm.api-key=****");
    }

    @Test
    void dataLivesUnderTheDataDirectoryNeverTheWorkingDirectory() {
        Map<String, Object> minimal = Map.of("shop.database", "shop", "shop.user", "cdc", "retailcrm.enabled", false);
        Path home = Path.of(System.getProperty("user.home"));
        ShopsyncConfig defaults = ShopsyncConfig.of(minimal);
        assertThat(defaults.kafka().dataDir()).isEqualTo(home.resolve(".shopsync/kafka"));
        assertThat(defaults.processor().stateDir()).isEqualTo(home.resolve(".shopsync/streams"));

        Map<String, Object> moved = new HashMap<>(minimal);
        moved.put("data-dir", dir.toString());
        ShopsyncConfig elsewhere = ShopsyncConfig.of(moved);
        assertThat(elsewhere.kafka().dataDir()).isEqualTo(dir.resolve("kafka"));
        assertThat(elsewhere.processor().stateDir()).isEqualTo(dir.resolve("streams"));
    }

    @Test
    void theOpsPortStaysOnThisMachineUnlessToldAndItsTokenIsASecret() {
        Map<String, Object> minimal = Map.of("shop.database", "shop", "shop.user", "cdc", "retailcrm.enabled", false);
        OpsSettings defaults = ShopsyncConfig.of(minimal).ops();
        assertThat(defaults.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.token()).as("no token: the console only shows").isNull();

        Map<String, Object> wrong = new HashMap<>(minimal);
        wrong.put("ops.bind-address", "shopsync.example");
        wrong.put("ops.token", "short-secret");
        ShopsyncConfig.InvalidConfig e = catchThrowableOfType(ShopsyncConfig.InvalidConfig.class, () -> ShopsyncConfig.of(wrong));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "ops.bind-address: must be an IP address such as 127.0.0.1 or 0.0.0.0 (got 'shopsync.example')",
                "ops.token: must be empty or at least 16 characters");
        assertThat(e.getMessage()).doesNotContain("short-secret");

        Map<String, Object> open = new HashMap<>(minimal);
        open.put("ops.bind-address", "0.0.0.0");
        open.put("ops.token", "a-long-enough-ops-token");
        ShopsyncConfig config = ShopsyncConfig.of(open);
        assertThat(config.ops().hostForTools()).isEqualTo("127.0.0.1");
        assertThat(config.ops().token()).isEqualTo("a-long-enough-ops-token");
        assertThat(config.toString() + config.ops()).doesNotContain("a-long-enough-ops-token");
    }

    @Test
    void theConfigurationReferenceInDocsIsCurrent() throws Exception {
        Path doc = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs", "configuration.md");
        if (!Files.exists(doc)) doc = Path.of("..", "docs", "configuration.md");
        assertThat(Files.readString(doc)).as("docs/configuration.md is stale: run ./shopsync config-doc > docs/configuration.md")
                .isEqualTo(ConfigurationDoc.render());
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("shopsync.yml");
        Files.writeString(file, yaml);
        return file;
    }
}
