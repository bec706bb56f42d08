package shopsync.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A complete miniShop2 order: the order row, its address, its items (with the product article) and the
 * customer. Money and weight are exact decimals, never doubles. {@code createdOn} is the shop's local
 * wall-clock time as {@code yyyy-MM-dd HH:mm:ss}. {@code extraFields} are the scalar entries of the order's and
 * the address's {@code properties} JSON (extra checkout fields such as {@code extfld_deliverydate}).
 */
public record OrderSnapshot(long id, String num, long userId, int status, String createdOn, BigDecimal cost,
                            BigDecimal cartCost, BigDecimal deliveryCost, BigDecimal weight, long delivery,
                            String deliveryName, long payment, String paymentName, String orderComment, String context,
                            Map<String, String> extraFields, Address address, List<Item> items, CustomerSnapshot customer) {

    public record Address(String receiver, String phone, String email, String country, String index, String region,
                          String city, String metro, String street, String building, String entrance, String floor,
                          String room, String comment, String textAddress) {}

    /**
     * One line ({@code ms2_order_products} row; {@code id} is that row's id).
     *
     * @param modificationId the msOptionsPrice2 modification chosen for the line ({@code options.modification} of the
     *                       line, an {@code msop_modifications.id}), or null for a plain product (also in JSON stored
     *                       before it existed)
     */
    public record Item(long id, long productId, String article, String name, int count, BigDecimal price,
                       BigDecimal cost, BigDecimal weight, Long modificationId) {}

    public OrderSnapshot withStatus(int newStatus) {
        return new OrderSnapshot(id, num, userId, newStatus, createdOn, cost, cartCost, deliveryCost, weight,
                delivery, deliveryName, payment, paymentName, orderComment, context, extraFields, address, items, customer);
    }

    /**
     * Only what the order's own rows say: without the customer, the product articles and the delivery and
     * payment names, which are looked up elsewhere and may arrive later than the order.
     */
    public OrderSnapshot ownRows() {
        List<Item> plainItems = items.stream().map(i -> new Item(i.id, i.productId, null, i.name, i.count, i.price, i.cost,
                i.weight, i.modificationId)).toList();
        return new OrderSnapshot(id, num, userId, status, createdOn, cost, cartCost, deliveryCost, weight, delivery, null,
                payment, null, orderComment, context, extraFields, address, plainItems, null);
    }
}
