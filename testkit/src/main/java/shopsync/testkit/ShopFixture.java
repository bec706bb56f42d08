package shopsync.testkit;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes to the shop database exactly the way MODX + miniShop2 4.x do: one autocommitted statement per
 * object, in miniShop2's order (see {@code minishop2-frontpad.md} §3). Tests and the demo speak the shop's
 * real dialect through this class instead of inventing rows.
 */
public final class ShopFixture implements AutoCloseable {
    public static final int STATUS_NEW = 1;
    public static final int STATUS_PAID = 2;
    public static final int STATUS_SENT = 3;
    public static final int STATUS_CANCELLED = 4;
    public static final int STATUS_DRAFT = 5;

    private final Connection connection;
    private final String prefix;

    public ShopFixture(Connection connection, String tablePrefix) throws SQLException {
        this.connection = connection;
        this.prefix = tablePrefix;
        connection.setAutoCommit(true);
    }

    public static ShopFixture connect(PrivateMariaDb db) {
        try {
            return new ShopFixture(db.appConnection(), "modx_");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the shop database", e);
        }
    }

    /** A product page with its msProductData row. */
    public long addProduct(String article, String name, BigDecimal price, BigDecimal weightKg) {
        long id = insert("INSERT INTO " + prefix + "site_content (pagetitle, description, class_key, parent, published, "
                + "createdon) VALUES (?, '', 'msProduct', 0, 1, UNIX_TIMESTAMP())", name);
        update("INSERT INTO " + prefix + "ms2_products (id, article, price, weight) VALUES (?, ?, ?, ?)",
                id, article, price, weightKg);
        return id;
    }

    /**
     * A miniShop2 category ({@code msCategory} resource, a folder) under {@code parent} (0: the site root), published,
     * with the friendly URL MODX gives it.
     */
    public long addCategory(String name, long parent, String uri) {
        return insert("INSERT INTO " + prefix + "site_content (pagetitle, description, class_key, parent, isfolder, published, uri, "
                + "createdon, publishedon) VALUES (?, '', 'msCategory', ?, 1, 1, ?, UNIX_TIMESTAMP(), UNIX_TIMESTAMP())", name, parent, uri);
    }

    /** A vendor ({@code ms2_vendors}), as the miniShop2 settings page adds it. */
    public long addVendor(String name) {
        return insert("INSERT INTO " + prefix + "ms2_vendors (name, resource, country) VALUES (?, 0, '')", name);
    }

    /**
     * A product page and its msProductData row as the manager's product form saves them: the resource in its category,
     * then the data row with the resource's id.
     */
    public long addProduct(Product p) {
        long id = insert("INSERT INTO " + prefix + "site_content (pagetitle, description, class_key, parent, published, uri, "
                + "createdon, publishedon) VALUES (?, '', 'msProduct', ?, ?, ?, UNIX_TIMESTAMP(), UNIX_TIMESTAMP())",
                p.name(), p.category(), p.published() ? 1 : 0, p.uri());
        update("INSERT INTO " + prefix + "ms2_products (id, article, price, weight, remains, image, vendor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, p.article(), p.price(), p.weight(), p.remains(), p.image(), p.vendor());
        return id;
    }

    /**
     * An msOptionsPrice2 modification of a product as its manager grid saves it: the modification row, then one
     * option row per chosen option ({@code msop_modification_options}: modification, product, key, value).
     *
     * @param type 1: {@code price} is the price; 2: added to the product's; 3: taken from it (a number, or "10%")
     */
    public long addModification(long productId, String name, int type, String price, String article, int count, Map<String, String> options) {
        long id = insert("INSERT INTO " + prefix + "msop_modifications (name, rid, type, price, article, weight, count, active, `rank`) "
                + "VALUES (?, ?, ?, ?, ?, 0, ?, 1, 0)", name, productId, type, price, article, count);
        options.forEach((key, value) -> update("INSERT INTO " + prefix + "msop_modification_options (mid, rid, `key`, value) "
                + "VALUES (?, ?, ?, ?)", id, productId, key, value));
        return id;
    }

    /** The product form saves a new price: xPDO writes the changed column of the data row only. */
    public void setProductPrice(long productId, BigDecimal price) {
        update("UPDATE " + prefix + "ms2_products SET price = ? WHERE id = ?", price, productId);
    }

    /** A stock change of the product ({@code ms2_products.remains}, miniShop2 4.x). */
    public void setProductRemains(long productId, int remains) {
        update("UPDATE " + prefix + "ms2_products SET remains = ? WHERE id = ?", remains, productId);
    }

    /** A stock change of a modification ({@code msop_modifications.count}). */
    public void setModificationCount(long modificationId, int count) {
        update("UPDATE " + prefix + "msop_modifications SET count = ? WHERE id = ?", count, modificationId);
    }

    /** The manager unpublishes a resource (product or category). */
    public void unpublish(long resourceId) {
        update("UPDATE " + prefix + "site_content SET published = 0, editedon = UNIX_TIMESTAMP() WHERE id = ?", resourceId);
    }

    public long addDelivery(String name) {
        return insert("INSERT INTO " + prefix + "ms2_deliveries (name, price, active) VALUES (?, '0', 1)", name);
    }

    public long addPayment(String name) {
        return insert("INSERT INTO " + prefix + "ms2_payments (name, active) VALUES (?, 1)", name);
    }

    /** {@code msOrderHandler::getCustomerId()} for a new customer: the user, then the profile. */
    public long newCustomer(Customer customer) {
        long userId = insert("INSERT INTO " + prefix + "users (username, password, class_key, active, hash_class, salt, "
                + "primary_group, createdon) VALUES (?, 'x', 'modUser', 1, 'hashing.modNative', '', 0, UNIX_TIMESTAMP())",
                customer.email());
        update("INSERT INTO " + prefix + "user_attributes (internalKey, fullname, email, phone, mobilephone, address, "
                + "comment) VALUES (?, ?, ?, '', ?, '', '')", userId, customer.fullname(), customer.email(), customer.phone());
        return userId;
    }

    /** A web checkout ({@code msOrderHandler::submit()}, session cart storage): returns the order id. */
    public long placeOrder(long userId, Order order) {
        long orderId = insertOrderRowsAtStatusZero(userId, order);
        changeStatus(orderId, STATUS_NEW, userId);
        return orderId;
    }

    /** A checkout that never got its status: the order stays at status 0, as an abandoned submit does. */
    public long abandonOrder(long userId, Order order) {
        return insertOrderRowsAtStatusZero(userId, order);
    }

    /** {@code miniShop2::changeOrderStatus()}: UPDATE of the status column alone, then a log row. */
    public void changeStatus(long orderId, int status, long byUserId) {
        update("UPDATE " + prefix + "ms2_orders SET status = ? WHERE id = ?", status, orderId);
        update("INSERT INTO " + prefix + "ms2_order_logs (user_id, order_id, timestamp, action, entry, ip) "
                + "VALUES (?, ?, ?, 'status', ?, ?)", byUserId, orderId, Timestamp.valueOf(LocalDateTime.now().withNano(0)),
                String.valueOf(status), "{\"ip\":\"127.0.0.1\",\"suspected\":[],\"network\":[]}");
    }

    /** The manager's order window: a full UPDATE of the row with the old status, {@code updatedon} set. */
    public void managerEditComment(long orderId, String orderComment) {
        update("UPDATE " + prefix + "ms2_orders SET order_comment = ?, updatedon = ? WHERE id = ?", orderComment,
                Timestamp.valueOf(LocalDateTime.now().withNano(0)), orderId);
    }

    /** The ids of an order's lines ({@code ms2_order_products.id}), in insertion order. */
    public List<Long> lineIds(long orderId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM " + prefix + "ms2_order_products WHERE order_id = ? ORDER BY id")) {
            ps.setLong(1, orderId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The order's miniShop2 number ({@code 2612/3}), which modRetailCRM made its RetailCRM {@code externalId} from. */
    public String num(long orderId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT num FROM " + prefix + "ms2_orders WHERE id = ?")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalArgumentException("no order " + orderId);
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manager's order window changes one line's quantity: the line's count and cost, then the order's costs. */
    public void managerChangeLineCount(long orderId, long lineId, int count) {
        update("UPDATE " + prefix + "ms2_order_products SET count = ?, cost = price * ? WHERE id = ?", count, count, lineId);
        update("UPDATE " + prefix + "ms2_orders o SET cart_cost = (SELECT SUM(cost) FROM " + prefix + "ms2_order_products p "
                + "WHERE p.order_id = o.id), cost = cart_cost + delivery_cost, updatedon = ? WHERE id = ?",
                Timestamp.valueOf(LocalDateTime.now().withNano(0)), orderId);
    }

    public int status(long orderId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT status FROM " + prefix + "ms2_orders WHERE id = ?")) {
            ps.setLong(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalArgumentException("no order " + orderId);
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long insertOrderRowsAtStatusZero(long userId, Order order) {
        BigDecimal cartCost = order.items().stream().map(i -> i.price().multiply(BigDecimal.valueOf(i.count())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal weight = order.items().stream().map(i -> i.weight().multiply(BigDecimal.valueOf(i.count())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        LocalDateTime now = LocalDateTime.now().withNano(0);
        long orderId = insert("INSERT INTO " + prefix + "ms2_orders (user_id, session_id, createdon, num, cost, cart_cost, "
                + "delivery_cost, weight, status, delivery, payment, context, order_comment, properties, type) "
                + "VALUES (?, '', ?, ?, ?, ?, ?, ?, 0, ?, ?, 'web', ?, '[]', 0)",
                userId, Timestamp.valueOf(now), nextNum(now), cartCost.add(order.deliveryCost()), cartCost,
                order.deliveryCost(), weight, order.delivery(), order.payment(), order.orderComment());
        Address a = order.address();
        update("INSERT INTO " + prefix + "ms2_order_addresses (order_id, user_id, createdon, receiver, phone, email, country, "
                + "`index`, region, city, metro, street, building, entrance, floor, room, comment, text_address, properties) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')",
                orderId, userId, Timestamp.valueOf(now), a.receiver(), a.phone(), a.email(), a.country(), a.index(),
                a.region(), a.city(), a.metro(), a.street(), a.building(), a.entrance(), a.floor(), a.room(), a.comment(),
                a.textAddress());
        for (Item item : order.items()) {
            update("INSERT INTO " + prefix + "ms2_order_products (product_id, order_id, name, count, price, weight, cost, "
                    + "options, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]')",
                    item.productId(), orderId, item.name(), item.count(), item.price(), item.weight(),
                    item.price().multiply(BigDecimal.valueOf(item.count())), item.options());
        }
        return orderId;
    }

    /** miniShop2's {@code getNewOrderNum()}: {@code %y%m} + '/' + (last number of this month + 1); not unique. */
    private String nextNum(LocalDateTime now) {
        String month = now.format(DateTimeFormatter.ofPattern("yyMM"));
        try (PreparedStatement ps = connection.prepareStatement("SELECT num FROM " + prefix
                + "ms2_orders WHERE num LIKE ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, month + "/%");
            try (ResultSet rs = ps.executeQuery()) {
                int last = rs.next() ? Integer.parseInt(rs.getString(1).substring(month.length() + 1)) : 0;
                return month + "/" + (last + 1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long insert(String sql, Object... args) {
        try (PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    public record Customer(String email, String fullname, String phone) {}

    public record Address(String receiver, String phone, String email, String country, String index, String region,
                          String city, String metro, String street, String building, String entrance, String floor,
                          String room, String comment, String textAddress) {}

    public record Item(long productId, String name, int count, BigDecimal price, BigDecimal weight, String options) {
        public Item(long productId, String name, int count, BigDecimal price, BigDecimal weight) {
            this(productId, name, count, price, weight, "[]");
        }

        /**
         * A line of an msOptionsPrice2 modification: its {@code msOnBeforeAddToCart} plugin puts the modification id into
         * the cart item's options, which miniShop2 stores as the line's {@code options} JSON.
         */
        public static Item ofModification(long productId, long modificationId, String name, int count, BigDecimal price) {
            return new Item(productId, name, count, price, BigDecimal.ZERO, "{\"modification\":\"" + modificationId + "\"}");
        }
    }

    /**
     * A product as the manager's form fills it in.
     *
     * @param category the resource it sits in (its {@code parent})
     * @param remains its stock ({@code ms2_products.remains})
     * @param image the path miniShop2 stores for its first picture, or null
     * @param vendor {@code ms2_vendors.id}, or 0
     */
    public record Product(String article, String name, BigDecimal price, BigDecimal weight, long category, String uri, int remains,
                          String image, long vendor, boolean published) {}

    public record Order(long delivery, long payment, BigDecimal deliveryCost, String orderComment, Address address,
                        List<Item> items) {}
}
