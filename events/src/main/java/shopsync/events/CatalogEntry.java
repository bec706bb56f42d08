package shopsync.events;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One record of the shop's catalog ({@code shopsync.catalog}, compacted): exactly one of a product with its
 * msOptionsPrice2 modifications, a category or a vendor. A product is one record, modifications included, so whoever
 * reads the topic never sees half of a product. Prices and weights are the shop's own (weights in its unit).
 */
public record CatalogEntry(Product product, Category category, Vendor vendor) {

    public static String productKey(long id) {
        return "product:" + id;
    }

    public static String categoryKey(long id) {
        return "category:" + id;
    }

    public static String vendorKey(long id) {
        return "vendor:" + id;
    }

    /**
     * The offer id of an msOptionsPrice2 modification, as modRetailCRM's order lines and ICML catalog name it
     * ({@code field-facts.md}): {@code mod-{productId}-{modificationId}}.
     */
    public static String modificationOfferId(long productId, long modificationId) {
        return "mod-" + productId + "-" + modificationId;
    }

    /**
     * A published, not deleted miniShop2 product ({@code site_content} with {@code class_key = msProduct} and its
     * {@code ms2_products} row).
     *
     * @param categoryId the resource the product sits in ({@code site_content.parent})
     * @param quantity {@code ms2_products.remains} (miniShop2 4.x), null where the shop has no such column
     * @param image the image path miniShop2 stores ({@code /assets/images/products/7/tea.jpg}), or null
     * @param modifications the active msOptionsPrice2 modifications, with the price and weight they give the product
     */
    public record Product(long id, String name, long categoryId, String uri, String article, BigDecimal price, BigDecimal weight,
                          Integer quantity, String image, long vendorId, List<Modification> modifications) {

        /**
         * What a CRM catalog lists for this product: the product itself, then (with {@code modificationsAsOffers}) one
         * offer per modification, named {@code "<product> - <modification>"}.
         */
        public List<Offer> offers(boolean modificationsAsOffers) {
            List<Offer> out = new ArrayList<>();
            out.add(new Offer(String.valueOf(id), this, name, price, article, weight, quantity, Map.of()));
            if (!modificationsAsOffers || modifications == null) return out;
            for (Modification m : modifications) {
                out.add(new Offer(modificationOfferId(id, m.id()), this, name + " - " + m.name(), m.price(),
                        m.article() != null ? m.article() : article, m.weight(), m.quantity(), m.options()));
            }
            return out;
        }
    }

    /**
     * An active msOptionsPrice2 modification ({@code msop_modifications}, with its {@code msop_modification_options}).
     *
     * @param price what the modification costs (its type applied to the product's price)
     * @param weight what it weighs (likewise)
     * @param quantity its {@code count}
     */
    public record Modification(long id, String name, BigDecimal price, String article, BigDecimal weight, int quantity,
                               Map<String, String> options) {}

    /** An offer as a CRM's catalog knows it, made from a product or one of its modifications. */
    public record Offer(String id, Product product, String name, BigDecimal price, String article, BigDecimal weight,
                        Integer quantity, Map<String, String> options) {}

    /** A published, not deleted miniShop2 category ({@code class_key = msCategory}). */
    public record Category(long id, long parentId, String name) {}

    /** A miniShop2 vendor ({@code ms2_vendors}). */
    public record Vendor(long id, String name) {}
}
