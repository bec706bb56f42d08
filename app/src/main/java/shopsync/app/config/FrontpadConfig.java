package shopsync.app.config;

import static shopsync.app.config.Setting.Type.BOOL;
import static shopsync.app.config.Setting.Type.DURATION;
import static shopsync.app.config.Setting.Type.INT;
import static shopsync.app.config.Setting.Type.LIST;
import static shopsync.app.config.Setting.Type.MAP;
import static shopsync.app.config.Setting.Type.STRING;
import static shopsync.app.config.Setting.Type.URL;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import shopsync.app.config.Setting.Check;
import shopsync.events.Target;
import shopsync.events.Topics;
import shopsync.processor.TargetTranslator;
import shopsync.processor.frontpad.FrontpadMapping;
import shopsync.processor.frontpad.FrontpadRequests;
import shopsync.sink.TargetSettings;
import shopsync.sink.frontpad.FrontpadSettings;
import shopsync.sink.notify.MailSettings;

/** Frontpad's keys ({@code frontpad.*}, FrontpadApi's settings under shopsync's names) and what the roles take from them. */
final class FrontpadConfig implements TargetConfig {
    private static final List<Setting> SETTINGS = List.of(
            new Setting("frontpad.enabled", BOOL, "false", false, "Send orders to Frontpad (delivery/cafe CRM)."),
            new Setting("frontpad.url", URL, "https://app.frontpad.ru/api/index.php", false, "Frontpad API endpoint."),
            new Setting("frontpad.secret", STRING, "", true, "Frontpad API secret (Настройки → API); never logged."),
            new Setting("frontpad.timeout-ms", INT, "10000", false, "Connect and read timeout of Frontpad calls.").must(Check.positive()),
            new Setting("frontpad.rate-limit", INT, "2", false,
                    "Requests per second to Frontpad, all calls of the process together (it allows 2).").must(Check.positive()),
            new Setting("frontpad.requests-per-minute", INT, "25", false,
                    "Requests per minute to Frontpad, all calls of the process together, new_order first (it allows 30).")
                    .must(Check.positive()),
            new Setting("frontpad.send-on-status", STRING, "", false,
                    "Send an order only when it reaches this shop status id; empty: as soon as it is created.").must(Check.statusId()),
            new Setting("frontpad.payments", MAP, "", false, "Shop payment id → Frontpad pay code."),
            new Setting("frontpad.default-pay", STRING, "", false, "Pay code for payments not in frontpad.payments."),
            new Setting("frontpad.points", MAP, "", false, "Shop delivery id → Frontpad point of sale code."),
            new Setting("frontpad.default-point", STRING, "", false, "Point of sale for deliveries not in frontpad.points."),
            new Setting("frontpad.affiliates-enabled", BOOL, "false", false, "Send an affiliate (филиал)."),
            new Setting("frontpad.affiliates", MAP, "", false, "Shop delivery id → Frontpad affiliate code."),
            new Setting("frontpad.default-affiliate", STRING, "", false, "Affiliate for deliveries not in frontpad.affiliates."),
            new Setting("frontpad.channels", MAP, "", false, "Shop context (e.g. web) → Frontpad sales channel code."),
            new Setting("frontpad.default-channel", STRING, "", false, "Sales channel for contexts not in frontpad.channels."),
            new Setting("frontpad.additional-fields", LIST, "pod,certificate,et,card,score,sale,sale_amount,person,datetime:extfld_deliverydate", false,
                    "Extra new_order fields, FrontpadApi's crm:shop form (shop side: order or address properties)."),
            new Setting("frontpad.matched-statuses", MAP, "", false,
                    "Frontpad status name → shop status id, e.g. Новый:1, В пути:2 (statuses that come back to the shop).").must(Check.statusIds()),
            new Setting("frontpad.status-codes", MAP, "", false,
                    "Frontpad status API code → status name, for the webhook (Справочники → Статусы), e.g. 1:Новый."),
            new Setting("frontpad.check-statuses", LIST, "", false,
                    "Poll Frontpad for orders whose shop status is one of these ids; empty: every status the shop does not mark final.").must(Check.statusIds()),
            new Setting("frontpad.check-interval", DURATION, "1m", false, "How often each order's Frontpad status is polled without the webhook (the budget may stretch it)."),
            new Setting("frontpad.check-interval-with-webhook", DURATION, "10m", false,
                    "How often each order's Frontpad status is polled when frontpad.webhook-url is set (a safety net)."),
            new Setting("frontpad.check-days", INT, "7", false, "Poll orders sent within this many days.").must(Check.positive()),
            new Setting("frontpad.webhook-url", STRING, "", false,
                    "Public URL of /webhooks/frontpad/<webhooks.secret>, sent as hook_url with each order; empty: polling only."),
            new Setting("frontpad.error-status", STRING, "", false,
                    "Shop status id an order moves to when Frontpad rejects it ('Ошибка API'; shopsync setup creates it); empty: none.").must(Check.statusId()),
            new Setting("frontpad.on-error.comment", BOOL, "true", false, "Append Frontpad's error to the order's manager comment."),
            new Setting("frontpad.on-error.email", BOOL, "false", false, "E-mail the manager (smtp.*) when Frontpad rejects an order."),
            new Setting("frontpad.article-check", BOOL, "true", false,
                    "Check new or changed product articles against Frontpad's get_products (fetched at most hourly)."),
            new Setting("frontpad.timezone", STRING, "Europe/Moscow", false,
                    "The shop's time zone: the time an uncertain order was sent, in its dead letter and manager comment.").must(Check.timeZone()),
            new Setting("frontpad.site-checks", BOOL, "true", false,
                    "Serve /frontpad/order-status and /frontpad/certificate for the shop's pages (on webhooks.port)."));

    @Override
    public Target target() {
        return Topics.FRONTPAD;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public boolean enabled(ConfigValues v) {
        return v.bool("frontpad.enabled");
    }

    @Override
    public void validate(ConfigValues v, List<String> problems) {
        v.require(problems, "frontpad.secret");
        if (v.bool("frontpad.on-error.email")) v.require(problems, "smtp.host", "smtp.to");
    }

    @Override
    public TargetTranslator translator(ConfigValues v) {
        return new FrontpadRequests(new FrontpadMapping(v.map("frontpad.payments"), v.optional("frontpad.default-pay"),
                v.map("frontpad.points"), v.optional("frontpad.default-point"), v.bool("frontpad.affiliates-enabled"),
                v.map("frontpad.affiliates"), v.optional("frontpad.default-affiliate"), v.map("frontpad.channels"),
                v.optional("frontpad.default-channel"), v.list("frontpad.additional-fields"),
                v.optionalInt("frontpad.send-on-status"), v.map("frontpad.matched-statuses"), v.optionalInt("frontpad.error-status"),
                v.bool("frontpad.on-error.comment")));
    }

    @Override
    public TargetSettings sink(ConfigValues v) {
        return settings(v);
    }

    /** The codes and shop ids as configured, for {@code shopsync check}. */
    static PreflightSettings.Frontpad preflight(ConfigValues v) {
        List<PreflightSettings.Code> codes = new ArrayList<>();
        List<PreflightSettings.ShopId> shopIds = new ArrayList<>();
        List<String> mapKeys = new ArrayList<>(List.of("frontpad.payments", "frontpad.points", "frontpad.channels"));
        List<String> defaults = new ArrayList<>(List.of("frontpad.default-pay", "frontpad.default-point", "frontpad.default-channel"));
        if (v.bool("frontpad.affiliates-enabled")) {
            mapKeys.add("frontpad.affiliates");
            defaults.add("frontpad.default-affiliate");
        }
        for (String key : mapKeys) {
            v.map(key).forEach((from, code) -> codes.add(new PreflightSettings.Code(key + " " + from, code)));
            ShopList list = key.equals("frontpad.payments") ? ShopList.PAYMENTS : key.equals("frontpad.channels") ? null : ShopList.DELIVERIES;
            if (list != null) v.map(key).keySet().forEach(id -> shopIds.add(new PreflightSettings.ShopId(key, list, id)));
        }
        for (String key : defaults) {
            if (v.optional(key) != null) codes.add(new PreflightSettings.Code(key, v.optional(key)));
        }
        v.map("frontpad.matched-statuses").forEach((name, id) -> shopIds.add(new PreflightSettings.ShopId("frontpad.matched-statuses "
                + name, ShopList.STATUSES, id)));
        v.list("frontpad.check-statuses").forEach(id -> shopIds.add(new PreflightSettings.ShopId("frontpad.check-statuses", ShopList.STATUSES, id)));
        if (v.optional("frontpad.error-status") != null) {
            shopIds.add(new PreflightSettings.ShopId("frontpad.error-status", ShopList.STATUSES, v.optional("frontpad.error-status")));
        }
        return new PreflightSettings.Frontpad(settings(v), codes, shopIds, v.optional("frontpad.send-on-status"));
    }

    static FrontpadSettings settings(ConfigValues v) {
        Map<String, String> codes = v.map("frontpad.status-codes");
        Map<String, String> matched = v.map("frontpad.matched-statuses");
        // Frontpad calls hook_url only for the status codes listed with the order: those that come back to the shop.
        List<String> hookCodes = codes.entrySet().stream().filter(e -> matched.containsKey(e.getValue())).map(Map.Entry::getKey).toList();
        MailSettings mail = v.bool("frontpad.on-error.email") ? new MailSettings(v.string("smtp.host"), v.integer("smtp.port"),
                v.bool("smtp.starttls"), v.string("smtp.user"), v.string("smtp.password"), v.string("smtp.from"), v.string("smtp.to")) : null;
        return new FrontpadSettings(v.bool("frontpad.enabled"), v.string("frontpad.url"), v.string("frontpad.secret"),
                Duration.ofMillis(v.integer("frontpad.timeout-ms")), v.integer("frontpad.requests-per-minute"),
                v.integer("frontpad.rate-limit"), codes,
                v.optional("frontpad.webhook-url"), hookCodes, v.bool("frontpad.article-check"), v.string("shop.table-prefix"),
                v.list("frontpad.check-statuses").stream().map(Integer::valueOf).toList(), Duration.ofDays(v.integer("frontpad.check-days")),
                v.duration("frontpad.check-interval"), v.duration("frontpad.check-interval-with-webhook"), v.bool("frontpad.site-checks"),
                mail, ZoneId.of(v.string("frontpad.timezone")));
    }
}
