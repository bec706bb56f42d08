package shopsync.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * A complete miniShop2 order: the order row, its address, its items (with the product article) and the
 * customer. Money and weight are exact decimals, never doubles. {@code createdOn} is the shop's local
 * wall-clock time as {@code yyyy-MM-dd HH:mm:ss}.
 */
public record OrderSnapshot(long id, String num, long userId, int status, String createdOn, BigDecimal cost,
                            BigDecimal cartCost, BigDecimal deliveryCost, BigDecimal weight, long delivery,
                            long payment, String orderComment, Address address, List<Item> items,
                            CustomerSnapshot customer) {

    public record Address(String receiver, String phone, String email, String country, String index, String region,
                          String city, String metro, String street, String building, String entrance, String floor,
                          String room, String comment, String textAddress) {}

    public record Item(long id, long productId, String article, String name, int count, BigDecimal price,
                       BigDecimal cost, BigDecimal weight) {}

    public OrderSnapshot withStatus(int newStatus) {
        return new OrderSnapshot(id, num, userId, newStatus, createdOn, cost, cartCost, deliveryCost, weight,
                delivery, payment, orderComment, address, items, customer);
    }
}
