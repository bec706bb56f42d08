package shopsync.app.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import shopsync.app.config.PreflightSettings;
import shopsync.app.config.ShopList;
import shopsync.sink.delivery.CrmUnreachable;
import shopsync.sink.delivery.RateGate;
import shopsync.sink.frontpad.FrontpadClient;
import shopsync.sink.frontpad.FrontpadClient.FrontpadAnswer;

/**
 * The Frontpad account: the secret, by one cheap documented call ({@code get_stops}, which answers {@code no_stops}
 * for an empty stop list: minishop2-frontpad.md §5.4), and whether the configured codes and shop ids are plausible:
 * Frontpad's codes (pay, point, affiliate, channel) are numbers from its reference books, the shop ids name rows the
 * shop has. Frontpad has no call that lists its codes, so a code is not checked any further.
 */
final class FrontpadCheck {
    private final PreflightSettings.Frontpad settings;
    private final Findings f = new Findings("frontpad");

    private FrontpadCheck(PreflightSettings.Frontpad settings) {
        this.settings = settings;
    }

    static List<CheckReport.Entry> run(PreflightSettings.Frontpad settings, CompletableFuture<ShopFacts> shop, Duration timeout) {
        FrontpadCheck check = new FrontpadCheck(settings);
        Duration t = settings.account().timeout().compareTo(timeout) < 0 ? settings.account().timeout() : timeout;
        try (FrontpadClient client = new FrontpadClient(settings.account().url(), settings.account().secret(), t, new RateGate(1))) {
            check.secret(client);
        }
        check.codes();
        check.shopIds(shop.join());
        return check.f.entries();
    }

    private void secret(FrontpadClient client) {
        FrontpadAnswer answer;
        try {
            answer = client.call("get_stops", Map.of());
        } catch (CrmUnreachable e) {
            f.warning("secret", "not checked: Frontpad at " + settings.account().url() + " did not answer (" + e.getMessage() + ")",
                    "check frontpad.url and that this host reaches it; until it answers, orders wait");
            return;
        }
        if (answer.success() || answer.error().equals("no_stops")) {
            f.ok("secret", "accepted (get_stops answered)");
            return;
        }
        switch (answer.error()) {
            case "invalid_secret" -> f.problem("secret", "Frontpad refuses frontpad.secret (invalid_secret)",
                    "set frontpad.secret (or SHOPSYNC_FRONTPAD_SECRET) to the key in Frontpad: Настройки → API");
            case "api_off" -> f.problem("secret", "the API is switched off in the Frontpad account (api_off)",
                    "switch the API on in Frontpad: Настройки → API");
            case "invalid_plant" -> f.problem("secret", "the Frontpad account's tariff has no API (invalid_plant)",
                    "move the account to a tariff with API access");
            case "requests_limit" -> f.warning("secret", "not checked: the account's 30 requests a minute are used up right now "
                    + "(requests_limit)", "is another program using this account's API? run shopsync check again in a minute");
            default -> f.warning("secret", "not checked: Frontpad answered " + answer.error(), "run shopsync check again later");
        }
    }

    private void codes() {
        boolean fine = true;
        for (PreflightSettings.Code code : settings.codes()) {
            if (!code.code().matches("\\d+")) {
                fine = false;
                f.warning("codes", code.key() + " = '" + code.code() + "': Frontpad's codes are numbers from its reference books",
                        "use the code Frontpad shows for it (its reference books, the code column)");
            }
        }
        if (fine) f.ok("codes", settings.codes().isEmpty() ? "none configured" : settings.codes().size() + " code(s), each a number");
    }

    private void shopIds(ShopFacts facts) {
        String sendOn = settings.sendOnStatus();
        if (facts == null) {
            if (!settings.shopIds().isEmpty() || sendOn != null) {
                f.warning("shop ids", "not compared: the shop's database could not be read (see above)", "fix the shop database first");
            }
            return;
        }
        if (sendOn != null) {
            if (facts.row(ShopList.STATUSES, sendOn) == null) {
                f.problem("send-on-status", "frontpad.send-on-status " + sendOn + ": the shop has no such status, so no order would ever "
                        + "be sent", "set it to the id of a status in " + ShopList.STATUSES.table() + ", or leave it empty");
            } else {
                f.ok("send-on-status", "orders go to Frontpad at shop status " + sendOn + " '" + facts.row(ShopList.STATUSES, sendOn).name() + "'");
            }
        }
        boolean fine = true;
        for (PreflightSettings.ShopId id : settings.shopIds()) {
            if (facts.row(id.list(), id.id()) == null) {
                fine = false;
                f.warning("shop ids", id.key() + " names " + id.list().noun() + " " + id.id() + ", which the shop does not have",
                        "correct the id (the id column of " + id.list().table() + ")");
            }
        }
        if (fine && !settings.shopIds().isEmpty()) f.ok("shop ids", settings.shopIds().size() + " shop id(s), each exists");
    }
}
