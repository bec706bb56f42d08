package shopsync.sink.frontpad;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import shopsync.sink.CrmTarget;
import shopsync.sink.TargetContext;
import shopsync.sink.TargetSettings;
import shopsync.sink.notify.MailSettings;

/**
 * The Frontpad account and FrontpadApi's sink-side options ({@code frontpad.*}).
 *
 * @param requestsPerMinute the account's budget per minute, shared by every Frontpad call of the process
 * @param rateLimit the account's budget per second
 * @param statusCodes Frontpad status code → status name, for its webhook
 * @param hookUrl where Frontpad should report status changes (with the webhook secret), or null
 * @param hookStatusCodes the status codes Frontpad should report (at most 5 are sent)
 * @param articleCheck check new and changed product articles against Frontpad's products
 * @param shopTablePrefix the shop's table prefix, to recognise its products table in the catalogue changes
 * @param checkStatuses poll only orders in these shop statuses (empty: those the shop does not mark final)
 * @param checkAge poll orders sent within this long
 * @param checkInterval check each order at most this often when Frontpad's webhook is off
 * @param checkIntervalWithWebhook check each order at most this often when the webhook is on (the slow safety net)
 * @param siteChecks serve the order-status and certificate checks for the shop's pages on the webhook port
 * @param mail e-mail the manager about an order Frontpad would not take; null: no e-mail
 * @param zone the shop's time zone, for the time in an uncertain order's reason
 */
public record FrontpadSettings(boolean enabled, String url, String secret, Duration timeout, int requestsPerMinute, int rateLimit,
                               Map<String, String> statusCodes, String hookUrl, List<String> hookStatusCodes, boolean articleCheck,
                               String shopTablePrefix, List<Integer> checkStatuses, Duration checkAge, Duration checkInterval,
                               Duration checkIntervalWithWebhook,
                               boolean siteChecks, MailSettings mail, ZoneId zone) implements TargetSettings {

    /** How often each order is checked: rarely when the webhook reports statuses. */
    public Duration perOrderCheckInterval() {
        return hookUrl == null ? checkInterval : checkIntervalWithWebhook;
    }

    @Override
    public CrmTarget open(TargetContext context) {
        return new FrontpadTarget(this, context);
    }

    @Override
    public String toString() {
        // The hook URL carries the webhook secret in its path.
        return "FrontpadSettings[enabled=" + enabled + ", url=" + url + ", secret=****, timeout=" + timeout + ", requestsPerMinute=" + requestsPerMinute + ", rateLimit=" + rateLimit
                + ", hookUrl=" + (hookUrl == null ? null : "****") + ", articleCheck=" + articleCheck + ", checkInterval="
                + checkInterval + ", siteChecks=" + siteChecks + ", mail=" + mail + "]";
    }
}
