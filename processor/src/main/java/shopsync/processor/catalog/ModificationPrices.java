package shopsync.processor.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What an msOptionsPrice2 modification makes of its product's price and weight, by the extra's own rule
 * ({@code msoptionsprice::getCostByType} / {@code getMassByType}): a value ending in {@code %} is that share of the
 * product's (an empty share is 1%); type 1 means the value is the result, 2 adds it to the product's, 3 takes it
 * away; a negative result is 0, and a zero result falls back to the product's own (the extra's default,
 * {@code allow_zero_cost} off). Note that modRetailCRM's ICML snippet prints the stored value as the price whatever
 * the type, so its feed shows 100.00 for a modification that adds 100; shopsync shows what the shop charges.
 */
final class ModificationPrices {
    private ModificationPrices() {}

    static BigDecimal price(int type, String value, BigDecimal productPrice) {
        return apply(type, value, productPrice).setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal weight(int type, BigDecimal value, BigDecimal productWeight) {
        return apply(type, value == null ? null : value.toPlainString(), productWeight);
    }

    private static BigDecimal apply(int type, String value, BigDecimal base) {
        BigDecimal own = base == null ? BigDecimal.ZERO : base;
        String v = value == null ? "" : value.trim().replace(',', '.');
        BigDecimal amount;
        if (v.endsWith("%")) {
            BigDecimal share = number(v.substring(0, v.length() - 1).trim());
            amount = own.multiply(share.signum() == 0 ? BigDecimal.ONE : share).divide(BigDecimal.valueOf(100));
        } else {
            amount = number(v);
        }
        BigDecimal result = switch (type) {
            case 2 -> own.add(amount);
            case 3 -> own.subtract(amount);
            default -> amount;
        };
        if (result.signum() < 0) result = BigDecimal.ZERO;
        return result.signum() == 0 ? own : result;
    }

    private static BigDecimal number(String text) {
        try {
            return text.isEmpty() ? BigDecimal.ZERO : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO; // PHP reads a non-number as 0
        }
    }
}
