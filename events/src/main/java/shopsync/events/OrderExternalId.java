package shopsync.events;

import java.util.Locale;

/**
 * How a shop order is named in RetailCRM ({@code retailcrm.order-external-id}): by its shop id ({@code 2103}), or as
 * the modRetailCRM plugin names it, by its miniShop2 {@code num} with {@code /} turned into {@code -}
 * ({@code 2103/308} → {@code 2103-308}). Inside shopsync an order is always its shop id; only what is sent to or
 * read from RetailCRM uses this name.
 */
public enum OrderExternalId {
    ID,
    NUM;

    /** Reads a configuration value: {@code id} or {@code num}. */
    public static OrderExternalId parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** The order's name in RetailCRM, or null when the scheme needs a {@code num} the order does not have. */
    public String of(long id, String num) {
        if (this == ID) return String.valueOf(id);
        return num == null || num.isBlank() ? null : dashed(num);
    }

    /** A miniShop2 num as modRetailCRM sends it: {@code 2103/308} → {@code 2103-308}. */
    public static String dashed(String num) {
        return num.replace('/', '-');
    }

    /** The configuration value. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
