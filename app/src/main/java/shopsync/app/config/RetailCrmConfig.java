package shopsync.app.config;

import static shopsync.app.config.Setting.Type.BOOL;
import static shopsync.app.config.Setting.Type.DURATION;
import static shopsync.app.config.Setting.Type.INT;
import static shopsync.app.config.Setting.Type.LIST;
import static shopsync.app.config.Setting.Type.MAP;
import static shopsync.app.config.Setting.Type.STRING;
import static shopsync.app.config.Setting.Type.URL;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import shopsync.app.config.Setting.Check;
import shopsync.events.OrderExternalId;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.processor.TargetTranslator;
import shopsync.processor.retailcrm.Backfill;
import shopsync.processor.retailcrm.RetailCrmMapping;
import shopsync.processor.retailcrm.RetailCrmOptions;
import shopsync.processor.retailcrm.RetailCrmRequests;
import shopsync.sink.TargetSettings;
import shopsync.sink.retailcrm.RetailCrmSettings;

/** RetailCRM's keys ({@code retailcrm.*}) and what the roles take from them. */
final class RetailCrmConfig implements TargetConfig {
    private static final List<Setting> SETTINGS = List.of(
            new Setting("retailcrm.enabled", BOOL, "true", false, "Send orders and customers to RetailCRM."),
            new Setting("retailcrm.url", URL, null, false, "Account URL, e.g. https://myshop.retailcrm.ru"),
            new Setting("retailcrm.api-key", STRING, null, true, "API key (sent as X-API-KEY; never logged)."),
            new Setting("retailcrm.site", STRING, null, false, "Symbolic code of the store in RetailCRM (reference/sites)."),
            new Setting("retailcrm.timeout-ms", INT, "10000", false, "Connect and read timeout of RetailCRM calls.").must(Check.positive()),
            new Setting("retailcrm.mapping.statuses", MAP, "", false, "Shop status id → RetailCRM status code."),
            new Setting("retailcrm.mapping.deliveries", MAP, "", false, "Shop delivery id → RetailCRM delivery type code."),
            new Setting("retailcrm.mapping.payments", MAP, "", false, "Shop payment id → RetailCRM payment type code."),
            new Setting("retailcrm.mapping.ignored-statuses", LIST, "", false,
                    "Shop status ids left unmapped on purpose: shopsync check does not warn about them (an order that reaches "
                    + "one still goes to sync.dlq, as with any unmapped id).").must(Check.shopIds()),
            new Setting("retailcrm.mapping.ignored-deliveries", LIST, "", false,
                    "Shop delivery ids left unmapped on purpose (see retailcrm.mapping.ignored-statuses).").must(Check.shopIds()),
            new Setting("retailcrm.mapping.ignored-payments", LIST, "", false,
                    "Shop payment ids left unmapped on purpose (see retailcrm.mapping.ignored-statuses).").must(Check.shopIds()),
            new Setting("retailcrm.rate-limit", INT, "10", false,
                    "Requests per second shopsync sends to the RetailCRM account (RetailCRM allows 10 per key).").must(Check.positive()),
            new Setting("retailcrm.backfill", STRING, "missing", false,
                    "What the first start (and shopsync resnapshot) does with orders and customers the shop already had: "
                    + "missing = create those the store lacks and never edit what it has; none = send nothing of them; "
                    + "all = create or overwrite them.").must(Check.oneOf("missing", "none", "all")),
            new Setting("retailcrm.sync-statuses", LIST, "", false,
                    "RetailCRM status codes that are written back into the shop; empty: every mapped status."),
            new Setting("retailcrm.timezone", STRING, "Europe/Moscow", false,
                    "Time zone of the RetailCRM account (its history times carry none).").must(Check.timeZone()),
            new Setting("retailcrm.history.enabled", BOOL, "true", false,
                    "Poll RetailCRM's orders/history for status changes (the safety net for lost webhooks)."),
            new Setting("retailcrm.history.interval", DURATION, "60s", false, "How often the history is polled."),
            new Setting("retailcrm.offer-id", STRING, "product", false,
                    "Offer id of an order line: product (the miniShop2 product id) or modretailcrm (mod-{product}-{modification} "
                    + "for an msOptionsPrice2 modification, as modRetailCRM and its ICML catalog).").must(Check.oneOf("product", "modretailcrm")),
            new Setting("retailcrm.paid-statuses", LIST, "", false,
                    "Shop status ids at which the order's RetailCRM payment is set to retailcrm.payment-status, once per order.")
                    .must(Check.statusIds()),
            new Setting("retailcrm.payment-status", STRING, "paid", false,
                    "RetailCRM payment status code set when an order reaches one of retailcrm.paid-statuses."),
            new Setting("retailcrm.order-external-id", STRING, "id", false,
                    "How orders are named in RetailCRM (externalId): id = the shop order id; num = the miniShop2 number with / "
                    + "written - (2103/308 → 2103-308), as the modRetailCRM plugin does: set num when switching from it.")
                    .must(Check.oneOf("id", "num")),
            new Setting("retailcrm.catalog.secret", STRING, "", true,
                    "Serve the shop's catalog as an ICML feed for RetailCRM at /catalog/retailcrm/<secret>.xml on webhooks.port "
                    + "(paste that URL in RetailCRM: Stores → the store → catalog); the secret path segment is its only key, "
                    + "at least 16 characters. Empty: no feed."),
            new Setting("retailcrm.catalog.site-url", URL, "", false,
                    "The shop's address (https://shop.example): the feed's product URLs and pictures are made from it and "
                    + "site_content.uri / ms2_products.image. Empty: the feed has neither."),
            new Setting("retailcrm.catalog.shop-name", STRING, "", false, "The feed's <name> and <company>; empty: retailcrm.site."),
            new Setting("retailcrm.inventories.enabled", BOOL, "true", false,
                    "Send a change of an offer's stock or price at once (store/inventories/upload, store/prices/upload), "
                    + "so RetailCRM is not hours behind between two loads of the catalog."),
            new Setting("retailcrm.inventories.store", STRING, "", false,
                    "Code of the RetailCRM warehouse whose stock the shop's quantities are (Administration → Warehouses); "
                    + "empty: quantities are not sent, only prices."),
            new Setting("retailcrm.inventories.price-type", STRING, "base", false,
                    "Code of the RetailCRM price type the shop's prices are sent to (base is RetailCRM's own)."));

    @Override
    public Target target() {
        return Topics.RETAILCRM;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public boolean enabled(ConfigValues v) {
        return v.bool("retailcrm.enabled");
    }

    @Override
    public void validate(ConfigValues v, List<String> problems) {
        v.require(problems, "retailcrm.url", "retailcrm.api-key", "retailcrm.site");
        String feedSecret = v.optional("retailcrm.catalog.secret");
        if (feedSecret != null && feedSecret.length() < 16) {
            problems.add("retailcrm.catalog.secret: at least 16 characters (it is the feed's only key)");
        }
        if (feedSecret != null && !v.bool("webhooks.enabled")) {
            problems.add("retailcrm.catalog.secret: the feed is served on webhooks.port; set webhooks.enabled: true");
        }
        for (ShopList list : ShopList.values()) {
            Map<String, String> mapped = v.map(list.mappingKey());
            List<String> ignored = v.list(list.ignoredKey());
            if (mapped == null || ignored == null) continue;
            ignored.stream().filter(mapped::containsKey).forEach(id -> problems.add(list.ignoredKey() + ": " + id
                    + " is also mapped in " + list.mappingKey() + " (an id is either mapped or ignored)"));
        }
        Map<String, String> statuses = v.map("retailcrm.mapping.statuses");
        List<String> sync = v.list("retailcrm.sync-statuses");
        if (statuses == null) return;
        Map<String, String> firstShopIdByCode = new HashMap<>();
        statuses.forEach((shopId, code) -> {
            String other = firstShopIdByCode.putIfAbsent(code, shopId);
            if (other != null && (sync == null || sync.isEmpty() || sync.contains(code))) {
                problems.add("retailcrm.mapping.statuses: shop statuses " + other + " and " + shopId + " both map to '" + code
                        + "', so a change to '" + code + "' in RetailCRM has no single shop status (list the codes that "
                        + "sync back in retailcrm.sync-statuses)");
            }
        });
    }

    @Override
    public TargetTranslator translator(ConfigValues v) {
        return new RetailCrmRequests(new RetailCrmMapping(v.map("retailcrm.mapping.statuses"), v.map("retailcrm.mapping.deliveries"),
                v.map("retailcrm.mapping.payments"), gramsPerUnit(v), Set.copyOf(v.list("retailcrm.sync-statuses"))), options(v));
    }

    private static RetailCrmOptions options(ConfigValues v) {
        Set<Integer> paid = v.list("retailcrm.paid-statuses").stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
        return new RetailCrmOptions(offerId(v), paid,
                v.string("retailcrm.payment-status"), OrderExternalId.parse(v.string("retailcrm.order-external-id")),
                Backfill.valueOf(v.string("retailcrm.backfill").toUpperCase(Locale.ROOT)))
                .withInventories(new RetailCrmOptions.Inventories(v.bool("retailcrm.inventories.enabled"),
                        v.optional("retailcrm.inventories.store"), v.string("retailcrm.inventories.price-type")));
    }

    private static RetailCrmOptions.OfferId offerId(ConfigValues v) {
        return RetailCrmOptions.OfferId.valueOf(v.string("retailcrm.offer-id").toUpperCase(Locale.ROOT));
    }

    private static BigDecimal gramsPerUnit(ConfigValues v) {
        return "g".equals(v.string("shop.weight-unit")) ? BigDecimal.ONE : BigDecimal.valueOf(1000);
    }

    /** The ICML feed, or null when no secret is set; its copy of the catalog lives in {@code <data-dir>/retailcrm-catalog}. */
    private static RetailCrmSettings.CatalogFeed catalog(ConfigValues v) {
        String secret = v.optional("retailcrm.catalog.secret");
        if (secret == null) return null;
        String name = v.optional("retailcrm.catalog.shop-name");
        return new RetailCrmSettings.CatalogFeed(secret, v.optional("retailcrm.catalog.site-url"), name != null ? name : v.string("retailcrm.site"),
                offerId(v) == RetailCrmOptions.OfferId.MODRETAILCRM, gramsPerUnit(v), ShopsyncConfig.path(v.string("data-dir")).resolve("retailcrm-catalog"));
    }

    @Override
    public TargetSettings sink(ConfigValues v) {
        return settings(v);
    }

    /** The mappings as configured, for {@code shopsync check}. */
    static PreflightSettings.RetailCrm preflight(ConfigValues v) {
        Map<ShopList, Map<String, String>> mappings = new EnumMap<>(ShopList.class);
        Map<ShopList, Set<String>> ignored = new EnumMap<>(ShopList.class);
        for (ShopList list : ShopList.values()) {
            mappings.put(list, Map.copyOf(v.map(list.mappingKey())));
            ignored.put(list, Set.copyOf(v.list(list.ignoredKey())));
        }
        return new PreflightSettings.RetailCrm(settings(v), mappings, ignored, v.list("retailcrm.sync-statuses"),
                !v.list("retailcrm.paid-statuses").isEmpty());
    }

    static RetailCrmSettings settings(ConfigValues v) {
        return new RetailCrmSettings(v.bool("retailcrm.enabled"), v.string("retailcrm.url"), v.string("retailcrm.api-key"),
                v.string("retailcrm.site"), Duration.ofMillis(v.integer("retailcrm.timeout-ms")), v.integer("retailcrm.rate-limit"),
                v.bool("retailcrm.history.enabled"), v.duration("retailcrm.history.interval"), ZoneId.of(v.string("retailcrm.timezone")),
                OrderExternalId.parse(v.string("retailcrm.order-external-id")), catalog(v));
    }
}
