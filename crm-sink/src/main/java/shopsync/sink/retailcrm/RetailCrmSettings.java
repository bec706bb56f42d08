package shopsync.sink.retailcrm;

import java.time.Duration;
import java.time.ZoneId;
import shopsync.events.OrderExternalId;
import shopsync.sink.CrmTarget;
import shopsync.sink.TargetContext;
import shopsync.sink.TargetSettings;

/**
 * The RetailCRM account ({@code retailcrm.*}).
 *
 * @param rateLimit requests per second the account allows
 * @param historyEnabled poll {@code orders/history} for status changes whose webhook was lost
 * @param timezone the CRM's time zone, in which its history times are written
 * @param orderExternalId how orders are named in RetailCRM (by shop id, or by num as modRetailCRM does)
 */
public record RetailCrmSettings(boolean enabled, String url, String apiKey, String site, Duration timeout, int rateLimit,
                                boolean historyEnabled, Duration historyInterval, ZoneId timezone,
                                OrderExternalId orderExternalId) implements TargetSettings {

    @Override
    public CrmTarget open(TargetContext context) {
        return new RetailCrmTarget(this, context);
    }

    @Override
    public String toString() {
        return "RetailCrmSettings[enabled=" + enabled + ", url=" + url + ", apiKey=****, site=" + site + ", timeout=" + timeout
                + ", rateLimit=" + rateLimit + ", historyEnabled=" + historyEnabled + ", historyInterval=" + historyInterval
                + ", timezone=" + timezone + ", orderExternalId=" + orderExternalId + "]";
    }
}
