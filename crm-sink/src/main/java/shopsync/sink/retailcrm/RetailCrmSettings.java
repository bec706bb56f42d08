package shopsync.sink.retailcrm;

import java.math.BigDecimal;
import java.nio.file.Path;
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
 * @param catalog the ICML feed, or null for none
 */
public record RetailCrmSettings(boolean enabled, String url, String apiKey, String site, Duration timeout, int rateLimit,
                                boolean historyEnabled, Duration historyInterval, ZoneId timezone,
                                OrderExternalId orderExternalId, CatalogFeed catalog) implements TargetSettings {

    public RetailCrmSettings(boolean enabled, String url, String apiKey, String site, Duration timeout, int rateLimit,
                             boolean historyEnabled, Duration historyInterval, ZoneId timezone, OrderExternalId orderExternalId) {
        this(enabled, url, apiKey, site, timeout, rateLimit, historyEnabled, historyInterval, timezone, orderExternalId, null);
    }

    /**
     * The ICML catalog feed ({@code retailcrm.catalog.*}), served on the webhook port.
     *
     * @param secret the path segment that is its only key
     * @param siteUrl the shop's address for product URLs and pictures (null: none)
     * @param shopName the catalog's {@code <name>} and {@code <company>}
     * @param modificationsAsOffers msOptionsPrice2 modifications are offers ({@code retailcrm.offer-id: modretailcrm})
     * @param gramsPerWeightUnit 1000 for a shop that weighs in kg, 1 in g
     * @param stateDir where the local copy of the catalog lives
     */
    public record CatalogFeed(String secret, String siteUrl, String shopName, boolean modificationsAsOffers, BigDecimal gramsPerWeightUnit,
                              Path stateDir) {
        @Override
        public String toString() {
            return "CatalogFeed[secret=****, siteUrl=" + siteUrl + ", shopName=" + shopName + ", modificationsAsOffers="
                    + modificationsAsOffers + ", gramsPerWeightUnit=" + gramsPerWeightUnit + ", stateDir=" + stateDir + "]";
        }
    }

    @Override
    public CrmTarget open(TargetContext context) {
        return new RetailCrmTarget(this, context);
    }

    @Override
    public String toString() {
        return "RetailCrmSettings[enabled=" + enabled + ", url=" + url + ", apiKey=****, site=" + site + ", timeout=" + timeout
                + ", rateLimit=" + rateLimit + ", historyEnabled=" + historyEnabled + ", historyInterval=" + historyInterval
                + ", timezone=" + timezone + ", orderExternalId=" + orderExternalId + ", catalog=" + catalog + "]";
    }
}
