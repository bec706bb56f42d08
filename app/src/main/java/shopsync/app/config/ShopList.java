package shopsync.app.config;

/**
 * The shop's own lists that orders refer to by id and that a CRM mapping translates: statuses, deliveries, payments
 * ({@code ms2_order_statuses}, {@code ms2_deliveries}, {@code ms2_payments}), with the RetailCRM keys that map them.
 */
public enum ShopList {
    STATUSES("ms2_order_statuses", "status", "statuses"),
    DELIVERIES("ms2_deliveries", "delivery", "deliveries"),
    PAYMENTS("ms2_payments", "payment", "payments");

    private final String table;
    private final String noun;
    private final String plural;

    ShopList(String table, String noun, String plural) {
        this.table = table;
        this.noun = noun;
        this.plural = plural;
    }

    /** The miniShop2 table, without the prefix. */
    public String table() {
        return table;
    }

    /** One of its rows in a sentence: "status", "delivery", "payment". */
    public String noun() {
        return noun;
    }

    /** {@code retailcrm.mapping.statuses}, … */
    public String mappingKey() {
        return "retailcrm.mapping." + plural;
    }

    /** {@code retailcrm.mapping.ignored-statuses}, … */
    public String ignoredKey() {
        return "retailcrm.mapping.ignored-" + plural;
    }
}
