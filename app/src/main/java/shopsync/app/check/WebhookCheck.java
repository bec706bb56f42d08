package shopsync.app.check;

import java.util.ArrayList;
import java.util.List;
import shopsync.app.config.PreflightSettings;
import shopsync.sink.inbound.WebhookSettings;

/**
 * The webhook intake, from the configuration alone: whether settings that only matter with the intake on are set
 * while it is off (the intake then does not start, and nothing else says so), whether statuses can come back at all,
 * and the exact RetailCRM trigger to create. The secret is never printed: the URL shows {@code <webhooks.secret>}.
 */
final class WebhookCheck {
    private final PreflightSettings settings;
    private final WebhookSettings intake;
    private final Findings f = new Findings("webhooks");

    private WebhookCheck(PreflightSettings settings) {
        this.settings = settings;
        this.intake = settings.webhooks().intake();
    }

    /** @param stores how many stores the RetailCRM account has (-1: unknown) */
    static List<CheckReport.Entry> run(PreflightSettings settings, int stores) {
        WebhookCheck check = new WebhookCheck(settings);
        if (check.intake.enabled()) check.on(stores);
        else check.off();
        return check.f.entries();
    }

    private void on(int stores) {
        f.ok("intake", "on, port " + intake.port() + ", secret of " + intake.secret().length() + " characters");
        if (settings.retailCrm() != null) f.ok("RetailCRM trigger", trigger(stores));
        if (settings.retailCrm() != null && settings.retailCrm().account().catalog() != null) {
            f.ok("RetailCRM catalog", "ICML feed at https://<this host>:" + intake.port() + "/catalog/retailcrm/<retailcrm.catalog.secret>.xml: "
                    + "paste it in RetailCRM, Administration → Stores → the store → catalog; curl it to see what RetailCRM loads");
        }
        PreflightSettings.Frontpad frontpad = settings.frontpad();
        if (frontpad != null && frontpad.account().hookUrl() != null) {
            if (frontpad.account().hookUrl().contains(intake.secret())) {
                f.ok("Frontpad hook", "frontpad.webhook-url carries webhooks.secret");
            } else {
                f.warning("Frontpad hook", "frontpad.webhook-url does not carry webhooks.secret: the intake refuses Frontpad's calls (401), "
                                + "so statuses come back only by polling, every frontpad.check-interval-with-webhook",
                        "set frontpad.webhook-url to https://<public host>/…/webhooks/frontpad/<webhooks.secret>");
            }
        }
    }

    private void off() {
        List<String> unused = new ArrayList<>();
        if (intake.secret() != null && !intake.secret().isEmpty()) unused.add("webhooks.secret");
        if (settings.webhooks().portConfigured()) unused.add("webhooks.port");
        if (settings.frontpad() != null && settings.frontpad().account().hookUrl() != null) unused.add("frontpad.webhook-url");
        if (!unused.isEmpty()) {
            f.warning("intake", String.join(", ", unused) + " set, but webhooks.enabled is false: the intake does not start",
                    "set webhooks.enabled: true to receive CRM triggers, or remove " + String.join(", ", unused));
        } else if (settings.retailCrm() != null && !settings.retailCrm().account().historyEnabled()) {
            f.warning("intake", "off, and retailcrm.history.enabled is false: no RetailCRM status ever comes back to the shop",
                    "set webhooks.enabled: true (and create the trigger), or retailcrm.history.enabled: true");
        } else {
            f.ok("intake", "off" + (settings.retailCrm() != null ? ": RetailCRM statuses come back by history polling every "
                    + settings.retailCrm().account().historyInterval().toSeconds() + " s" : ""));
        }
    }

    /** The trigger to create in RetailCRM, as README "Statuses from RetailCRM back to the shop" describes it. */
    private String trigger(int stores) {
        String site = settings.retailCrm().account().site();
        boolean several = stores != 1;
        return "in RetailCRM, Administration → Communications → Triggers → add: event 'Order change'; condition "
                + "changeSet.hasChangedField(\"status\") and changeSet.getNewValue(\"status\")"
                + (several ? "; filter: store '" + site + "'" : "")
                + "; action HTTP request, method POST, URL https://<this host>:" + intake.port() + "/webhooks/retailcrm/<webhooks.secret>"
                + "; form parameters retailCRM_action = change_status, status = {{ order.getStatus().getCode() }}, "
                + "order_id = {{ order.getExternalId() }}" + (several ? ", site = {{ order.site }}" : "")
                + (stores < 0 ? " (site and the store filter matter when the account has several stores)" : "");
    }
}
